// How a renderer writes data and emphasis into arbot's sentences. The wording in this folder is written once, in
// words only; each surface passes its own Marks (Slack mrkdwn in blocks/slack/mrkdwn.ts, Teams markdown in
// blocks/teams/teams-markdown.ts), so a sentence cannot say one thing on Slack and another on Teams.

/** Writes text arbot did not write (a customer name, a note) so that no markup can come out of it. */
export type Escape = (text: string) => string;

/** The pictures arbot puts before a line, by Slack's emoji code; Teams draws the same ones as characters. */
export type Icon =
  | 'alarm_clock' | 'ballot_box_with_check' | 'broken_heart' | 'bust_in_silhouette' | 'construction'
  | 'double_vertical_bar' | 'envelope' | 'grey_question' | 'hourglass' | 'inbox_tray' | 'mag' | 'memo'
  | 'no_entry_sign' | 'raised_hand' | 'raising_hand' | 'rotating_light' | 'warning' | 'white_check_mark' | 'x';

export interface Marks {
  /** Data as text. */
  readonly esc: Escape;
  /** Data (or arbot's own words, which escaping leaves as they are) in bold: `strong(esc(text))`. */
  readonly bold: Escape;
  /** Bold around text that is already written for the surface (escaped data with arbot's own words around it). */
  readonly strong: Escape;
  /** Arbot's own words in italics. */
  readonly italic: Escape;
  readonly icon: (name: Icon) => string;
  /** Shortens text to `max` characters the surface's way (never cutting its entities or pictures in half). */
  readonly cut: (text: string, max: number) => string;
}

/**
 * No markup at all: for texts a surface shows as they are (Slack headers, Teams summaries) and for tests.
 * @example plainMarks.bold('INV-7') // "INV-7"
 */
export const plainMarks = (icon: Marks['icon'], cut: Marks['cut']): Marks => ({ esc: same, bold: same, strong: same, italic: same, icon, cut });

const same = (text: string) => text;
