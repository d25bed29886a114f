import type { types } from '@slack/bolt';
import { truncate, truncatePlain } from './mrkdwn.js';

// Type-only: Bolt re-exports @slack/types, so the builders are checked against Slack's own definitions without a
// runtime import.
export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type ActionsBlock = types.ActionsBlock;
export type ContextBlock = types.ContextBlock;
export type Button = types.Button;
export type StaticSelect = types.StaticSelect;
export type PlainTextOption = types.PlainTextOption;
export type PlainTextElement = types.PlainTextElement;
export type MrkdwnElement = types.MrkdwnElement;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** A chat message: `text` is the notification and screen-reader fallback, `blocks` what people see. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** Block Kit limits arbot renders within (Slack's reference pages for each block, element and surface). */
export const blockKitLimits = {
  messageBlocks: 50,
  viewBlocks: 100,
  fallbackText: 3000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  /** A plain_text_input's max_length (Slack refuses a view asking for more). */
  inputMaxLength: 3000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
} as const;

/** Text objects need at least one character. */
const nonEmpty = (text: string) => (text.trim() === '' ? '—' : text);

/** A plain_text object cut to `max` (emoji codes shown as emoji). */
export function plainText(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncatePlain(nonEmpty(text), max), emoji: true };
}

/**
 * A mrkdwn object cut to `max`. `verbatim: true` stops Slack from auto-linking URLs and channel names and from
 * parsing bare mentions in the text, so only the `<@U…>` sequences arbot writes itself notify anyone.
 */
export function mrkdwnText(text: string, max: number = blockKitLimits.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(nonEmpty(text), max), verbatim: true };
}

export function headerBlock(text: string): KnownBlock {
  return { type: 'header', text: plainText(text, blockKitLimits.headerText) };
}

export function sectionBlock(text: string, accessory?: Button): SectionBlock {
  return { type: 'section', text: mrkdwnText(text), ...(accessory ? { accessory } : {}) };
}

/**
 * Text people typed (a note, a reason, a thread line), shown exactly as typed: the `text` elements of a rich_text
 * block are never parsed as mrkdwn, so `*bold*` stays `*bold*` and `<!channel>` pings nobody, with no look-alike
 * characters. An optional bold label goes first; the text is a quote, cut to the section limit.
 * @example literalTextBlock('*bold* _it_', { label: 'Note' })
 */
export function literalTextBlock(text: string, opts: { label?: string; quote?: boolean } = {}): KnownBlock {
  const body = text.length > blockKitLimits.sectionText ? `${text.slice(0, blockKitLimits.sectionText - 1)}…` : text;
  return {
    type: 'rich_text',
    elements: [
      ...(opts.label ? [{ type: 'rich_text_section' as const, elements: [{ type: 'text' as const, text: `${opts.label}:`, style: { bold: true } }] }] : []),
      { type: opts.quote === false ? 'rich_text_section' as const : 'rich_text_quote' as const, elements: [{ type: 'text' as const, text: body || ' ' }] },
    ],
  } as KnownBlock;
}

/** A section of label/value fields (at most 10, each cut to 2,000), with optional text above them. */
export function fieldsBlock(fields: readonly string[], text?: string): SectionBlock {
  return {
    type: 'section',
    ...(text === undefined ? {} : { text: mrkdwnText(text) }),
    fields: fields.slice(0, blockKitLimits.sectionFields).map((f) => mrkdwnText(f, blockKitLimits.fieldText)),
  };
}

export function contextBlock(texts: readonly string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, blockKitLimits.contextElements).map((t) => mrkdwnText(t, blockKitLimits.contextText)),
  };
}

export function dividerBlock(): KnownBlock {
  return { type: 'divider' };
}

export interface ButtonSpec {
  readonly text: string;
  readonly actionId: string;
  readonly value: string;
  readonly style?: 'primary' | 'danger';
}

export function button(spec: ButtonSpec): Button {
  return {
    type: 'button',
    text: plainText(spec.text, blockKitLimits.buttonText),
    action_id: spec.actionId,
    value: spec.value,
    ...(spec.style ? { style: spec.style } : {}),
  };
}

/** An actions block; more than 25 elements is a programming error, so the extras are dropped, never sent. */
export function actionsBlock(elements: readonly (Button | StaticSelect)[], blockId?: string): ActionsBlock {
  return {
    type: 'actions',
    ...(blockId === undefined ? {} : { block_id: blockId }),
    elements: elements.slice(0, blockKitLimits.actionsElements),
  };
}

/** A static_select option: plain-text label (≤ 75) and a value (≤ 150, checked by the caller's tests). */
export function option(label: string, value: string): PlainTextOption {
  return { text: plainText(label, blockKitLimits.optionText), value };
}
