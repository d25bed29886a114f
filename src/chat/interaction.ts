import type { SubjectRef } from '../domain/subject.js';
import type { CustomerLookup } from '../ports/chat-views.js';
import type { ApprovalFacts, ChangeRequestFacts, InvoiceFacts } from '../views/alert-view.js';
import type { FormPrefill, ReplyFacts } from '../views/reply-view.js';
import type { DsoKpis } from '../views/dso-view.js';
import type { HomeQueue } from '../views/home-queue.js';
import type { ReviewView } from '../views/review-view.js';
import type { TeamView } from '../views/team-view.js';
import type { CustomerLateCharges, CustomerOverview } from '../views/customer-view.js';
import type { CalendarDate } from '../domain/calendar-date.js';
import type { ChatAction } from './chat-action.js';
import type { CreditFacts } from '../views/credit-view.js';
import type { PlanNotice } from '../views/alert-view.js';
import type { PlanOfferFacts } from '../views/plan-offer-view.js';

/** The chat surfaces: Slack, Microsoft Teams, and the local workspace (Slack's Block Kit on arbot's own server). */
export type ChatPlatform = 'slack' | 'teams' | 'local';

/** Who acts, as the surface names them; the core finds the owner behind it (src/chat/resolve-actor.ts). */
export interface ChatPerson {
  readonly platform: ChatPlatform;
  /** The platform's user id, for the audit trail ("slack:U123"). */
  readonly userId: string;
  readonly name: string;
  /**
   * The id arbot may look the owner up by and remember on them (Slack's user id, Teams' AAD object id); null when
   * the platform's ids are not stable owner ids (the local workspace, a Teams account without an AAD id).
   */
  readonly chatId: string | null;
  /** Asks the platform for the person's email (Slack users.info, Teams TeamsInfo.getMember); null when it cannot tell. */
  readonly email: () => Promise<string | null>;
}

/** One click, submission or command, decoded by its surface. */
export interface Interaction {
  readonly person: ChatPerson;
  readonly action: ChatAction;
  /**
   * The same for every delivery of this one interaction (Slack's action_ts or view id and answers, Teams' activity
   * id): a redelivery is answered `repeat`. `forgetIfRefused`: a refused form can be corrected and sent again.
   */
  readonly delivery: { readonly key: string; readonly forgetIfRefused: boolean } | null;
}

/** A form to show before acting (Slack opens it as a modal; Teams draws its forms inline in the card). */
export type ChatForm =
  | { readonly form: 'promise' | 'hold' | 'dispute'; readonly subject: SubjectRef; readonly invoice: InvoiceFacts; readonly prefill: FormPrefill | null }
  | { readonly form: 'note'; readonly subject: SubjectRef; readonly title: string }
  | { readonly form: 'refuse_approval'; readonly subject: SubjectRef; readonly approval: ApprovalFacts }
  | { readonly form: 'refuse_change'; readonly subject: SubjectRef; readonly request: ChangeRequestFacts }
  /** The answer to a customer's reply (subject: the reply), with the reply to read while writing. */
  | { readonly form: 'answer_reply'; readonly subject: SubjectRef; readonly reply: ReplyFacts; readonly to: readonly string[] }
  /** Waive a customer's late-payment charges (subject: the customer), with what would be waived. */
  | { readonly form: 'waive_fees'; readonly subject: SubjectRef; readonly customerName: string; readonly charges: CustomerLateCharges }
  /** A credit button's form (subject: the credit alert): the reason of a hold, or the new limit. */
  | { readonly form: 'credit_hold' | 'credit_limit'; readonly subject: SubjectRef; readonly credit: CreditFacts }
  /** Refuse a requested payment plan (subject: its alert): the reason, emailed to the customer. */
  | { readonly form: 'refuse_plan'; readonly subject: SubjectRef; readonly plan: PlanNotice }
  /** Offer a payment plan (subject: the invoice) or re-plan a broken one (subject: its alert). */
  | { readonly form: 'offer_plan' | 'replan'; readonly subject: SubjectRef; readonly offer: PlanOfferFacts }
  /** Propose other dates for a plan request (subject: its alert): the schedule and a note, emailed to the customer. */
  | { readonly form: 'propose_plan'; readonly subject: SubjectRef; readonly plan: PlanNotice; readonly offer: PlanOfferFacts }
  /** Refuse the late-payment charges claimed on a customer (subject: the customer), from /ar or the approval card. */
  | { readonly form: 'refuse_fees'; readonly subject: SubjectRef; readonly customerName: string; readonly charges: CustomerLateCharges | null }
  /** Set a customer's credit limit from /ar (subject: the customer): the limit now, formatted, and its currency. */
  | { readonly form: 'customer_credit_limit'; readonly subject: SubjectRef; readonly customerName: string; readonly limit: { readonly amount: string; readonly currency: string } | null }
  /** Refuse a change of bank details (subject: the change): the reason, shown on its card. */
  | { readonly form: 'refuse_bank_change'; readonly subject: SubjectRef; readonly change: { readonly currency: string; readonly requestedBy: string } }
  /** Put a customer on credit hold from /ar (subject: the customer): the reason, shown on its cards until released. */
  | { readonly form: 'customer_credit_hold'; readonly subject: SubjectRef; readonly customerName: string };

export type { FormPrefill };

/** What a read-only command shows, for its surface to render. */
export type ChatShown =
  /**
   * `/dso`: the summary (`details` null) with its chart (`chartUrl`, null without PUBLIC_BASE_URL), or the full
   * details of the currency `details` names (its "Details" button; the report holds that currency only).
   */
  | {
    readonly show: 'dso'; readonly report: DsoKpis & { readonly asOf: CalendarDate }; readonly segment: string | null; readonly share: boolean;
    readonly details: string | null; readonly chartUrl: string | null;
  }
  /** `found` null: nothing matches `query`. */
  | { readonly show: 'customer'; readonly query: string; readonly found: CustomerLookup | null }
  /** `queue` null: arbot does not know the person, so there is no queue. */
  | { readonly show: 'home'; readonly queue: HomeQueue | null }
  /** A customer's reply whole ("Full reply"): its stripped text, uncut. */
  | { readonly show: 'reply'; readonly reply: ReplyFacts; readonly fullText: string }
  /** `/review`: the month's top and strategic accounts. */
  | { readonly show: 'review'; readonly review: ReviewView }
  /** `/team`: the owners the person may see (those the query names), and every team's totals. */
  | { readonly show: 'team'; readonly team: TeamView };

/** What handling an interaction came to; the surface renders it. */
export type Outcome =
  /**
   * Done and audited; `subjects` are to be redrawn on every surface, the first with `thread` under it. `customer`:
   * the `/ar` view the person clicked on, as it now stands for them, to redraw in place.
   */
  | { readonly kind: 'done'; readonly subjects: readonly SubjectRef[]; readonly thread: string; readonly customer?: CustomerOverview }
  /** Refused, with a reason for the person alone. */
  | { readonly kind: 'refused'; readonly code: string; readonly message: string }
  /** A redelivery of an interaction already handled: nothing to do or say. */
  | { readonly kind: 'repeat' }
  | { readonly kind: 'form'; readonly form: ChatForm }
  | { readonly kind: 'show'; readonly shown: ChatShown };
