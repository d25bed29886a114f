import { isCalendarDate } from '../../src/domain/calendar-date.js';
import { backOffSurrogate } from '../wording/plain-text.js';
import { escapeTeamsMarkdown, truncateText } from './teams-markdown.js';

// The subset of Adaptive Cards 1.5 arbot writes, typed, and Teams' limits on what a bot may send. Builders return
// plain JSON; tests validate every card against the Adaptive Card 1.5 JSON schema (test/fixtures/teams).

export const cardSchemaUrl = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Teams supports Adaptive Cards up to 1.5 in bot messages on every client (desktop, web, mobile). */
export const cardVersion = '1.5';

export const teamsCardLimits = {
  /** A bot message (card and activity envelope together) may not exceed about 28 KB; keep the card under 24 KB. */
  payloadBytes: 24 * 1024,
  /** Teams shows at most six actions in an action set (the rest are hidden behind an overflow menu). */
  actionsPerSet: 6,
  /** Header and button text stay short enough to fit one line on a phone. */
  headerText: 150,
  actionTitle: 40,
  textBlock: 3000,
  factTitle: 60,
  factValue: 1000,
  facts: 12,
  choices: 50,
  inputMaxLength: 3000,
} as const;

export interface TextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap: true;
  readonly size?: 'Small' | 'Default' | 'Medium' | 'Large';
  readonly weight?: 'Default' | 'Bolder';
  readonly isSubtle?: boolean;
  readonly color?: 'Default' | 'Attention' | 'Warning' | 'Good' | 'Accent';
  readonly spacing?: 'None' | 'Small' | 'Medium';
  readonly style?: 'heading';
}

export interface FactSet {
  readonly type: 'FactSet';
  readonly facts: readonly { readonly title: string; readonly value: string }[];
}

export interface Container {
  readonly type: 'Container';
  readonly items: readonly CardElement[];
  readonly style?: 'default' | 'emphasis' | 'attention' | 'warning';
  readonly separator?: boolean;
}

export interface ActionSet {
  readonly type: 'ActionSet';
  readonly actions: readonly CardAction[];
}

export interface InputText {
  readonly type: 'Input.Text';
  readonly id: string;
  readonly label: string;
  readonly isMultiline?: boolean;
  readonly maxLength?: number;
  readonly placeholder?: string;
  /** What the input starts with (plain text, never parsed as markdown); the person can change it. */
  readonly value?: string;
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
}

export interface InputDate {
  readonly type: 'Input.Date';
  readonly id: string;
  readonly label: string;
  /** YYYY-MM-DD. */
  readonly value?: string;
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
}

export interface InputChoiceSet {
  readonly type: 'Input.ChoiceSet';
  readonly id: string;
  readonly label: string;
  readonly choices: readonly { readonly title: string; readonly value: string }[];
  readonly value?: string;
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
  readonly style?: 'compact' | 'expanded';
}

/** An image Teams loads from `url` (HTTPS, at most 1024×1024 and 1 MB: src/domain/charts/chart-limits.ts). */
export interface ImageElement {
  readonly type: 'Image';
  readonly url: string;
  readonly altText: string;
  readonly size?: 'Auto' | 'Stretch' | 'Small' | 'Medium' | 'Large';
}

export type CardElement = TextBlock | FactSet | Container | ActionSet | InputText | InputDate | InputChoiceSet | ImageElement;

/** A universal action: Teams sends an `adaptiveCard/action` invoke with `verb` and `data` (inputs merged in). */
export interface ExecuteAction {
  readonly type: 'Action.Execute';
  readonly title: string;
  readonly verb: string;
  readonly data: Readonly<Record<string, string>>;
  readonly style?: 'positive' | 'destructive';
}

export interface ShowCardAction {
  readonly type: 'Action.ShowCard';
  readonly title: string;
  readonly card: AdaptiveCard;
}

export type CardAction = ExecuteAction | ShowCardAction;

/** A mention: the text `<at>Name</at>` in the card, and who it notifies. */
export interface MentionEntity {
  readonly type: 'mention';
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string };
}

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema?: string;
  readonly version: string;
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardAction[];
  readonly fallbackText?: string;
  /** Teams' host extension (outside the Adaptive Card schema): full width, and the mentions' entities. */
  readonly msteams?: { readonly width: 'Full'; readonly entities?: readonly MentionEntity[] };
}

