/**
 * Import statements as data: normalised from the analysis' bindings, deduplicated, rendered
 * (`from __future__` first, `from m import a, b` grouped), and merged into an existing module.
 */
import type { ImportBinding } from '../python/types';
import { fits } from './planContext';

export interface ImportSpec {
  /** `import m [as a]` or `from m import n [as a]` */
  kind: 'import' | 'from';
  module: string;
  name?: string;
  asName?: string;
  /** the name the statement binds */
  bound: string;
  isFuture: boolean;
}

export function specFromBinding(b: ImportBinding): ImportSpec {
  const asName =
    b.asName && b.asName !== (b.name ?? b.module) ? b.asName : undefined;
  if (b.name !== undefined) {
    return {
      kind: 'from',
      module: b.module,
      name: b.name,
      asName,
      bound: b.bound,
      isFuture: b.isFuture
    };
  }
  return {
    kind: 'import',
    module: b.module,
    asName: b.asName && b.asName !== b.module ? b.asName : undefined,
    bound: b.bound,
    isFuture: b.isFuture || b.module === '__future__'
  };
}

/** Two specs are the same import when they bind the same name to the same thing. */
export function importKey(s: ImportSpec): string {
  return s.kind === 'from'
    ? `from ${s.module} import ${s.name}${s.asName ? ` as ${s.asName}` : ''}`
    : `import ${s.module}${s.asName ? ` as ${s.asName}` : ''}`;
}

export function dedupeImports(specs: ImportSpec[]): ImportSpec[] {
  const seen = new Set<string>();
  const out: ImportSpec[] = [];
  for (const s of specs) {
    const k = importKey(s);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return out;
}

/** Lines of import statements: `import` lines first, then `from` lines grouped by module. */
export function renderImports(specs: ImportSpec[]): string[] {
  const lines: string[] = [];
  const plain = specs.filter(s => s.kind === 'import');
  for (const s of plain) lines.push(importKey(s));
  const byModule = new Map<string, ImportSpec[]>();
  for (const s of specs.filter(x => x.kind === 'from')) {
    const list = byModule.get(s.module) ?? [];
    list.push(s);
    byModule.set(s.module, list);
  }
  for (const [module, list] of byModule) {
    const names = list.map(
      s => `${s.name}${s.asName ? ` as ${s.asName}` : ''}`
    );
    const one = `from ${module} import ${names.join(', ')}`;
    if (fits(one)) lines.push(one);
    else
      lines.push(
        `from ${module} import (\n${names.map(n => `    ${n},`).join('\n')}\n)`
      );
  }
  return lines;
}

/** An import that needs the relative-import warning (its meaning depends on where the module lives). */
export function isRelative(s: ImportSpec): boolean {
  return s.module.startsWith('.');
}
