/** What a customer's reply says is wrong with the invoice. */
export type DisputeSignal = 'not_received' | 'wrong_amount' | 'already_paid' | 'quality_issue' | 'credit_note' | 'other';

// Patterns on folded text (lower case, no accents, straight apostrophes). Checked in this order: the first signal
// found wins, most specific first ("we won't pay until the credit note for the damaged goods" is a credit note).
const signals: ReadonlyArray<readonly [DisputeSignal, RegExp]> = [
  [
    'credit_note',
    /\bcredit (?:note|memo)s?\b|\b(?:un|l'|cet|votre|notre|d'un|l'emission d'un)\s?avoirs?\b(?!\s(?:recu|paye|regle))|\bavoir de \d/,
  ],
  [
    'already_paid',
    /\balready (?:been )?(?:paid|settled|sent|transferred)\b|\bwe (?:have |'ve )?(?:paid|settled|transferred|wired)\b|\bpayment (?:has been|was|had been) (?:made|sent|processed|executed|transferred)\b|\b(?:has|have|was|were) (?:been )?(?:paid|settled)\b(?! (?:on|by) (?:the )?due)|\bremittance advice\b|\bdeja (?:ete )?(?:paye|regle|vire)e?s?\b|\bnous (?:l'|les )?avons (?:deja )?(?:paye|regle|vire)e?s?\b|\b(?:a|ont) (?:deja )?ete (?:paye|regle|vire|effectue|envoye|fait|emis|execute|transmis|lance)e?s?\b|\b(?:virement|paiement|reglement|cheque) (?:bien )?(?:effectue|envoye|emis|parti)e?\b(?! (?:le|vendredi|lundi|mardi|mercredi|jeudi|samedi|dimanche|demain|dans|fin|d'ici))/,
  ],
  [
    'not_received',
    /\b(?:never|not|haven't|havent|have not|didn't|didnt|did not|hasn't|has not)\s(?:yet\s|ever\s)?(?:received|recieved|recived|receive|got|gotten|get)\b(?! (?:the |your |a |any )?(?:credit|payment|reply|response|answer|approval|confirmation|feedback|news))|\bno invoice\b|\b(?:jamais|pas|pas encore|aucune facture)\s?(?:recu|recue|recus)\b(?! (?:de |d'|votre |la |le |l')?(?:reponse|retour|nouvelles|information|validation|accord|confirmation))|\b(?:n'avons|n'ai|n'a) (?:jamais |pas |pas encore )?eu\b(?! (?:de |d')?(?:reponse|retour|nouvelles|information|validation|accord|confirmation))|\b(?:can't|cannot|couldn't|could not|unable to) (?:find|locate) (?:it|the invoice|your invoice|this invoice)\b|\b(?:re-?send|send) (?:us |me )?(?:a copy of )?(?:the |this |your )?invoice(?: again)?\b|\b(?:renvoyer|renvoyez|retransmettre|nous transmettre a nouveau) (?:nous )?(?:la|cette|votre) facture\b|\bne (?:la|le|les) (?:trouvons|trouve) pas\b|\bduplicata\b/,
  ],
  [
    'quality_issue',
    /\b(?:damaged|defective|faulty|broken|not working|doesn't work|poor quality|bad quality|not as described|missing parts?)\b|\b(?:defectueu(?:x|se|ses)|endommage(?:e|es|s)?|abime(?:e|es|s)?|casse(?:e|es|s)?|non conformes?|mauvaise qualite|ne fonctionne pas|en panne)\b|\b(?:pieces|marchandises?|articles?|produits?|livraisons?|materiels?|goods|items|parts|products|delivery)(?: \w+)? (?:ne correspond(?:ent)? pas|(?:do|does) not match|(?:don't|doesn't) match)\b/,
  ],
  [
    'wrong_amount',
    /\bwrong (?:amount|price|total|rate|quantity|vat)\b|\bamount is wrong\b|\bincorrect\b|\bovercharged?\b|\bnot the (?:agreed|quoted) (?:amount|price)\b|\bmontant (?:est )?(?:errone|faux|incorrect|inexact)\b|\b(?:erreur de (?:montant|prix|facturation|tva))\b|\bfacture (?:est )?(?:fausse|erronee|incorrecte)\b|\best fausse\b|\b(?:prix|tarif) (?:unitaire )?(?:n'est pas|ne correspond pas|errone|incorrect)\b|\b(?:vat|tax|price|prices|total|amount|rate|fee|charge)s? (?:is|are|was|seems|looks) (?:wrong|incorrect|too high)\b|\b(?:montant|prix|total|tarif)s?(?: \w+)? ne correspond(?:ent)? pas\b|\b(?:dispute|contest|query|challenge)\w* (?:the |this |your )?(?:late |admin |reminder |collection )?(?:fee|charge|interest|penalty|surcharge)s?\b|\bcontest\w* (?:les |la |le |vos |ces )?(?:frais|penalites?|interets|indemnites?)\b/,
  ],
  [
    'other',
    /\b(?:dispute[sd]?|disputing|contest(?:ed|ing)?|refuse to pay|will not pay this|won't (?:be )?pay(?:ing)? this|not (?:going to )?pay this)\b|\b(?:litige|litigieu(?:x|se)|contest(?:ons|e|ee|ation)|reclamation|refusons de payer|ne (?:reglerons|paierons|payerons|payons|reglons) pas (?:cette|la|votre) facture)\b|\bshould(?:n't| not) have been (?:billed|invoiced|charged)\b|\b(?:never|did not|didn't) order(?:ed)?\b|\bn'avons (?:jamais |pas )commande\b|\bwrong (?:entity|company|address|customer|po|purchase order|legal entity)\b|\bmauvaise (?:adresse|entite|societe|raison sociale)\b/,
  ],
];

/** Signals from most to least specific: when clauses disagree, the earlier one wins. */
export const disputeSignalOrder: readonly DisputeSignal[] = signals.map(([signal]) => signal);

/**
 * The most specific dispute signal in a folded clause, or null.
 * @example disputeSignalIn("nous n'avons jamais recu cette facture") // "not_received"
 * @example disputeSignalIn('we will pay on 15 march') // null
 */
export function disputeSignalIn(folded: string): DisputeSignal | null {
  for (const [signal, re] of signals) if (re.test(folded)) return signal;
  return null;
}
