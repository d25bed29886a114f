/** The language every template set must exist in, used when the customer's language has none. */
export const fallbackLanguage = 'en';

/**
 * Picks the template language for a customer's BCP 47 locale: its language subtag when templates exist for it,
 * else English. A tag that is not valid BCP 47 also falls back rather than failing a send.
 * @example pickTemplateLanguage('fr-CA', ['en', 'fr']) // "fr"
 * @example pickTemplateLanguage('de-DE', ['en', 'fr']) // "en"
 */
export function pickTemplateLanguage(locale: string, languages: readonly string[]): string {
  let language: string;
  try {
    language = new Intl.Locale(locale).language;
  } catch {
    return fallbackLanguage;
  }
  return languages.includes(language) ? language : fallbackLanguage;
}

/**
 * The locale amounts and dates are formatted in: the customer's own, canonicalised, or English when the tag is
 * not valid BCP 47 (Intl would throw on it).
 * @example formattingLocale('fr-ca') // "fr-CA"; formattingLocale('not a locale') // "en"
 */
export function formattingLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? fallbackLanguage;
  } catch {
    return fallbackLanguage;
  }
}
