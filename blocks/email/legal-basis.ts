import { deRule, euRule, frRule, ukRule } from '../../src/domain/fees/built-in-rules.js';

// A claimed charge's legal basis in the customer's language. A claim freezes its rule's legal basis as the rule
// states it (src/domain/fees/built-in-rules.ts: the directive and the UK Act in English, the Code de commerce in
// French, the BGB in German); an email states it in the language the rest of the email is in. A custom rule's text
// is the company's own (`arbot fees rules load`) and is stated as loaded, as is a basis no built-in rule states.

const byLanguage: ReadonlyMap<string, Readonly<Record<'en' | 'fr', string>>> = new Map([
  [euRule.legalBasis, {
    en: euRule.legalBasis,
    fr: 'Directive 2011/7/UE, art. 3 et 6 : taux de référence de la BCE + 8 points ; indemnité forfaitaire de 40 EUR pour frais de recouvrement',
  }],
  [frRule.legalBasis, {
    en: 'French Commercial Code (Code de commerce) art. L441-10 (ECB rate + 10 points) and art. D441-5 (fixed compensation of EUR 40 for recovery costs)',
    fr: frRule.legalBasis,
  }],
  [deRule.legalBasis, {
    en: 'German Civil Code (BGB) §288(2) (base rate under §247 BGB + 9 points) and §288(5) (lump sum of EUR 40)',
    fr: 'Code civil allemand (BGB), §288 al. 2 (taux de base du §247 BGB + 9 points) et §288 al. 5 (forfait de 40 EUR)',
  }],
  [ukRule.legalBasis, {
    en: ukRule.legalBasis,
    fr: "Late Payment of Commercial Debts (Interest) Act 1998 (Royaume-Uni), art. 4 et 6 (taux de base de la Banque d'Angleterre + 8 points), art. 5A (40/70/100 GBP selon le montant de la créance)",
  }],
]);

/**
 * The legal basis to state in an email written in `language` (a template language: en, fr; others read English).
 * @example legalBasisIn(euRule.legalBasis, 'fr') // "Directive 2011/7/UE, art. 3 et 6 : taux de référence de la BCE + 8 points ; …"
 * @example legalBasisIn('Contract art. 12', 'fr') // "Contract art. 12" (a custom rule: as loaded)
 */
export function legalBasisIn(stored: string, language: string): string {
  const texts = byLanguage.get(stored);
  if (texts === undefined) return stored;
  return language === 'fr' ? texts.fr : texts.en;
}
