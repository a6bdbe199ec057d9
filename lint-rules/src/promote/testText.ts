/**
 * The pytest file written beside a promotion: it always checks that the function imports and
 * has the planned signature; it characterises the function with real values when a kernel gave
 * small literal ones, and otherwise holds ONE skipped test that says what to supply (never a
 * placeholder that passes).
 */
import { escapeRegExp } from '../engine/text';
import { parseCell } from '../python';
import { renderImports } from './imports';
import { escapeDocstring } from './moduleText';
import { bracketed, fits } from './planContext';
import type { KernelValues } from './types';

export interface TestPlanInput {
  moduleName: string;
  functionName: string;
  params: string[];
  returns: string[];
  /** the function also returns the displayed value (last in the tuple, or alone) */
  returnsDisplayed: boolean;
  notebookName: string;
  kernelValues?: KernelValues;
  existingTestText?: string;
}

/** Largest repr the planner writes into a test; bigger values make unreadable tests. */
const MAX_REPR = 300;

/** Node names a literal repr may contain (numbers, strings, None/True/False, containers, unary minus). */
const LITERAL_NODES: ReadonlySet<string> = new Set([
  'Script',
  'ExpressionStatement',
  'Number',
  'String',
  'ContinuedString',
  'Boolean',
  'None',
  'ArrayExpression',
  'TupleExpression',
  'DictionaryExpression',
  'SetExpression',
  'ParenthesizedExpression',
  'UnaryExpression',
  'ArithOp',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  ',',
  ':',
  'Escape',
  'BinaryExpression'
]);

/**
 * True when `repr` is a small Python literal that evaluates back to an equal value
 * (`eval(repr(x)) == x` holds for those), so it can appear in a test as is.
 */
export function isLiteralRepr(repr: string): boolean {
  const text = repr.trim();
  if (!text || text.length > MAX_REPR || text.includes('\n')) return false;
  if (/\b(nan|inf)\b/.test(text)) return false; // float('nan') != itself; inf has no literal
  const parsed = parseCell(text);
  if (!parsed.ok || !parsed.tree) return false;
  let nonLiteral = 0;
  let statements = 0;
  parsed.tree.iterate({
    enter(node) {
      if (node.type.isTop) return undefined;
      if (node.name === 'ExpressionStatement' && node.node.parent?.type.isTop)
        statements++;
      // `a - b` between literals is fine (complex numbers print as `(1-2j)`), `x + y` of names is not
      if (!LITERAL_NODES.has(node.name)) {
        nonLiteral++;
        return false;
      }
      return undefined;
    }
  });
  return nonLiteral === 0 && statements === 1;
}

function pyString(s: string): string {
  return JSON.stringify(s); // a JSON string of printable text is a valid Python string literal
}

function characterization(input: TestPlanInput): string | null {
  const kv = input.kernelValues;
  if (!kv) return null;
  const args: string[] = [];
  for (const p of input.params) {
    if (!Object.prototype.hasOwnProperty.call(kv.inputs, p)) return null;
    const r = kv.inputs[p];
    if (!isLiteralRepr(r)) return null;
    args.push(`${p}=${r.trim()}`);
  }
  const results: string[] = [];
  for (const r of input.returns) {
    if (!Object.prototype.hasOwnProperty.call(kv.outputs, r)) return null;
    const v = kv.outputs[r];
    if (!isLiteralRepr(v)) return null;
    results.push(v.trim());
  }
  if (input.returnsDisplayed) {
    if (kv.displayed === undefined || !isLiteralRepr(kv.displayed)) return null;
    results.push(kv.displayed.trim());
  }
  const expected =
    results.length === 0
      ? 'None'
      : results.length === 1
        ? results[0]
        : `(${results.join(', ')})`;
  const fn = input.functionName;
  return [
    `def test_${fn}_characterization():`,
    `    # values observed in the notebook's kernel when the cells ran`,
    `    assert ${fn}(${args.join(', ')}) == ${expected}`
  ].join('\n');
}

/**
 * `result = fn(a=..., ...)`; when even `result = fn(` does not fit, ruff format wraps the call
 * in parentheses and splits it inside them.
 */
