import { appendFileSync, cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTemplatesDir, EmailTemplateError, loadEmailTemplates } from '../../blocks/email/load-templates.js';
import { checkTemplateSource, reminderTemplateNames } from '../../blocks/email/template-fields.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A private copy of the shipped templates to break. */
function copyOfShipped(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arbot-templates-'));
  dirs.push(dir);
  cpSync(defaultTemplatesDir, dir, { recursive: true });
  return dir;
}

function loadError(dir: string): EmailTemplateError {
  try {
    loadEmailTemplates(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(EmailTemplateError);
    return err as EmailTemplateError;
  }
  throw new Error('expected the templates to be refused');
}

function edit(file: string, change: (source: string) => string): void {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('the shipped templates', () => {
  it('load, in English and French, with the three parts of every reminder template', () => {
    const t = loadEmailTemplates();
    expect(t.languages).toEqual(['en', 'fr']);
    // overdue_soft: the example variant template of a step experiment (a friendlier D+3), beside the four steps';
    // the statement email (arbot statement send, "Send statement") is rendered like a reminder, with every open invoice.
    expect(t.names).toEqual([...reminderTemplateNames, 'overdue_soft', 'statement'].sort());
    for (const lang of t.languages) {
      for (const name of [...reminderTemplateNames, 'statement']) {
        const source = t.sources.get(`${lang}/${name}`);
        expect(source, `${lang}/${name}`).toBeDefined();
        expect(source!.subject).not.toContain('\n');
        expect(source!.text.length).toBeGreaterThan(200);
        expect(source!.html).toContain(`<html lang="${lang}"`);
      }
    }
  });

  it('load from a copy as well as from the default folder', () => {
    // Four steps, the overdue_soft variant and the statement, in en and fr.
    expect(loadEmailTemplates(copyOfShipped()).sources.size).toBe(12);
  });
});

describe('a template set that would fail at send time is refused at load, naming the file', () => {
  it('a typo in a placeholder', () => {
    const dir = copyOfShipped();
    // The invoice lines live in the shared partial; the error names the template that includes it.
    edit(join(dir, 'fr', '_invoices.txt'), (s) => s.replace('Facture {{number}}', 'Facture {{numbre}}'));
    const err = loadError(dir);
    expect(err.code).toBe('invalid_email_templates');
    expect(err.message).toContain(`${join(dir, 'fr', 'overdue.txt')}: unknown placeholder {{numbre}}`);
    expect(err.message).not.toContain('overdue.html');
  });

  it('a missing .html file', () => {
    const dir = copyOfShipped();
    rmSync(join(dir, 'en', 'escalation.html'));
    expect(loadError(dir).message).toContain(`${join(dir, 'en', 'escalation.html')}: missing`);
  });

  it('a misnamed file, reported as such and as the missing part', () => {
    const dir = copyOfShipped();
    renameSync(join(dir, 'fr', 'upcoming.html'), join(dir, 'fr', 'upcoming.htm'));
    const message = loadError(dir).message;
    expect(message).toContain(`${join(dir, 'fr', 'upcoming.htm')}: not a template file`);
    expect(message).toContain(`${join(dir, 'fr', 'upcoming.html')}: missing`);
  });

  it('a template present in one language only', () => {
    const dir = copyOfShipped();
    for (const suffix of ['.subject.txt', '.txt', '.html']) writeFileSync(join(dir, 'en', `thank_you${suffix}`), 'Thanks {{customerName}}');
    const message = loadError(dir).message;
    expect(message).toContain(`${join(dir, 'fr', 'thank_you.subject.txt')}: missing`);
    expect(message).toContain(`${join(dir, 'fr', 'thank_you.html')}: missing`);
  });

  it('no English set to fall back on', () => {
    const dir = copyOfShipped();
    rmSync(join(dir, 'en'), { recursive: true });
    expect(loadError(dir).message).toContain(`${join(dir, 'en')}: missing`);
  });

  it('a folder that does not exist', () => {
    const dir = join(tmpdir(), 'arbot-no-such-templates');
    expect(loadError(dir).message).toContain(`${dir}: cannot be read (ENOENT)`);
  });

  it('every problem at once', () => {
    const dir = copyOfShipped();
    appendFileSync(join(dir, 'en', 'overdue.html'), '<p>{{{customerName}}}</p>');
    edit(join(dir, 'fr', 'final_notice.subject.txt'), (s) => `${s.trim()}\n{{companyName}}\n`);
    edit(join(dir, 'en', 'upcoming.txt'), (s) => s.replace('{{/singleInvoice}}', ''));
    const message = loadError(dir).message;
    expect(message).toContain(`${join(dir, 'en', 'overdue.html')}: {{{customerName}}} or {{&customerName}} prints`);
    expect(message).toContain(`${join(dir, 'fr', 'final_notice.subject.txt')}: a subject must be a single line`);
    expect(message).toContain(`${join(dir, 'en', 'upcoming.txt')}: cannot be parsed: Unclosed section "singleInvoice"`);
  });

  it('accepts a further language with a full set', () => {
    const dir = copyOfShipped();
    cpSync(join(dir, 'en'), join(dir, 'de'), { recursive: true });
    expect(loadEmailTemplates(dir).languages).toEqual(['de', 'en', 'fr']);
  });
});

describe('checkTemplateSource', () => {
  it.each([
    ['Invoice {{firstInvoiceNumber}}', 'text', []],
    ['Invoice {{number}}', 'text', ['unknown placeholder {{number}}']], // an invoice field outside {{#invoices}}
    ['{{#invoices}}{{number}} {{amountDue}} {{customerName}}{{/invoices}}', 'html', []],
    ['{{#totals}}{{amount}} {{currency}}{{/totals}}', 'text', []],
    ['{{#clientReference}}x{{/clientReference}}', 'text', ['unknown placeholder {{#clientReference}}']],
    ['{{amountDue}}', 'text', ['unknown placeholder {{amountDue}}']],
    ['{{#invoice}}{{number}}{{/invoice}}', 'text', ['unknown placeholder {{#invoice}}', 'unknown placeholder {{number}}']],
    ['{{^accountManagerName}}Accounts{{/accountManagerName}}', 'text', []],
    ['{{{customerName}}}', 'text', []],
    ['{{{customerName}}}', 'html', ['prints "customerName" without HTML escaping']],
    ['{{& customerName}}', 'html', ['prints "customerName" without HTML escaping']],
    ['{{> footer}}', 'text', ['partials are not supported']],
    ['{{=<% %>=}}<% customerName %>', 'text', ['delimiter changes are not supported']],
    ['{{! a comment }}Hello', 'subject', []],
    ['Hello\n{{customerName}}', 'subject', ['a subject must be a single line']],
    ['{{#invoices}}', 'text', ['cannot be parsed: Unclosed section "invoices"']],
  ] as const)('%j as %s', (source, part, expected) => {
    const problems = checkTemplateSource(source, part);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((text, i) => expect(problems[i]).toContain(text));
  });
});
