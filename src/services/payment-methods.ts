import { parsePaymentMethodsFile } from '../domain/payment-methods/payment-methods-file.js';
import type { PaymentDetailsInForce } from '../domain/payment-methods/how-to-pay.js';
import type { BankChange, CurrentPaymentDetails, LoadedCurrency, PaymentMethodsStore } from '../ports/payment-methods.js';

// `arbot payment-methods load|list`, and what the emails and the statement page read: the details in force.

export type LoadResult =
  | { readonly ok: true; readonly loaded: readonly LoadedCurrency[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks a whole payment-methods file, then loads it in one transaction (nothing is written when any entry is wrong).
 * New currencies take effect at once; a currency whose details change waits for a finance approver in chat.
 */
export async function loadPaymentMethods(store: PaymentMethodsStore, text: string, actor: string, at: Date): Promise<LoadResult> {
  const parsed = parsePaymentMethodsFile(text);
  if (!parsed.ok) return parsed;
  return { ok: true, loaded: await store.load(parsed.currencies, actor, at) };
}

export interface PaymentMethodsListing {
  readonly current: ReadonlyMap<string, CurrentPaymentDetails>;
  readonly pending: readonly BankChange[];
}

export async function listPaymentMethods(store: PaymentMethodsStore): Promise<PaymentMethodsListing> {
  const [current, pending] = await Promise.all([store.current(), store.pending()]);
  return { current, pending };
}

/**
 * The details in force per currency, read once, for rendering many emails or a page: a pending change is never
 * shown to customers.
 */
export async function paymentDetailsLookup(store: PaymentMethodsStore): Promise<(currency: string) => PaymentDetailsInForce | null> {
  const current = await store.current();
  return (currency) => current.get(currency) ?? null;
}

/**
 * The details in force as last read, for a renderer that cannot wait (the cadence tick's): `refresh` reads them
 * (once per send, before any email is claimed), `lookup` answers from what was read; nothing read yet, nothing shown.
 */
export function paymentDetailsSnapshot(store: Pick<PaymentMethodsStore, 'current'>): {
  lookup: (currency: string) => PaymentDetailsInForce | null;
  refresh: () => Promise<void>;
} {
  let current: ReadonlyMap<string, PaymentDetailsInForce> = new Map();
  return {
    lookup: (currency) => current.get(currency) ?? null,
    refresh: async () => {
      current = await store.current();
    },
  };
}
