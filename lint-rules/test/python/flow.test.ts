import { analyzeCell, CellScope } from '../../src/python';
import { FlowState } from '../../src/python/flow';

function scopeOf(source: string): CellScope {
  const r = analyzeCell(source);
  if (!r.scope)
    throw new Error(`does not parse: ${JSON.stringify(r.parsed.syntaxError)}`);
  return r.scope;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('FlowState: paths merged over the names they changed', () => {
  const names = (s: ReadonlySet<string>) => [...s].sort();

  it('bound on every path / on some path; a path may not run', () => {
    const s = new FlowState();
    s.bind('a');
    s.bind('m', true);
    const p = s.branch();
    s.bind('x');
    s.bind('y');
    s.unbind('a', false);
    p.endPath();
    // the next path starts from the state before the branch
    expect(names(s.definite)).toEqual(['a']);
    s.bind('x');
    s.unbind('m', true);
    p.endPath();
    p.merge(false);
    expect(names(s.definite)).toEqual(['x']);
    expect(names(s.maybe)).toEqual(['a', 'm', 'x', 'y']);

    const q = s.branch();
    s.bind('z');
    q.endPath();
    q.merge(true); // or none ran
    expect(names(s.definite)).toEqual(['x']);
    expect(names(s.maybe)).toEqual(['a', 'm', 'x', 'y', 'z']);
  });

  it('a name only a later path changes also keeps its start state for the paths before', () => {
    const s = new FlowState();
    s.bind('k');
    const p = s.branch();
    p.endPath(); // changed nothing
    s.unbind('k', true);
    s.bind('k');
    p.endPath();
    p.merge(false);
    expect(names(s.definite)).toEqual(['k']);
    const q = s.branch();
    s.unbind('k', false);
    q.endPath();
    q.endPath();
    q.merge(false);
    expect(names(s.definite)).toEqual([]);
    expect(names(s.maybe)).toEqual(['k']);
  });

  it('nested branch points: the inner merge is a change of the outer path', () => {
    const s = new FlowState();
    const outer = s.branch();
    const inner = s.branch();
    s.bind('i');
    inner.endPath();
    s.bind('i');
    s.bind('j');
    inner.endPath();
    inner.merge(false);
    expect(names(s.definite)).toEqual(['i']);
    outer.endPath();
    expect(names(s.maybe)).toEqual([]);
    outer.merge(true);
    expect(names(s.definite)).toEqual([]);
    expect(names(s.maybe)).toEqual(['i', 'j']);
  });
});

describe('scope pass: many names bound in branches', () => {
  // what the merge of many branches finds; its cost (quadratic before session 21, linear now) is
  // measured by bench/lint-branch-names.js, not timed here
  const N = 2_000;

  it('one if per name', () => {
    const src =
      range(N)
        .map(k => `if c:\n    v${k} = ${k}\n`)
        .join('') + `print(v0, v${N - 1})`;
    const s = scopeOf(src);
    expect(s.bound).toHaveLength(N);
    expect(s.conditionallyBound).toEqual(s.bound);
    expect(s.readsMaybeBound).toEqual(['v0', `v${N - 1}`]);
  });

  it('one if/else per name, both binding it', () => {
    const src =
      range(N)
        .map(k => `if c:\n    v${k} = 1\nelse:\n    v${k} = 2\n`)
        .join('') + `print(v${N - 1})`;
    const s = scopeOf(src);
    expect(s.conditionallyBound).toEqual([]);
    expect(s.readsBeforeBind).toEqual(['c', 'print']);
  });

  it('one try/except per name', () => {
    const src =
      range(N)
        .map(k => `try:\n    v${k} = f()\nexcept E:\n    pass\n`)
        .join('') + 'print(v0)';
    const s = scopeOf(src);
    expect(s.bound).toHaveLength(N);
    // the body's bindings before any branch point stay definite (see FlowState.openTry)
    expect(s.conditionallyBound).toEqual([]);
    expect(s.readsBeforeBind).toEqual(['f', 'E', 'print']);
  });
});

describe('scope pass: a try at module level (the handlers start state, kept as it was)', () => {
  it.each<[string, string, string[]]>([
    [
      'a binding before any branch point is definite in the handlers',
      'try:\n    x = 1\nexcept E:\n    pass',
      []
    ],
    [
      'a binding after a branch point is not',
      'try:\n    if c:\n        pass\n    x = 1\nexcept E:\n    pass',
      ['x']
    ],
    [
      "a nested try's handlers are such a point for the outer try",
      'try:\n    try:\n        a = 1\n    except E:\n        a = 2\n    x = 1\nexcept E:\n    pass',
      ['x']
    ],
    [
      'a nested try without handlers is not',
      'try:\n    try:\n        a = 1\n    finally:\n        pass\n    x = 1\nexcept E:\n    pass',
      []
    ],
    [
      'a branch point inside a def is not',
      'try:\n    def f():\n        if c:\n            pass\n    x = 1\nexcept E:\n    pass',
      []
    ],
    [
      'a deletion before the branch point holds in the handlers',
      'x = 0\ntry:\n    del x\n    if c:\n        pass\n    x = 1\nexcept E:\n    pass',
      ['x']
    ],
    [
      'each handler starts afresh; one binding it is not enough',
      'try:\n    if c:\n        pass\n    x = 1\nexcept E:\n    x = 2\nexcept F:\n    pass',
      ['x']
    ],
    [
      'every handler binding it is',
      'try:\n    if c:\n        pass\n    x = 1\nexcept E:\n    x = 2\nexcept F:\n    x = 3',
      []
    ]
  ])('%s', (_, src, conditionallyBound) => {
    expect(scopeOf(src).conditionallyBound).toEqual(conditionallyBound);
  });
});
