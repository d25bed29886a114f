import type { InvoiceFacts } from '../../src/views/alert-view.js';
import { invoiceFacts as invoiceFactsWords, invoiceLine as invoiceLineWords, reminderText as reminderWords, stepWords, utcMinuteText, type Fact } from '../wording/invoice-wording.js';
import { escapeTeamsMarkdown, teamsMarks } from './teams-markdown.js';

// The shared invoice wording (blocks/wording/invoice-wording.ts) in Teams markdown. Teams' own part is the date,
// shown in UTC.

/** A cadence step key as escaped words: "final_notice" → "final notice". */
export const stepLabel = (step: string): string => escapeTeamsMarkdown(stepWords(step));

/**
 * An ISO instant as "2026-03-02 09:00 UTC"; anything else as given (escaped).
 * @example instantText('2026-03-02T09:00:00.000Z') // "2026-03-02 09:00 UTC"
 */
export const instantText = (value: string): string => utcMinuteText(value) ?? escapeTeamsMarkdown(value);

/** "final notice, sent 2026-03-02 09:00 UTC · delivered" or "none yet". */
export const reminderText = (last: InvoiceFacts['lastReminder']): string => reminderWords(last, teamsMarks, instantText);

/** Facts as a FactSet takes them. */
export const factPairs = (facts: readonly Fact[]): [string, string][] => facts.map((f) => [f.label, f.value]);

/** The invoice as facts: who, which, how much, how late, what was sent, what is pending. */
export const invoiceFacts = (invoice: InvoiceFacts): [string, string][] => factPairs(invoiceFactsWords(invoice, teamsMarks, instantText));

/** One line of a list: "**INV-1** · €1,234.50 · due 2026-03-01 (12 days overdue)". */
export const invoiceLine = (invoice: Pick<InvoiceFacts, 'number' | 'amountDue' | 'dueDate' | 'daysOverdue'>): string => invoiceLineWords(invoice, teamsMarks);
