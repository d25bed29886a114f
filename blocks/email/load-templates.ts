import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkTemplateSource, reminderTemplateNames, templateParts, type TemplatePart, type TemplatePartials,
} from './template-fields.js';
import { fallbackLanguage } from './template-language.js';

/** The templates shipped with arbot: `blocks/email/templates/<lang>/<name>.{subject.txt,txt,html}`. */
export const defaultTemplatesDir = fileURLToPath(new URL('./templates/', import.meta.url));

/** The sources of one template in one language, checked against the view at load. */
export type EmailTemplateSource = Readonly<Record<TemplatePart, string>>;

export interface EmailTemplates {
  readonly dir: string;
  /** Language subtags with a full set, e.g. ["en", "fr"]; always includes "en". */
  readonly languages: readonly string[];
  /** Template names, e.g. ["escalation", "final_notice", "overdue", "upcoming"]. */
  readonly names: readonly string[];
  /** Keyed by `${language}/${name}`. */
  readonly sources: ReadonlyMap<string, EmailTemplateSource>;
  /** Per language: the `_<name>.txt` and `_<name>.html` files, included as `{{> _<name>}}` by text and HTML parts. */
  readonly partials: ReadonlyMap<string, { readonly text: TemplatePartials; readonly html: TemplatePartials }>;
}

export class EmailTemplateError extends Error {
  readonly code = 'invalid_email_templates';
}

const suffixes: Readonly<Record<TemplatePart, string>> = { subject: '.subject.txt', text: '.txt', html: '.html' };

/**
 * Reads every template once, at start, and refuses a set that could fail at send time: a language or part
 * missing, a file that is not a template, an unknown placeholder or partial, unescaped data in HTML. Partials
 * (`_<name>.txt`, `_<name>.html`) are checked where they are included, in the scope of the including template.
 * The error lists every problem as `<file>: <problem>`.
 */
export function loadEmailTemplates(dir: string = defaultTemplatesDir): EmailTemplates {
  const problems: string[] = [];
  const files = new Map<string, string>(); // `${lang}/${name}.${part}` → source
  const languages = listDir(dir, problems).filter((entry) => {
    if (!statSync(join(dir, entry)).isDirectory()) return false;
    if (/^[a-z]{2,3}$/.test(entry)) return true;
    problems.push(`${join(dir, entry)}: not a language folder (expected a language subtag such as en or fr)`);
    return false;
  }).sort();
  if (!languages.includes(fallbackLanguage)) {
    problems.push(`${join(dir, fallbackLanguage)}: missing (the ${fallbackLanguage} templates are the fallback)`);
  }

  const names = new Set<string>(reminderTemplateNames);
  const partials = new Map<string, { text: Record<string, string>; html: Record<string, string> }>();
  for (const lang of languages) {
    const own = { text: {} as Record<string, string>, html: {} as Record<string, string> };
    partials.set(lang, own);
    for (const file of listDir(join(dir, lang), problems)) {
      const partial = /^(_[a-z][a-z0-9_]*)\.(txt|html)$/.exec(file);
      if (partial) {
        own[partial[2] === 'html' ? 'html' : 'text'][partial[1]!] = readFileSync(join(dir, lang, file), 'utf8');
        continue;
      }
      const parsed = parseFileName(file);
      if (!parsed) {
        problems.push(`${join(dir, lang, file)}: not a template file (expected <name>.subject.txt, <name>.txt, <name>.html, or a partial _<name>.txt or _<name>.html)`);
        continue;
      }
      names.add(parsed.name);
      files.set(`${lang}/${parsed.name}.${parsed.part}`, readFileSync(join(dir, lang, file), 'utf8'));
    }
  }

  const sources = new Map<string, EmailTemplateSource>();
  for (const lang of languages) {
    for (const name of [...names].sort()) {
      const source: Partial<Record<TemplatePart, string>> = {};
      for (const part of templateParts) {
        const path = join(dir, lang, name + suffixes[part]);
        const text = files.get(`${lang}/${name}.${part}`);
        if (text === undefined) {
          problems.push(`${path}: missing`);
          continue;
        }
        const own = partials.get(lang)!;
        for (const p of checkTemplateSource(text, part, part === 'html' ? own.html : part === 'text' ? own.text : {})) {
          problems.push(`${path}: ${p}`);
        }
        source[part] = part === 'subject' ? text.trim() : text;
      }
      if (source.subject !== undefined && source.text !== undefined && source.html !== undefined) {
        sources.set(`${lang}/${name}`, source as EmailTemplateSource);
      }
    }
  }

  if (problems.length > 0) {
    throw new EmailTemplateError(`email templates in ${dir} are not usable:\n  ${problems.join('\n  ')}`);
  }
  return { dir, languages, names: [...names].sort(), sources, partials };
}

/** `overdue.subject.txt` → overdue/subject; the longest suffix wins so `.subject.txt` is not read as `.txt`. */
function parseFileName(file: string): { name: string; part: TemplatePart } | null {
  for (const part of ['subject', 'html', 'text'] as const) {
    const suffix = suffixes[part];
    if (!file.endsWith(suffix)) continue;
    const name = file.slice(0, -suffix.length);
    return /^[a-z][a-z0-9_]*$/.test(name) ? { name, part } : null;
  }
  return null;
}

function listDir(dir: string, problems: string[]): string[] {
  try {
    return readdirSync(dir).filter((f) => !f.startsWith('.'));
  } catch (err) {
    problems.push(`${dir}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return [];
  }
}
