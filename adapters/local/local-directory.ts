import type { LocalOwnerRow, LocalSlackStore } from '../../src/ports/local-slack-store.js';

/**
 * Who is in the local workspace and which channels it has. Users are arbot's owners, with ids `L<owner id>` (not
 * Slack-shaped, so arbot never mistakes them for Slack ids); each owner has a channel named for their team and
 * first name (`sales-ana`), and each team its own (`sales`, `delivery`, `finance`).
 */
export interface LocalUser {
  readonly id: string;
  readonly ownerId: bigint;
  readonly email: string;
  readonly name: string;
  readonly team: 'sales' | 'delivery' | 'finance';
  readonly approver: boolean;
  /** Their own alert channel. */
  readonly channel: string;
}

export const localBot = { userId: 'ULOCALBOT', botId: 'BLOCALBOT', token: 'xoxb-local', teamId: 'TLOCAL', appId: 'ALOCAL' } as const;
export const teamChannels = ['sales', 'delivery', 'finance'] as const;

export const localUserId = (ownerId: bigint | string) => `L${ownerId}`;

/** The owner id of a local user id, or null for anything else. */
export function ownerIdOf(userId: string): bigint | null {
  const m = /^L(\d{1,19})$/.exec(userId);
  return m ? BigInt(m[1]!) : null;
}

/** "Chloé Durand" → "chloe": lower-case ASCII letters and digits of the first name (else of the email). */
export function channelSlug(name: string, email: string): string {
  const first = (name.trim().split(/\s+/)[0] ?? '') || email.split('@')[0]!;
  const slug = first.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'owner';
}

/**
 * Local users from owner rows, ordered by team then name. Two owners with the same first name in one team get
 * their id appended to the second channel (`sales-ana-7`), so channel names stay unique.
 * @example localUsers([{ id: 1n, email: 'ana@x', name: 'Ana Martin', team: 'sales', approver: false }])[0].channel // "sales-ana"
 */
export function localUsers(rows: readonly LocalOwnerRow[]): LocalUser[] {
  const taken = new Set<string>(teamChannels);
  return [...rows].sort((a, b) => (a.id < b.id ? -1 : 1)).map((o) => {
    let channel = `${o.team}-${channelSlug(o.name, o.email)}`;
    if (taken.has(channel)) channel = `${channel}-${o.id}`;
    taken.add(channel);
    return { id: localUserId(o.id), ownerId: o.id, email: o.email, name: o.name || o.email, team: o.team, approver: o.approver, channel };
  }).sort((a, b) => a.team.localeCompare(b.team) || a.name.localeCompare(b.name));
}

/** Every owner as a local user (the ledger is small enough to read whole; owners change only on import). */
export async function loadLocalUsers(store: Pick<LocalSlackStore, 'owners'>): Promise<LocalUser[]> {
  return localUsers(await store.owners());
}
