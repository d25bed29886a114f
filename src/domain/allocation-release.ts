// When an update leaves money applied where it no longer fits (an invoice lowered below what was paid on it or
// moved to another customer or currency; a payment lowered below what it settled or moved), the allocations that
// no longer fit are released: the money goes back to the payment, the invoice is open again for it.

/** One allocation as it stands, with why it cannot stay at all (`misfit`), if so. */
export interface HeldAllocation {
  readonly allocationId: bigint;
  readonly amount: bigint;
  readonly misfit: string | null;
}

export interface Release {
  readonly allocationId: bigint;
  /** How much of the allocation goes back to its payment; equal to its amount when it goes whole. */
  readonly amount: bigint;
  readonly whole: boolean;
  readonly reason: string;
}

/**
 * What to release so the rest fits: every misfit allocation whole, then, in the order given (most recent first),
 * as much as `excess` still asks for once the misfits are gone; an allocation is cut rather than dropped when
 * part of it is enough. `excess` is what is applied beyond the amount (0 or less when only misfits go).
 * @example planReleases([{ allocationId: 2n, amount: 300n, misfit: null }, { allocationId: 1n, amount: 700n, misfit: null }], 500n, 'lowered')
 *   // [{ allocationId: 2n, amount: 300n, whole: true, reason: 'lowered' }, { allocationId: 1n, amount: 200n, whole: false, reason: 'lowered' }]
 */
export function planReleases(held: readonly HeldAllocation[], excess: bigint, overReason: string): Release[] {
  const out: Release[] = [];
  let left = excess;
  for (const a of held) {
    if (a.misfit === null) continue;
    out.push({ allocationId: a.allocationId, amount: a.amount, whole: true, reason: a.misfit });
    left -= a.amount;
  }
  for (const a of held) {
    if (left <= 0n) break;
    if (a.misfit !== null) continue;
    const amount = a.amount < left ? a.amount : left;
    out.push({ allocationId: a.allocationId, amount, whole: amount === a.amount, reason: overReason });
    left -= amount;
  }
  return out;
}
