import type { ChatOwner, ChatPeople } from '../ports/chat-views.js';
import type { Actor } from '../services/chat-actions/action-result.js';
import type { ChatPerson } from './interaction.js';

/**
 * Who acts, as arbot knows them: by the chat id the owners import gave (or one remembered), else by the email the
 * platform has for them, which is then remembered as their chat id. The local workspace's ids are not Slack's,
 * so there people are found by email and nothing is remembered. Unknown people get ownerId null: they may look,
 * not act.
 */
export async function resolveActor(people: ChatPeople, person: ChatPerson): Promise<Actor> {
  const platformId = `${person.platform}:${person.userId}`;
  const linkable = person.platform === 'local' ? null : person.platform;
  const known = linkable !== null && person.chatId !== null ? await people.byChatId(linkable, person.chatId) : null;
  const owner = known ?? (await byEmail(people, person, linkable));
  if (!owner) return { ownerId: null, email: null, name: person.name, team: null, approver: false, platformId };
  return { ownerId: owner.id, email: owner.email, name: owner.name || owner.email, team: owner.team, approver: owner.approver, platformId };
}

async function byEmail(people: ChatPeople, person: ChatPerson, linkable: 'slack' | 'teams' | null): Promise<ChatOwner | null> {
  // A platform that cannot say (missing scope, no roster access) only means arbot cannot tell who this is.
  const email = await person.email().catch(() => null);
  if (!email) return null;
  if (linkable !== null && person.chatId !== null) return people.linkChatId(linkable, email, person.chatId);
  return people.byEmail(email);
}
