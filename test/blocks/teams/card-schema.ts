import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { cardBytes, teamsCardLimits, type AdaptiveCard } from '../../../blocks/teams/adaptive-card.js';
import { parseActionData } from '../../../blocks/teams/action-data.js';

// The Adaptive Card 1.5 JSON schema, vendored from microsoft/AdaptiveCards (test/fixtures/teams/README.md), and
// Teams' own limits: what a card must satisfy before arbot sends it.

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validate) return validate;
  const schema = JSON.parse(readFileSync(new URL('../../fixtures/teams/adaptive-card.schema.1.5.0.json', import.meta.url), 'utf8'));
  // draft-06 with a draft-04 style `id`: Ajv 8 validates it as its default draft once both meta keys are dropped.
  delete schema.$schema;
  delete schema.id;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (v: string) => URL.canParse(v));
  ajv.addFormat('uri-reference', () => true);
  ajv.addFormat('color', /^#[0-9a-f]{6,8}$/i);
  validate = ajv.compile(schema);
  return validate;
}

type Node = Record<string, unknown>;

/** Every object in the card, depth first. */
export function nodes(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) value.forEach((v) => nodes(v, out));
  else if (value !== null && typeof value === 'object') {
    out.push(value as Node);
    Object.values(value).forEach((v) => nodes(v, out));
  }
  return out;
}

/** Text people see (TextBlocks, facts), joined. */
export const visibleText = (card: AdaptiveCard) => nodes(card.body).flatMap((n) =>
  n.type === 'TextBlock' ? [String(n.text)] : n.title !== undefined && n.value !== undefined && n.type === undefined ? [String(n.title), String(n.value)] : []).join('\n');

/**
 * What is wrong with a card: schema errors (the `msteams` host extension is Teams', outside the Adaptive Card
 * schema, and checked on its own), size, actions per set, unique input ids, verbs and data arbot can read back,
 * and mentions without their entity.
 */
export function cardViolations(card: AdaptiveCard): string[] {
  const out: string[] = [];
  const { msteams, ...plain } = card;
  const validate = validator();
  if (!validate(plain)) {
    out.push(...new Set((validate.errors ?? []).map((e) => `schema: ${e.instancePath || '/'} ${e.message}`)));
  }
  if (card.version !== '1.5') out.push(`version ${card.version}`);
  if (msteams?.width !== 'Full') out.push('msteams.width is not Full');
  const bytes = cardBytes(card);
  if (bytes > teamsCardLimits.payloadBytes) out.push(`payload ${bytes} bytes > ${teamsCardLimits.payloadBytes}`);
  const all = nodes(card);
  for (const n of all) {
    if (Array.isArray(n.actions) && n.actions.length > teamsCardLimits.actionsPerSet) out.push(`${n.actions.length} actions in one set`);
    if (n.type === 'Action.Execute') {
      const sample: Record<string, unknown> = { ...(n.data as object) };
      // Inputs merge into data; the form's required ones get a plausible value to check the data is readable.
      const parsed = parseActionData(n.verb, { status: 'resolved', dispute_reason: 'other', plan_count: '2', plan_first_date: '2026-04-01', plan_interval: 'monthly', ...sample });
      if (!parsed.ok) out.push(`Action.Execute ${String(n.verb)} ${JSON.stringify(n.data)}: ${parsed.reason}`);
    }
    if (n.type === 'TextBlock' && String(n.text).length > teamsCardLimits.textBlock) out.push(`TextBlock of ${String(n.text).length} characters`);
  }
  const ids = all.filter((n) => String(n.type).startsWith('Input.')).map((n) => String(n.id));
  if (new Set(ids).size !== ids.length) out.push(`duplicate input ids: ${ids.join(', ')}`);
  const mentioned = new Set((msteams?.entities ?? []).map((e) => e.text));
  for (const tag of JSON.stringify(card.body).match(/<at>.*?<\/at>/g) ?? []) {
    if (!mentioned.has(tag)) out.push(`mention ${tag} without its entity`);
  }
  for (const e of msteams?.entities ?? []) {
    if (e.type !== 'mention' || !e.text.startsWith('<at>') || e.mentioned.id === '' || e.mentioned.name === '') out.push(`bad entity ${JSON.stringify(e)}`);
  }
  return out;
}
