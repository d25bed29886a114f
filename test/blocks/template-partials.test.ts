import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTemplatesDir, loadEmailTemplates } from '../../blocks/email/load-templates.js';
import { defaultPageTemplatesDir, loadPageTemplates } from '../../blocks/pages/load-page-templates.js';

const dirs: string[] = [];
function copyOf(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'arbot-partials-'));
  cpSync(dir, copy, { recursive: true });
  dirs.push(copy);
  return copy;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const edit = (file: string, change: (s: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));

describe('shared partials', () => {
  it('ship for both languages and kinds, used by every reminder template', () => {
    const t = loadEmailTemplates();
    for (const lang of t.languages) {
      expect(Object.keys(t.partials.get(lang)!.html).sort()).toEqual(['_how_to_pay', '_invoices', '_late_charges', '_totals']);
      expect(Object.keys(t.partials.get(lang)!.text).sort()).toEqual(['_how_to_pay', '_invoices', '_late_charges', '_totals']);
      for (const name of t.names) expect(t.sources.get(`${lang}/${name}`)!.html).toContain('{{> _invoices}}');
      for (const name of t.names) expect(t.sources.get(`${lang}/${name}`)!.text).toContain('{{> _how_to_pay}}');
      for (const name of t.names) expect(t.sources.get(`${lang}/${name}`)!.html).toContain('{{> _how_to_pay}}');
    }
  });

  it('refuse a template naming a partial that does not exist, naming the file', () => {
    const dir = copyOf(defaultTemplatesDir);
    edit(join(dir, 'en', 'overdue.html'), (s) => s.replace('{{> _invoices}}', '{{> _invoice}}'));
    expect(() => loadEmailTemplates(dir)).toThrow(`${join(dir, 'en', 'overdue.html')}: unknown partial {{>_invoice}}`);
  });

  it('check a partial in the scope of the template including it', () => {
    const dir = copyOf(defaultTemplatesDir);
    edit(join(dir, 'en', '_totals.html'), (s) => s.replace('{{amount}}', '{{amountDue}}')); // an invoice field outside {{#invoices}}
    const message = (() => {
      try {
        loadEmailTemplates(dir);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toContain(`${join(dir, 'en', 'overdue.html')}: unknown placeholder {{amountDue}}`);
    expect(message).not.toContain(join(dir, 'fr'));
  });
});

describe('the customer page templates', () => {
  it('load in English and French', () => {
    expect(loadPageTemplates().languages).toEqual(['en', 'fr']);
  });

  it('refuse an unknown placeholder, naming the file', () => {
    const dir = copyOf(defaultPageTemplatesDir);
    edit(join(dir, 'fr', 'statement.html'), (s) => s.replace('{{customerName}}', '{{customerNmae}}'));
    expect(() => loadPageTemplates(dir)).toThrow(`${join(dir, 'fr', 'statement.html')}: unknown placeholder {{customerNmae}}`);
  });

  it('refuse a value printed without HTML escaping', () => {
    const dir = copyOf(defaultPageTemplatesDir);
    edit(join(dir, 'en', '_facts.html'), (s) => s.replace('{{customerName}}', '{{{customerName}}}'));
    expect(() => loadPageTemplates(dir)).toThrow('prints "customerName" without HTML escaping');
  });
});
