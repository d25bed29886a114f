import { posix } from 'node:path';

/**
 * The import directions STYLE.md asks for, checked on source text: a regex over import/export specifiers is enough
 * because the tree is ESM with `verbatimModuleSyntax` (no require, no path aliases), and a false alarm from an
 * import-looking comment is cheap to see and fix.
 */

/** Packages the pure domain may use: validation, calendar arithmetic and hashing, none of them I/O or a clock. */
export const domainPackages: readonly string[] = ['zod', 'date-fns', '@date-fns/tz', 'node:crypto'];

const chatAdapters = ['adapters/slack/', 'adapters/teams/', 'adapters/local/'];

export interface ImportViolation {
  /** Repository-relative path of the importing file, with forward slashes. */
  readonly file: string;
  /** The specifier exactly as written. */
  readonly specifier: string;
  readonly rule: string;
}

// Static `import … from '…'` / `export … from '…'` (possibly over several lines), bare `import '…'`, and
// dynamic `import('…')` with a literal. `[^;]*?` keeps a match inside one statement.
const staticFrom = /^[ \t]*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"\n]+)['"]/gm;
const sideEffect = /^[ \t]*import\s*['"]([^'"\n]+)['"]/gm;
const dynamic = /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/**
 * Every module specifier a TypeScript source names, in order of appearance, duplicates kept once.
 * @example importSpecifiers("import { z } from 'zod';\nconst m = await import('./x.js');") // ['zod', './x.js']
 */
export function importSpecifiers(source: string): string[] {
  const found: Array<[number, string]> = [];
  for (const re of [staticFrom, sideEffect, dynamic]) {
    for (const m of source.matchAll(re)) found.push([m.index ?? 0, m[1]!]);
  }
  return [...new Set(found.sort((a, b) => a[0] - b[0]).map(([, s]) => s))];
}

/** A relative specifier as a repository-relative path; null for a package (bare name or `node:`). */
export function resolveRelative(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}

/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * The import-direction rules broken by one file, given its repository-relative path and its text.
 * @example importViolations('src/domain/x.ts', "import pg from 'postgres';") // [{ file, specifier: 'postgres', rule: … }]
 */
export function importViolations(file: string, source: string): ImportViolation[] {
  const out: ImportViolation[] = [];
  for (const specifier of importSpecifiers(source)) {
    const target = resolveRelative(file, specifier);
    const hit = (rule: string) => out.push({ file, specifier, rule });
    if (file.startsWith('src/domain/')) {
      if (target !== null && !target.startsWith('src/domain/')) hit('src/domain imports only src/domain');
      if (target === null && !domainPackages.includes(packageName(specifier))) {
        hit(`src/domain uses no package but ${domainPackages.join(', ')}`);
      }
    }
    if (chatAdapters.some((dir) => file.startsWith(dir)) && target?.startsWith('adapters/postgres/')) {
      hit('a chat adapter reads through ports, never adapters/postgres');
    }
    if (file.startsWith('src/services/') && (target?.startsWith('adapters/') || target?.startsWith('blocks/'))) {
      hit('src/services imports neither adapters/ nor blocks/');
    }
    if (file.startsWith('src/cli/') && target?.startsWith('adapters/http/')) {
      hit('src/cli does not import adapters/http');
    }
    // The chat core decides and the surfaces render: it never knows which surface or store it runs with.
    if (file.startsWith('src/chat/') && (target?.startsWith('adapters/') || target?.startsWith('blocks/'))) {
      hit('src/chat imports neither adapters/ nor blocks/');
    }
    // View models are data every renderer reads: they import only the domain and each other.
    if (file.startsWith('src/views/') && target !== null && !target.startsWith('src/views/') && !target.startsWith('src/domain/')) {
      hit('src/views imports only src/views and src/domain');
    }
  }
  return out;
}

/** The key a known violation is listed under: `file -> specifier`. */
export const violationKey = (v: Pick<ImportViolation, 'file' | 'specifier'>): string => `${v.file} -> ${v.specifier}`;
