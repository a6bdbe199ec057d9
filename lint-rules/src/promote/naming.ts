/**
 * Names the planner makes up: function names from headings, module import names from paths.
 */

export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield'
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A plain ASCII Python identifier that is not a keyword. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !PYTHON_KEYWORDS.has(name);
}

/** `## Load the data (raw)` -> `load_the_data_raw`; '' when nothing usable is left. */
export function slugifyHeading(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .split('_')
    .slice(0, 6)
    .join('_');
  if (!slug) return '';
  const named = /^[0-9]/.test(slug) ? `step_${slug}` : slug;
  return PYTHON_KEYWORDS.has(named) ? `${named}_` : named;
}

/** The first `n` names of the form base, base_2, base_3... that are not taken. */
export function freeName(
  base: string,
  taken: (name: string) => boolean
): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}_${i}`;
    if (!taken(candidate)) return candidate;
  }
}

/**
 * The dotted import name of a module file: `src/pkg/mod.py` -> `pkg.mod`, `mod.py` -> `mod`.
 * A leading `src/` (the src layout) is not part of the import name. Returns null when a part
 * is not an identifier (such a module cannot be imported).
 */
export function moduleNameFromPath(modulePath: string): string | null {
  const parts = normalisePath(modulePath).split('/');
  if (parts.length > 1 && parts[0] === 'src') parts.shift();
  const last = parts[parts.length - 1];
  if (!last.endsWith('.py')) return null;
  parts[parts.length - 1] = last.slice(0, -3);
  if (parts[parts.length - 1] === '__init__') parts.pop();
  if (parts.length === 0 || !parts.every(isIdentifier)) return null;
  return parts.join('.');
}

/** Forward slashes, no `./`, no trailing slash. */
export function normalisePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+/g, '/')
    .replace(/\/$/, '');
}

/** `src/pkg/features.py` + `tests` -> `tests/test_features.py`. */
export function testPathFor(modulePath: string, testsDir: string): string {
  const base = normalisePath(modulePath).split('/').pop() ?? 'module.py';
  const stem = base.replace(/\.py$/, '');
  const dir = normalisePath(testsDir || 'tests');
  return `${dir ? `${dir}/` : ''}test_${stem}.py`;
}
