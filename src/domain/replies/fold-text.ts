/**
 * Lower-cases, drops accents and straightens apostrophes, so one pattern reads "Déjà réglé", "deja regle" and
 * "DÉJÀ RÉGLÉ" alike: customers type French with and without accents, and from phones with curly quotes.
 * @example foldText('Déjà RÉGLÉ l’avoir') // "deja regle l'avoir"
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u00a0\u202f]/g, ' ')
    .toLowerCase();
}

/**
 * Splits reply text into sentences at sentence ends and line breaks, not inside numbers ("1,200.50",
 * "15.03.2026"): a condition ("if you send the PO, we pay Friday") reaches every clause of its sentence.
 * @example splitSentences('If you send the PO, we pay Friday. Thanks') // ["If you send the PO, we pay Friday", "Thanks"]
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/\n|[.!?;](?=\s|$)/)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

/**
 * Splits reply text into clauses at sentence ends, line breaks and ", " / ": " / "; ", but not inside numbers
 * ("1,200.50", "15.03.2026", "10:00"), so that "we can't pay on the 15th, we will pay on the 22nd" yields two
 * clauses and the negation of the first does not reach the second.
 * @example splitClauses('We cannot pay on the 15th, we will pay on the 22nd.') // ["We cannot pay on the 15th", "we will pay on the 22nd"]
 */
export function splitClauses(text: string): string[] {
  return splitSentences(text).flatMap((sentence) =>
    sentence
      .split(/[,:](?=\s)/)
      .map((c) => c.trim())
      .filter((c) => c.length > 0),
  );
}