function resultOf(fn: string, args: string[]): string {
  const line = bracketed(`result = ${fn}(`, args, ')', '    ');
  if (!line.includes('\n') && fits(line)) return line;
  if (args.length && fits(`    result = ${fn}(`)) return line;
  // `fn()` that does not fit either cannot be helped: ruff leaves it on one line
  if (!args.length && !fits(`        ${fn}()`)) return line;
  return `    result = (\n${bracketed(`${fn}(`, args, ')', '        ')}\n    )`;
}

function skippedCharacterization(input: TestPlanInput): string {
  const fn = input.functionName;
  const supply = input.params.length
    ? `example values for ${input.params.join(', ')}`
    : 'the conditions the function needs';
  const expect =
    input.returns.length || input.returnsDisplayed
      ? `the expected ${input.returns.length + (input.returnsDisplayed ? 1 : 0) > 1 ? 'tuple' : 'result'}`
      : 'what the call should change or print';
  const reason = `characterization test for ${fn}: supply ${supply} and ${expect}; no small literal values were recorded from a kernel`;
  return [
    bracketed('@pytest.mark.skip(', [`reason=${pyString(reason)}`], ')'),
    `def test_${fn}_characterization():`,
    resultOf(
      fn,
      input.params.map(p => `${p}=...`)
    ),
    `    assert result == ...`
  ].join('\n');
}

/** `params = list(inspect.signature(fn).parameters)`, split as ruff format splits it. */
function paramsOf(fn: string): string {
  const call = `inspect.signature(${fn}).parameters`;
  const line = bracketed('params = list(', [call], ')', '    ');
  if (line.split('\n').every(fits)) return line;
  return [
    '    params = list(',
    '        inspect.signature(',
    `            ${fn}`,
    '        ).parameters',
    '    )'
  ].join('\n');
}

/** The test functions for one promoted function. */
export function testFunctionsFor(input: TestPlanInput): {
  text: string;
  needsPytest: boolean;
} {
  const fn = input.functionName;
  // the list bound first: `assert list(inspect.signature(fn).parameters) == [...]` is split
  // by ruff format on its left side, which promote cannot lay out as it does
  const signature = [
    `def test_${fn}_signature():`,
    paramsOf(fn),
    bracketed(
      'assert params == [',
      input.params.map(pyString),
      ']',
      '    ',
      true
    )
  ].join('\n');
  const ch = characterization(input);
  return {
    text: `${signature}\n\n\n${ch ?? skippedCharacterization(input)}`,
    needsPytest: ch === null
  };
}

/**
 * The whole test file text, new or merged into an existing one (same-named tests replaced),
 * and whether it characterises the function with the kernel's values.
 */
export function renderTestFile(input: TestPlanInput): {
  text: string;
  characterized: boolean;
} {
  const { text: tests, needsPytest } = testFunctionsFor(input);
  return {
    text: renderTestText(input, tests, needsPytest),
    characterized: !needsPytest
  };
}

function renderTestText(
  input: TestPlanInput,
  tests: string,
  needsPytest: boolean
): string {
  const [importFn] = renderImports([
    {
      kind: 'from',
      module: input.moduleName,
      name: input.functionName,
      bound: input.functionName,
      isFuture: false
    }
  ]);
  const existing = input.existingTestText ?? '';
  if (!existing.trim()) {
    const head = [
      `"""${escapeDocstring(`Tests of ${input.moduleName}, written by \`nbcraft promote\` from ${input.notebookName}.`)}"""`,
      '',
      'import inspect',
      '',
      ...(needsPytest ? ['import pytest', ''] : []),
      importFn
    ];
    return `${head.join('\n')}\n\n\n${tests}\n`;
  }
  let text = removeTopLevelFunctions(existing, [
    `test_${input.functionName}_signature`,
    `test_${input.functionName}_characterization`
  ]);
  const needed = [
    'import inspect',
    ...(needsPytest ? ['import pytest'] : []),
    importFn
  ].filter(line =>
    // a split `from m import (\n    fn,\n)` is looked for whole
    line.includes('\n')
      ? !text.includes(line)
      : !new RegExp(`^${escapeRegExp(line)}\\s*$`, 'm').test(text)
  );
  if (needed.length) {
    const lines = text.split('\n');
    let lastImport = -1;
    for (let i = 0; i < lines.length; i++) {
      if (/^(import|from)\s/.test(lines[i])) {
        // a parenthesised import ends at its `)`, not on its first line
        if (lines[i].trimEnd().endsWith('('))
          while (i + 1 < lines.length && !lines[i].startsWith(')')) i++;
        lastImport = i;
      } else if (/^(def|class|@)/.test(lines[i])) break;
    }
    const at = lastImport + 1;
    lines.splice(at, 0, ...needed);
    text = lines.join('\n');
  }
  return text.trimEnd() + `\n\n\n${tests}\n`;
}

/** Drops the decorators that end `lines`, a split one (`@pytest.mark.skip(` ... `)`) whole. */
function dropDecorators(lines: string[]): void {
  for (;;) {
    const last = lines.length - 1;
    if (last < 0) return;
    if (lines[last].startsWith('@')) {
      lines.pop();
      continue;
    }
    if (lines[last] !== ')') return;
    let open = last - 1;
    while (open >= 0 && /^\s/.test(lines[open])) open--;
    if (open < 0 || !lines[open].startsWith('@')) return;
    lines.length = open;
  }
}

/** Removes top-level `def NAME` blocks (with their decorators) from a Python file text. */
function removeTopLevelFunctions(text: string, names: string[]): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^def\s+([A-Za-z_]\w*)\s*\(/.exec(lines[i]);
    if (m && names.includes(m[1])) {
      dropDecorators(out);
      i++;
      while (i < lines.length && (/^\s/.test(lines[i]) || lines[i] === '')) i++;
      i--;
      continue;
    }
    out.push(lines[i]);
  }
  return out.join('\n');
}
