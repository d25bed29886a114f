import mustache from 'mustache';
import { escapeHtml } from '../html-escape.js';
import { loadEmailTemplates, type EmailTemplates } from './load-templates.js';
import { howToPayView } from './reminder-email.js';
import { formatMoney } from '../../src/domain/money.js';
import { pickTemplateLanguage, formattingLocale } from './template-language.js';
import type { PlanEmailFacts, PlanEmailTemplate } from '../../src/ports/payment-plans.js';

const languages = ['en', 'fr'] as const;
type Lang = (typeof languages)[number];

interface Words {
  subject(f: PlanEmailFacts, amount: string, date: string): string;
  opening(f: PlanEmailFacts, amount: string, date: string): string;
  schedule: string;
  paid: string;
  closing: string;
  greeting: string;
  regards: string;
}

/**
 * The customer's portal on every other plan email (issue 20: the portal link is in every reminder): their payment
 * plan's schedule and every open invoice, where they can also pay or ask a question.
 */
const accountWords: Readonly<Record<Lang, (url: string) => string>> = {
  en: (url) => `Your account online (your payment plan and every open invoice; pay, or ask a question): ${url}`,
  fr: (url) => `Votre compte en ligne (votre échéancier et toutes les factures en attente ; payez ou posez une question) : ${url}`,
};

/** A proposal's note and the portal link where the customer answers it (plan_proposed only). */
const proposalWords: Readonly<Record<Lang, { note: (n: string) => string; answer: (url: string) => string; answerNoLink: string }>> = {
  en: {
    note: (n) => `A note from us: ${n}`,
    answer: (url) => `To accept or decline these dates, open your account page, section "Your payment plan": ${url}`,
    answerNoLink: 'To accept or decline these dates, please reply to this email.',
  },
  fr: {
    note: (n) => `Un mot de notre part : ${n}`,
    answer: (url) => `Pour accepter ou refuser ces dates, ouvrez votre espace client, rubrique « Votre échéancier » : ${url}`,
    answerNoLink: 'Pour accepter ou refuser ces dates, répondez à ce message.',
  },
};

