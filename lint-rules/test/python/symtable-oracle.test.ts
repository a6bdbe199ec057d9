/**
 * CPython's `symtable` as the oracle for the scope pass.
 *
 * For every Python code cell of every notebook in the corpus (test/corpus, shipped, and
 * ../shared/corpus when present; see corpusDirs.ts) plus a fixed list of tricky snippets, the
 * masked cell text is given to `python3` (ONE subprocess for the whole batch, JSON on stdin)
 * running symtable_oracle.py.
 * For cells that both CPython and lezer parse, we compare:
 *   module-scope names symtable marks assigned/imported  vs  binds ∪ deletes
 *   names referenced at module level or resolving to the module from nested scopes  vs  scope.reads
 * Documented symtable artefacts are explained, by category; unexplained disagreements must be 0.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isNotebookPath, readNotebook } from '../../src/notebook';
import {
  analyzeCell,
  CellScope,
  isPythonCodeCell,
  maskIPythonSyntax
} from '../../src/python';
import { corpusDirs, notebookFiles } from '../corpusDirs';

const ORACLE = path.join(__dirname, 'symtable_oracle.py');

interface OracleResult {
  ok: boolean;
  parses: boolean;
  error?: string;
  assigned: string[];
  referenced: string[];
  nested_global_refs: string[];
}

/** Snippets that exercise every construct of the scope pass, checked against symtable too. */
export const TRICKY_SNIPPETS: string[] = [
  'b = a + 1',
  'total += x',
  'r = [y for y in xs if y > k]',
  '[last := v for v in data]',
  'import numpy as np; arr = np.zeros(n)',
  'def scale(v): return v*factor\nout = [scale(v) for v in vals]',
  '@cache\ndef f(a=b) -> R:\n    pass',
  'class K:\n    z = 1\n    w = [z for _ in r]\n    def m(self):\n        return z + w',
  'try:\n    v = load()\nexcept Err as e:\n    v = None',
  'if flag:\n    y = 1',
  'for r in rows:\n    use(prev)\n    prev = r',
  'tmp = big(); res = tmp.sum(); del tmp',
  "df.drop(columns=['a'], inplace=True)",
  'match cmd:\n    case Point(x=0, y=yy) as p:\n        pass\n    case [a, *rest] | (a, *rest):\n        pass\n    case {"k": _, **kw}:\n        pass\n    case Color.RED:\n        pass',
  'key = lambda r: r[col]\ns = f"{name!r:>{width}}"',
  'global counter\nfrom math import *\ncounter = 1',
  'from __future__ import annotations\nimport a.b.c\nimport d.e as f\nfrom .g import h as i, j\nv: Later = make()\ndef fn(p: PT = pd) -> RT:\n    q: QT = p',
  'x: int\ny: List[int] = []\nself_.attr: int = 3',
  'def outer(p, *args, q=dflt, **kw):\n    def inner():\n        nonlocal p\n        p = free_in_inner\n        return p + q\n    global gw\n    gw = inner\n    return [z for z in args if z > limit]',
  'with open(path) as fh, lock:\n    data = fh.read()',
  'async def fetch(u):\n    async with session.get(u) as r:\n        return await r.json()',
  'while (n := next_n()) > 0:\n    acc = acc + n\nelse:\n    done = True',
  'f(k=1, *args, **kwargs)\nprint(sep=sep_value)',
  'g = (a for a in range(3) if a in allowed)\nsum(x for x in items)',
  'class A(Base, metaclass=Meta):\n    x = 1\n    y = x + 1\n    def m(self, d=x):\n        return y',
  'del a[0], b.c, d',
  'm = {k: v for k, v in pairs if k not in skip}\nss = {s for s in seq}',
  'lst.append(1)\nd.update(x=1)\nmodel.fit(X, y)\nt.add_(1)\nobj.attr.sub = 3\nbuf[i] = v',
  'x = 1\ndef f():\n    return x\nx = 2',
  'exec("y = 1")\nprint(eval("y"))',
  'try:\n    import fast as impl\nexcept ImportError:\n    import slow as impl\nfinally:\n    cleanup()',
  'if a:\n    u = 1\nelif b:\n    u = 2\nelse:\n    u = 3\nprint(u)',
  'lambda: (w := 5)\ncall(lambda q, r=rv: q + r + outer_name)',
  'for i, (j, *k) in enumerate(pairs):\n    pass\nelse:\n    fin = i',
  'type_ = type(obj)\nmatch = re.match(p, s)\ncase = 1',
  'return 1',
  'def g():\n    loc: LT = 1\n    return loc',
  'def gen():\n    yield\n    got = yield\n    return got',
  '%%capture --no-stderr cap\nrun(x)',
  '%%python3\nimport sys\nprint(sys.version)',
  'with (\n    open(a) as f,\n    lock,\n    open(b) as g,\n):\n    data = f.read() + g.read()',
  'match v:\n    case str() | bytes():\n        kind = "text"\n    case Point( ) as p:\n        kind = p',
  'class Cfg:\n    a: int = 1\n    b: str\n    def m(self) -> Cfg:\n        return self'
];

