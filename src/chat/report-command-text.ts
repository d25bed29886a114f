import { parseReviewArgs, parseTeamArgs } from '../domain/commands/report-args.js';
import type { ChatAction } from './chat-action.js';

/** The report commands: Slack's `/review`, `/team`; Teams' `@arbot review`, `@arbot team`. */
export const reportCommands = ['review', 'team'] as const;
export type ReportCommand = (typeof reportCommands)[number];

export const isReportCommand = (word: string): word is ReportCommand => (reportCommands as readonly string[]).includes(word);

/**
 * A report command's text as the action it asks for, the same on every surface; a text it cannot read gets the
 * usage (written with Slack's slash: Teams puts its own form in).
 * @example decodeReportCommand('review', '2026-03') // { ok: true, action: { type: 'show_review', month: '2026-03' } }
 * @example decodeReportCommand('team', ' ana ') // { ok: true, action: { type: 'show_team', owner: 'ana' } }
 */
export function decodeReportCommand(command: ReportCommand, text: string): { ok: true; action: ChatAction } | { ok: false; message: string } {
  if (command === 'team') return { ok: true, action: { type: 'show_team', owner: parseTeamArgs(text).owner } };
  const parsed = parseReviewArgs(text);
  return parsed.ok ? { ok: true, action: { type: 'show_review', month: parsed.month } } : parsed;
}