const words: Readonly<Record<Lang, Readonly<Record<PlanEmailTemplate, Words>>>> = {
  en: {
    plan_approved: {
      subject: () => 'Your payment plan',
      opening: (f) => `Your payment plan for invoice${f.invoiceNumbers.length > 1 ? 's' : ''} ${f.invoiceNumbers.join(', ')} is agreed. The instalments are:`,
      schedule: '', paid: 'paid', closing: 'We will remind you a few days before each instalment. Reminders for these invoices are held while the plan is kept.',
      greeting: 'Hello,', regards: 'Kind regards,',
    },
    plan_refused: {
      subject: () => 'Your payment plan request',
      opening: (f) => `We cannot agree to the payment plan you asked for on invoice${f.invoiceNumbers.length > 1 ? 's' : ''} ${f.invoiceNumbers.join(', ')}. The reason: ${f.reason ?? ''}`,
      schedule: '', paid: 'paid', closing: 'Please reply to this email if you would like to discuss another arrangement.',
      greeting: 'Hello,', regards: 'Kind regards,',
    },
    plan_proposed: {
      subject: () => 'Other dates proposed for your payment plan',
      opening: (f) => `We cannot agree to the dates you asked for on invoice${f.invoiceNumbers.length > 1 ? 's' : ''} ${f.invoiceNumbers.join(', ')}, and we propose these instalments instead:`,
      schedule: '', paid: 'paid', closing: 'Until you accept, the invoices remain due on their original terms.',
      greeting: 'Hello,', regards: 'Kind regards,',
    },
    instalment_due: {
      subject: (_f, amount, date) => `Payment plan: ${amount} due on ${date}`,
      opening: (f, amount, date) => `Instalment ${f.instalmentNo ?? ''} of your payment plan, ${amount}, is due on ${date}.`,
      schedule: 'Your remaining schedule:', paid: 'paid', closing: 'If you have already paid it, thank you, and please disregard this reminder.',
      greeting: 'Hello,', regards: 'Kind regards,',
    },
    instalment_missed: {
      subject: (_f, amount, date) => `Payment plan: ${amount} due on ${date} not received`,
      opening: (f, amount, date) => `We have not received instalment ${f.instalmentNo ?? ''} of your payment plan, ${amount}, due on ${date}. Please pay it soon to keep the plan.`,
      schedule: 'Your remaining schedule:', paid: 'paid', closing: 'If you have already paid it, thank you, and please disregard this email.',
      greeting: 'Hello,', regards: 'Kind regards,',
    },
  },
  fr: {
    plan_approved: {
      subject: () => 'Votre échéancier de paiement',
      opening: (f) => `Votre échéancier pour ${f.invoiceNumbers.length > 1 ? 'les factures' : 'la facture'} ${f.invoiceNumbers.join(', ')} est accepté. Les échéances sont :`,
      schedule: '', paid: 'réglée', closing: 'Nous vous le rappellerons quelques jours avant chaque échéance. Les relances de ces factures sont suspendues tant que l\'échéancier est respecté.',
      greeting: 'Bonjour,', regards: 'Cordialement,',
    },
    plan_refused: {
      subject: () => 'Votre demande d\'échéancier',
      opening: (f) => `Nous ne pouvons pas accepter l'échéancier demandé pour ${f.invoiceNumbers.length > 1 ? 'les factures' : 'la facture'} ${f.invoiceNumbers.join(', ')}. Motif : ${f.reason ?? ''}`,
      schedule: '', paid: 'réglée', closing: 'Répondez à ce message si vous souhaitez convenir d\'un autre arrangement.',
      greeting: 'Bonjour,', regards: 'Cordialement,',
    },
    plan_proposed: {
      subject: () => 'D\'autres dates proposées pour votre échéancier',
      opening: (f) => `Nous ne pouvons pas accepter les dates demandées pour ${f.invoiceNumbers.length > 1 ? 'les factures' : 'la facture'} ${f.invoiceNumbers.join(', ')} et vous proposons plutôt ces échéances :`,
      schedule: '', paid: 'réglée', closing: 'Tant que vous n\'avez pas accepté, les factures restent dues selon leurs conditions d\'origine.',
      greeting: 'Bonjour,', regards: 'Cordialement,',
    },
    instalment_due: {
      subject: (_f, amount, date) => `Échéancier : ${amount} à régler le ${date}`,
      opening: (f, amount, date) => `L'échéance ${f.instalmentNo ?? ''} de votre échéancier, ${amount}, est à régler le ${date}.`,
      schedule: 'Vos échéances restantes :', paid: 'réglée', closing: 'Si vous l\'avez déjà réglée, merci de ne pas tenir compte de ce rappel.',
      greeting: 'Bonjour,', regards: 'Cordialement,',
    },
    instalment_missed: {
      subject: (_f, amount, date) => `Échéancier : ${amount} du ${date} non reçu`,
      opening: (f, amount, date) => `Nous n'avons pas reçu l'échéance ${f.instalmentNo ?? ''} de votre échéancier, ${amount}, prévue le ${date}. Merci de la régler rapidement pour maintenir l'échéancier.`,
      schedule: 'Vos échéances restantes :', paid: 'réglée', closing: 'Si vous l\'avez déjà réglée, merci de ne pas tenir compte de ce message.',
      greeting: 'Bonjour,', regards: 'Cordialement,',
    },
  },
};

/**
 * The subject, text and HTML of a plan email in the customer's language (en or fr, English otherwise): the outcome
 * of a request with the schedule or the refusal's reason; an instalment reminder with its amount, its date and the
 * plan's remaining schedule; "How to pay" (the reminders' partial `_how_to_pay`) when the facts carry bank details;
 * the customer's portal at the end. Pure but for reading the shipped templates once.
 * @example buildPlanEmail({ template: 'instalment_due', locale: 'fr', instalmentNo: 1, … }).subject // "Échéancier : 300,00 € à régler le 2026-04-01"
 */
