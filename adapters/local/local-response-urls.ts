import { HttpError, readBody, sendJson } from '../http/respond.js';
import type { Route } from '../http/server.js';
import { isFromThisMachine } from './http-kit.js';
import type { SlackEmulator } from './slack-emulator/emulator.js';
import type { ResponseContext } from './slack-emulator/response-urls.js';

export type { ResponseContext } from './slack-emulator/response-urls.js';

const messages: Readonly<Record<string, string>> = {
  expired_url: 'this response_url is unknown or expired',
  used_url: 'this response_url was used five times already',
  invalid_payload: 'the body is not a JSON object',
  invalid_blocks: 'the blocks break Block Kit limits',
};

/** The response URLs of the local workspace, served at `/local/respond/<id>` by the Slack emulator. */
export class LocalResponseUrls {
  constructor(private readonly slack: SlackEmulator, private readonly origin: () => string) {}

  mint(context: ResponseContext): string {
    return `${this.origin()}/local/respond/${this.slack.mintResponseUrl(context)}`;
  }

  routes(): Route[] {
    return [{
      method: 'POST',
      path: /^\/local\/respond\/(?<id>[0-9a-f]{24})$/,
      handler: async (req, res, params) => {
        if (!isFromThisMachine(req)) throw new HttpError(403, 'forbidden', 'response URLs answer arbot itself only');
        const answer = await this.slack.respond(params.id ?? '', (await readBody(req, 1024 * 1024)).toString('utf8'));
        if (answer.status !== 200) {
          const code = String(answer.body.error);
          throw new HttpError(answer.status, code, answer.body.response_metadata?.messages?.[0] ?? messages[code] ?? code);
        }
        sendJson(res, 200, answer.body);
      },
    }];
  }
}
