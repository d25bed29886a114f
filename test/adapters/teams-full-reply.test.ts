import { TestAdapter, type Activity } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArbotTeamsBot } from '../../adapters/teams/teams-bot.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import type { Interaction, Outcome } from '../../src/chat/interaction.js';
import { subject } from '../../src/domain/subject.js';
import { actionIds } from '../../src/views/control-ids.js';
import { quietLog } from '../support/cadence-ledger.js';
import { cardActionInvoke, teamsIds, type TeamsPerson } from '../support/fake-teams-activities.js';
import { memoryChatMessages } from '../support/memory-chat-messages.js';
import { hostileReplyText, reply } from '../blocks/teams/reply-fixtures.js';

// "Full reply" on a reply card in a channel thread, through the bot on botbuilder's TestAdapter: the verb and data
// reach the chat core as a show_reply action, and the `show` outcome answers the invoke with the whole reply as a
// card (for the clicker). The core is a fake at its port: what it decides is tested with the core.

const ana: TeamsPerson = { id: '29:1fullreply000000000000000000000000000000001', aadObjectId: '00000001-ffff-4bbb-8ccc-000000000001', name: 'Ana Costa', email: 'ana@arbot.example' };
const serviceUrl = 'http://127.0.0.1:9/';
const fullText = `${hostileReplyText}\n${'The rest of a long email. '.repeat(200)}THE END`;

const handled: Interaction[] = [];
let adapter: TestAdapter;

function fakeCore(): ChatCore {
  return {
    async handle(interaction): Promise<Outcome> {
      handled.push(interaction);
      const a = interaction.action;
      if (a.type === 'show_reply' && a.replyId === 901n) return { kind: 'show', shown: { show: 'reply', reply: reply({ text: fullText.slice(0, 1500), cut: true }), fullText } };
      return { kind: 'refused', code: 'not_found', message: 'this reply no longer exists' };
    },
    async redraw() {},
    addSurface() {},
    views: { subjectView: async () => null } as unknown as ChatCore['views'],
    people: { teamsIds: async () => new Map() } as unknown as ChatCore['people'],
    log: quietLog,
    now: () => new Date('2026-03-20T10:00:00Z'),
    zone: 'Europe/Paris',
  };
}

async function click(verb: string, data: unknown) {
  const where = { serviceUrl, conversationId: `${teamsIds.salesChannel};messageid=1:parent`, replyToId: '1:reply' };
  await adapter.processActivity(cardActionInvoke(ana, where, verb, data) as unknown as Partial<Activity>);
  const answer = adapter.activeQueue.splice(0).find((r) => r.type === 'invokeResponse')?.value as { status: number; body: { type: string; value: unknown } };
  return answer;
}

beforeAll(async () => {
  const messages = memoryChatMessages();
  await messages.remember('teams', subject('reply', 901n), teamsIds.salesChannel, '1:reply', '1:parent');
  // A click reads no conversation reference (it is answered, not posted): the store is never reached.
  const bot = new ArbotTeamsBot({ core: fakeCore(), messages, conversations: null as never, log: quietLog });
  adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' });
});

describe('"Full reply" on Teams', () => {
  it('answers the click with the whole reply as a card, escaped, with its controls and no "Full reply"', async () => {
    const answer = await click(actionIds.fullReply, { rp: '901' });
    expect(handled.at(-1)?.action).toEqual({ type: 'show_reply', replyId: 901n });
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = JSON.stringify(answer.body.value);
    expect(card).toContain('THE END');
    expect(card).not.toContain('<script>');
    expect(card).toContain(actionIds.answerReply);
    expect(card).not.toContain(actionIds.fullReply);
  });

  it('says why when the reply is gone', async () => {
    const answer = await click(actionIds.fullReply, { rp: '902' });
    expect(answer.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'this reply no longer exists' });
  });

  it('refuses a forged reply id before it reaches the core', async () => {
    const before = handled.length;
    const answer = await click(actionIds.fullReply, { rp: '1; DROP TABLE' });
    expect(answer.status).toBe(400);
    expect(handled).toHaveLength(before);
  });
});