export function buildPlanEmail(f: PlanEmailFacts, templates?: EmailTemplates): { subject: string; text: string; html: string } {
  const lang = pickTemplateLanguage(f.locale, languages) as Lang;
  const w = words[lang][f.template];
  const money = (m: bigint) => formatMoney(m, f.currency, formattingLocale(f.locale));
  const current = f.instalmentNo === undefined ? undefined : f.schedule[f.instalmentNo - 1];
  const amount = current ? money(current.remainingMinor > 0n ? current.remainingMinor : current.amountMinor) : '';
  const date = current?.dueDate ?? '';
  const rows = f.template === 'plan_refused' ? [] : f.schedule
    .map((s, k) => ({ ...s, no: k + 1 }))
    .filter((s) => f.template === 'plan_approved' || s.remainingMinor > 0n)
    .map((s) => `${s.no}. ${s.dueDate}: ${money(s.remainingMinor > 0n ? s.remainingMinor : s.amountMinor)}${s.remainingMinor === 0n ? ` (${w.paid})` : ''}`);
  const paragraphs = [
    `${w.greeting}`,
    w.opening(f, amount, date),
    ...(rows.length > 0 ? [[...(w.schedule ? [w.schedule] : []), ...rows].join('\n')] : []),
    ...(f.template === 'plan_proposed' ? proposalParagraphs(f, lang) : []),
  ];
  const after = [
    w.closing,
    ...(f.template !== 'plan_proposed' && f.portalUrl ? [accountWords[lang](f.portalUrl)] : []),
    `${w.regards}\n${f.companyName}`,
  ];
  const how = howToPayParts(f, templates);
  const text = `${f.customerName}\n\n${[...paragraphs, ...(how ? [how.text] : []), ...after].join('\n\n')}\n`;
  const para = (p: string) => `<p style="margin:0 0 16px;">${p.split('\n').map((l) => linked(escapeHtml(l), f.portalUrl)).join('<br>')}</p>`;
  const html = [
    '<!DOCTYPE html>', '<html>', '<head>', '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">', '</head>',
    '<body style="margin:0;padding:0;background-color:#ffffff;">',
    '<div style="max-width:640px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;">',
    `<p style="margin:0 0 16px;">${escapeHtml(f.customerName)}</p>`,
    ...paragraphs.map(para), ...(how ? [how.html] : []), ...after.map(para),
    '</div>', '</body>', '</html>', '',
  ].join('\n');
  return { subject: w.subject(f, amount, date), text, html };
}

let shipped: EmailTemplates | undefined;

/**
 * "How to pay" as every reminder prints it: the partial `_how_to_pay` of the reminder templates (the shipped ones
 * unless given), in the customer's language; null when there are no details to state.
 */
function howToPayParts(f: PlanEmailFacts, given: EmailTemplates | undefined): { text: string; html: string } | null {
  const list = f.howToPay ?? [];
  if (list.length === 0) return null;
  const templates = given ?? (shipped ??= loadEmailTemplates());
  const partials = templates.partials.get(pickTemplateLanguage(f.locale, templates.languages));
  const text = partials?.text._how_to_pay;
  const html = partials?.html._how_to_pay;
  if (text === undefined || html === undefined) return null;
  const view = { howToPay: list.map((h) => howToPayView(h, f.locale)) };
  return {
    text: mustache.render(text, view, {}, { escape: (v: string) => v }).trim(),
    html: mustache.render(html, view, {}, { escape: escapeHtml }).trim(),
  };
}

/** An escaped line with the portal link made clickable where it appears. */
function linked(escaped: string, url: string | null | undefined): string {
  if (!url) return escaped;
  const e = escapeHtml(url);
  return escaped.split(e).join(`<a href="${e}" style="color:#0b57d0;">${e}</a>`);
}

function proposalParagraphs(f: PlanEmailFacts, lang: Lang): string[] {
  const p = proposalWords[lang];
  const note = (f.note ?? '').trim();
  return [...(note === '' ? [] : [p.note(note)]), f.portalUrl ? p.answer(f.portalUrl) : p.answerNoLink];
}