/** What a builder returns: the card, and the one-line summary Teams shows in notifications and the chat list. */
export interface TeamsCard {
  readonly card: AdaptiveCard;
  readonly summary: string;
}

const nonEmpty = (text: string) => (text.trim() === '' ? '—' : text);

export function textBlock(text: string, opts: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock {
  return { type: 'TextBlock', text: truncateText(nonEmpty(text), teamsCardLimits.textBlock), wrap: true, ...opts };
}

/** The card's title line. Header text is arbot's own wording around escaped data. */
export function headerBlock(text: string): TextBlock {
  return textBlock(truncateText(text, teamsCardLimits.headerText), { size: 'Medium', weight: 'Bolder', style: 'heading' });
}

export function noteBlock(text: string): TextBlock {
  return textBlock(text, { size: 'Small', isSubtle: true });
}

/** Label/value facts (at most 12). Titles are arbot's own; values must be escaped by the caller. */
export function factSet(facts: readonly (readonly [string, string])[]): FactSet {
  return {
    type: 'FactSet',
    facts: facts.slice(0, teamsCardLimits.facts).map(([title, value]) => ({
      title: truncateText(title, teamsCardLimits.factTitle),
      value: truncateText(nonEmpty(value), teamsCardLimits.factValue),
    })),
  };
}

/** An action set; more than Teams shows is a programming error, so the extras are dropped, never sent. */
export function actionSet(actions: readonly CardAction[]): ActionSet {
  return { type: 'ActionSet', actions: actions.slice(0, teamsCardLimits.actionsPerSet) };
}

export function execute(title: string, verb: string, data: Record<string, string>, style?: ExecuteAction['style']): ExecuteAction {
  return { type: 'Action.Execute', title: truncateText(title, teamsCardLimits.actionTitle), verb, data, ...(style ? { style } : {}) };
}

/** A button that unfolds a small form (Teams' counterpart of a Slack modal), submitted with `submit`. */
export function showCard(title: string, inputs: readonly CardElement[], submit: ExecuteAction): ShowCardAction {
  return {
    type: 'Action.ShowCard',
    title: truncateText(title, teamsCardLimits.actionTitle),
    card: { type: 'AdaptiveCard', version: cardVersion, body: inputs, actions: [submit] },
  };
}

/** `value`: a starting answer, cut to `maxLength` (it is what gets submitted, so no "…" is added). */
export function textInput(
  id: string, label: string, opts: { maxLength: number; multiline?: boolean; placeholder?: string; required?: string; value?: string | null },
): InputText {
  return {
    type: 'Input.Text', id, label, maxLength: opts.maxLength,
    ...(opts.multiline ? { isMultiline: true } : {}),
    ...(opts.placeholder === undefined ? {} : { placeholder: opts.placeholder }),
    ...(opts.value ? { value: opts.value.length <= opts.maxLength ? opts.value : opts.value.slice(0, backOffSurrogate(opts.value, opts.maxLength)) } : {}),
    ...(opts.required === undefined ? {} : { isRequired: true, errorMessage: opts.required }),
  };
}

/** `value`: a starting date, kept only when it is a real YYYY-MM-DD date (Teams shows anything else as empty or invalid). */
export function dateInput(id: string, label: string, required?: string, value?: string | null): InputDate {
  return {
    type: 'Input.Date', id, label,
    ...(value && isCalendarDate(value) ? { value } : {}),
    ...(required === undefined ? {} : { isRequired: true, errorMessage: required }),
  };
}

/**
 * A whole card: full width in Teams, with the mentions its text contains. `fallbackText` (plain, escaped here) is
 * what clients that cannot render the card show.
 */
export function adaptiveCard(body: readonly CardElement[], opts: { fallbackText: string; mentions?: readonly MentionEntity[]; actions?: readonly CardAction[] }): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: cardSchemaUrl,
    version: cardVersion,
    body,
    ...(opts.actions && opts.actions.length > 0 ? { actions: opts.actions.slice(0, teamsCardLimits.actionsPerSet) } : {}),
    fallbackText: truncateText(escapeTeamsMarkdown(opts.fallbackText), 1000),
    msteams: { width: 'Full', ...(opts.mentions && opts.mentions.length > 0 ? { entities: opts.mentions } : {}) },
  };
}

/** The card's size as sent (UTF-8 bytes of its JSON). */
export const cardBytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card), 'utf8');
