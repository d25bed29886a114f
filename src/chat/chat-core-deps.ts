import type { Logger } from '../log.js';
import type { ChatActionStore } from '../ports/chat-actions.js';
import type { CreditActionStore } from '../ports/credit-actions.js';
import type { ChatPeople, ChatViews } from '../ports/chat-views.js';
import type { RightsSettings } from '../services/chat-actions/rights-settings.js';
import type { KpiDeps } from '../services/compute-kpis.js';
import type { ReplyAnswering } from '../services/chat-actions/reply-actions.js';
import type { ChartLinks } from '../services/chat-commands/dso-report.js';
import type { ChatSurface } from './chat-surface.js';
import type { ReportStore } from '../ports/reports.js';
import type { FeeDecisionDeps } from '../services/chat-actions/fee-actions.js';
import type { PaymentMethodsStore } from '../ports/payment-methods.js';
import type { CustomerPortalActions } from '../ports/customer-portal-actions.js';
import type { PlanDeps } from '../services/payment-plans.js';

/** What the chat core needs; built once in src/wire/chat-core.ts. */
export interface ChatCoreDeps {
  readonly store: ChatActionStore;
  /** The credit actions' writes (issue 19). */
  readonly credit: CreditActionStore;
  readonly views: ChatViews;
  readonly people: ChatPeople;
  /** The KPI store and clock of `/dso`. */
  readonly kpi: KpiDeps;
  /** The report facts of `/review` and `/team` (their KPIs come from `kpi.store`). */
  readonly reports: ReportStore;
  /** Where the `/dso` chart image is loaded from; null (or no PUBLIC_BASE_URL): no image, the text only. */
  readonly charts: ChartLinks | null;
  readonly rights: RightsSettings;
  /** Answers to customers' replies, queued from chat and sent by email. */
  readonly answering: ReplyAnswering;
  readonly log: Logger;
  readonly now: () => Date;
  /** COMPANY_TIMEZONE: "today" for forms and commands. */
  readonly zone: string;
  /** Late-payment charges: the proposals and the decisions on them (`/ar`'s section and buttons). */
  readonly fees: FeeDecisionDeps;
  /** Every surface of this process, redrawn after a change (Sales on Slack, Delivery on Teams see the same). */
  readonly surfaces: () => readonly ChatSurface[];
  /** Payment details and their changes (a change of bank details is decided in chat); absent: such buttons refuse. */
  readonly paymentMethods?: PaymentMethodsStore;
  /** "Send statement" and "Revoke portal links"; absent, they are refused with the CLI command to use. */
  readonly portal?: CustomerPortalActions;
  /** Payment plans' buttons and forms (issue 20); absent, they are refused (a process that sends no email). */
  readonly plans?: PlanDeps;
}
