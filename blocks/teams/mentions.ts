import type { OwnerRef } from '../../src/views/alert-view.js';
import type { MentionEntity } from './adaptive-card.js';
import { escapeTeamsMarkdown } from './teams-markdown.js';

/** Teams ids are AAD object ids (GUIDs) or bot-framework user ids (29:…). Anything else came from bad data. */
const teamsUserId = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|29:[A-Za-z0-9_-]{10,200})$/i;

/**
 * Names owners in one card: a real mention (`<at>Name</at>` plus its entity, which notifies them) when their Teams
 * id is known (by email, `teamsIds`), else their escaped name. Collects the entities the card must carry.
 * Teams matches an entity to the card's text by its `<at>…</at>` text, so two people with the same display name
 * would share one entity and only one of them be notified: the second gets their team ("Ana Martin (delivery)"),
 * then a number, so every person's mention text is unique in the card.
 * @example const m = new Mentions(new Map([['ana@x.example', '6b3c…']])); m.name(ana) // "<at>Ana</at>"
 */
export class Mentions {
  readonly #ids: ReadonlyMap<string, string>;
  readonly #entities = new Map<string, MentionEntity>();
  /** The mention text given to each Teams id, so one person keeps one text however often they are named. */
  readonly #textOf = new Map<string, string>();

  constructor(teamsIds: ReadonlyMap<string, string> = new Map()) {
    this.#ids = teamsIds;
  }

  name(owner: OwnerRef | null): string {
    if (owner === null) return 'no owner';
    const label = escapeTeamsMarkdown(owner.name.trim() || owner.email);
    const id = this.#ids.get(owner.email);
    if (id === undefined || !teamsUserId.test(id)) return label;
    const known = this.#textOf.get(id);
    if (known !== undefined) return known;
    const taken = (t: string) => this.#entities.has(`<at>${t}</at>`);
    let shown = label;
    if (taken(shown)) shown = `${label} (${owner.team})`;
    for (let n = 2; taken(shown); n++) shown = `${label} (${n})`;
    const text = `<at>${shown}</at>`;
    this.#entities.set(text, { type: 'mention', text, mentioned: { id, name: shown } });
    this.#textOf.set(id, text);
    return text;
  }

  get entities(): MentionEntity[] {
    return [...this.#entities.values()];
  }
}