/** The Python code cells of every notebook outside bad-input, in every corpus folder. */
function corpusCells(): { corpus: string; where: string; source: string }[] {
  const out: { corpus: string; where: string; source: string }[] = [];
  for (const corpus of corpusDirs()) {
    for (const f of notebookFiles(corpus)) {
      if (f.includes(`${path.sep}bad-input${path.sep}`)) continue;
      const text = fs.readFileSync(f, 'utf8');
      if (!isNotebookPath(f, text)) continue;
      const nb = readNotebook(path.relative(corpus, f), text);
      for (const cell of nb.cells) {
        if (isPythonCodeCell(cell))
          out.push({
            corpus,
            where: `${corpus}: ${nb.path} cell ${cell.index + 1}`,
            source: cell.source
          });
      }
    }
  }
  return out;
}

function difference(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter(x => !b.has(x)).sort();
}

/** Explains a disagreement by a documented symtable artefact, or returns undefined. */
function explain(
  kind: 'assigned' | 'reads',
  side: 'ours-only' | 'oracle-only',
  name: string,
  scope: CellScope,
  magicTargets: string[]
): string | undefined {
  if (
    kind === 'assigned' &&
    side === 'ours-only' &&
    magicTargets.includes(name)
  ) {
    return 'name bound by a cell magic (`%%capture NAME`): masked out of what symtable sees';
  }
  if (kind === 'assigned' && side === 'ours-only') {
    // `[last := v for v in data]` at module level: symtable records `last` as a global
    // declaration inside the comprehension, and never as assigned in the module table
    const bindsOf = scope.refs.filter(
      r => r.name === name && r.access === 'bind'
    );
    if (bindsOf.length && bindsOf.every(r => r.inFunction))
      return 'walrus target in a module-level comprehension';
  }
  if (kind === 'assigned' && side === 'oracle-only') {
    // documented symtable artefacts: neither name is bound after its statement
    if (scope.annotatedOnly.includes(name))
      return 'annotation-only `x: T` (symtable: assigned)';
    if (scope.unboundAfter.includes(name))
      return '`except ... as` target (symtable: assigned)';
  }
  if (kind === 'reads' && side === 'ours-only') {
    // `x += e` reads x, but symtable visits an augmented target as a store only (no USE flag)
    const readsOf = scope.refs.filter(
      r => r.name === name && r.access === 'read'
    );
    const isAugTarget = (r: { line: number; column: number }) =>
      scope.refs.some(
        b =>
          b.name === name &&
          b.access === 'bind' &&
          b.line === r.line &&
          b.column === r.column
      );
    if (readsOf.length && readsOf.every(isAugTarget))
      return 'augmented-assignment target (symtable: store only)';
  }
  return undefined;
}

