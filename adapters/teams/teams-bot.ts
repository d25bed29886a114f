import { TeamsActivityHandler, type InvokeResponse, type TurnContext } from 'botbuilder';
import { handleCardAction } from './actions/index.js';
import { handleCommand } from './commands/index.js';
import { captureConversation, onInstallation, onMembershipChange } from './events/index.js';
import type { TeamsDeps } from './teams-context.js';

/**
 * Every arbot handler on one bot: conversation references on install and on every message, commands in messages,
 * and card actions (universal actions, `adaptiveCard/action` invokes). The HTTP adapter and botbuilder's
 * TestAdapter both run this, so they cannot drift apart.
 */
export class ArbotTeamsBot extends TeamsActivityHandler {
  readonly #deps: TeamsDeps;

  constructor(deps: TeamsDeps) {
    super();
    this.#deps = deps;
    this.onConversationUpdate(async (context, next) => {
      await onMembershipChange(deps, context);
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      await onInstallation(deps, context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await captureConversation(deps, context);
      // Action.Submit arrives as a message with a value: arbot's cards use Action.Execute, so this is an old card.
      if (context.activity.value !== undefined && !context.activity.text) {
        await context.sendActivity('This card is out of date: use the latest one arbot posted.');
      } else {
        await handleCommand(deps, context);
      }
      await next();
    });
  }

  /** Card actions are arbot's own: validated here rather than by botbuilder's parser, which throws on a bad value. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const response = await handleCardAction(this.#deps, context);
    return { status: response.statusCode, body: response };
  }
}