describe('scope pass agrees with CPython symtable', () => {
  it('on every parseable Python cell of the corpus and the built-in snippets', () => {
    const cells: { corpus?: string; where: string; source: string }[] = [
      ...TRICKY_SNIPPETS.map((source, i) => ({
        where: `snippet ${i + 1}`,
        source
      })),
      ...corpusCells()
    ];
    const analysed = cells.map(c => ({
      ...c,
      analysis: analyzeCell(c.source)
    }));
    // every cell whose masked text is meant to be Python goes to CPython, parsed or not
    const python = analysed.filter(
      c => c.analysis.parsed.masked.cellLanguage === undefined
    );
    const stdout = execFileSync('python3', [ORACLE], {
      // the masked text BEFORE parse repairs (they blank `as NAME` of parenthesized with-statements)
      input: JSON.stringify(python.map(c => maskIPythonSyntax(c.source).text)),
      maxBuffer: 256 * 1024 * 1024,
      encoding: 'utf8'
    });
    const allOracle = JSON.parse(stdout) as OracleResult[];
    expect(allOracle).toHaveLength(python.length);
    // lezer refuses a cell exactly when CPython's parser does (after masking): no wrong tree is linted,
    // and masking never turns valid IPython into invalid Python
    const verdicts: string[] = [];
    python.forEach((c, i) => {
      if (c.analysis.parsed.ok !== allOracle[i].parses) {
        verdicts.push(
          `${c.where}: lezer ${c.analysis.parsed.ok ? 'parses' : 'rejects'}, CPython ${allOracle[i].parses ? 'parses' : `rejects (${allOracle[i].error ?? ''})`}\n${c.analysis.parsed.masked.text.slice(0, 300)}`
        );
      }
    });
    expect(verdicts).toEqual([]);
    const parsed = python.filter(c => c.analysis.scope !== null);
    const oracle = allOracle.filter(
      (_, i) => python[i].analysis.scope !== null
    );

    let compared = 0;
    const comparedIn = new Map<string | undefined, number>();
    const explained = new Map<string, number>();
    const unexplained: string[] = [];
    const cpythonRejects: string[] = [];
    parsed.forEach((c, i) => {
      const o = oracle[i];
      const scope = c.analysis.scope!;
      if (!o.ok) {
        cpythonRejects.push(`${c.where}: ${o.error}`);
        return;
      }
      compared++;
      comparedIn.set(c.corpus, (comparedIn.get(c.corpus) ?? 0) + 1);
      const ours = {
        assigned: new Set([...scope.bound, ...scope.deletes]),
        reads: new Set(scope.reads)
      };
      const theirs = {
        assigned: new Set(o.assigned),
        reads: new Set([...o.referenced, ...o.nested_global_refs])
      };
      for (const kind of ['assigned', 'reads'] as const) {
        for (const [side, names] of [
          ['ours-only', difference(ours[kind], theirs[kind])],
          ['oracle-only', difference(theirs[kind], ours[kind])]
        ] as const) {
          for (const name of names) {
            const magics = c.analysis.parsed.masked.magics;
            const magicTargets = magics.flatMap(m =>
              m.kind === 'cell-magic' && m.target ? [m.target] : []
            );
            const separate = magics.some(
              m =>
                m.kind === 'cell-magic' && /^(python[23]?|pypy)$/.test(m.name)
            );
            const why = separate
              ? 'body run in another interpreter (%%python3): no notebook names by design'
              : explain(kind, side, name, scope, magicTargets);
            if (why) explained.set(why, (explained.get(why) ?? 0) + 1);
            else
              unexplained.push(
                `${c.where}: ${kind} ${side} '${name}'\n${c.source.slice(0, 400)}`
              );
          }
        }
      }
    });

    console.log(
      `symtable oracle: ${cells.length} Python cells, ${parsed.length} parse in lezer, ${compared} compared ` +
        `(${[...comparedIn].map(([corpus, n]) => `${corpus ?? 'snippets'}: ${n}`).join(', ')}) ` +
        `(${cpythonRejects.length} parse but fail CPython's compile checks, e.g. a top-level return); explained artefacts: ` +
        (explained.size
          ? [...explained].map(([k, v]) => `${k} x${v}`).join(', ')
          : 'none')
    );
    expect(unexplained).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(TRICKY_SNIPPETS.length - 2);
    // every corpus folder is compared, not only read
    expect(
      corpusDirs().map(corpus => [corpus, (comparedIn.get(corpus) ?? 0) > 0])
    ).toEqual(corpusDirs().map(corpus => [corpus, true]));
  });
});
