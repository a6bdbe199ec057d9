/** The engine: one walk per cell, dispatch by node type, suppressions, file positions, rule failures. */
import { lintNotebook, RuleFailure } from '../../src/engine';
import { defineRule, EnabledRule } from '../../src/engine/types';
import { readNotebook } from '../../src/notebook';
import { allRules } from '../../src/rules';
import { notebookText } from '../rules/ruleTester';
import { resolveConfig } from '../../src/config';
import { analyzeNotebook } from '../../src/python';
import type { SyntaxNode } from '@lezer/common';

function nb(cells: Parameters<typeof notebookText>[0], path = 'eng.ipynb') {
  return readNotebook(path, notebookText(cells));
}

/** The meta of a probe rule the tests define: all that differs is its code, id and message. */
function probeMeta(code: string, id: string, message = 'm') {
  return {
    code,
    id,
    category: 'code-quality' as const,
    description: 'd',
    defaultSeverity: 'warning' as const,
    recommended: false,
    messages: { m: message }
  };
}

describe('lintNotebook', () => {
  it('walks each Python cell once and dispatches only subscribed node types', () => {
    const seen: string[] = [];
    let cellCalls = 0;
    const probe = defineRule<Record<string, never>, 'm'>({
      meta: probeMeta('NB999', 'probe', '{{what}}'),
      create: ctx => ({
        cell: () => {
          cellCalls++;
        },
        nodes: {
          CallExpression: (node, cell) =>
            seen.push(`${cell.cell.index}:${cell.textOf(node)}`),
          String: (node, cell) => {
            ctx.report({
              messageId: 'm',
              data: { what: cell.textOf(node) },
              cell: cell.cell,
              node
            });
          }
        }
      })
    });
    const out = lintNotebook(
      nb([
        'f(1)\ng("x")',
        { md: 'f(2)' },
        '%%sql\nSELECT f(3)',
        'def broken(:'
      ]),
      [{ rule: probe, severity: 'warning', options: {} }]
    );
    expect(cellCalls).toBe(4);
    expect(seen).toEqual(['0:f(1)', '0:g("x")']);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      message: '"x"',
      cell: 0,
      start: { line: 1, column: 2 },
      end: { line: 1, column: 5 }
    });
  });

  it('hands every node to its handlers in pre-order, as a TreeCursor visits them', () => {
    // one handler per node type of the grammar: the engine's walk must visit the same nodes, in
    // the same order, as lezer's own cursor (the rules keep state between nodes)
    const source = [
      'import os, numpy as np',
      'try:',
      '    x = [f(a, *b, k="v") for a in range(3) if a is not None]',
      'except Exception:',
      '    pass',
      '@deco',
      'class C(B):',
      '    def m(self, y=1, /, *, z: int = 2) -> None:',
      '        return {k: v for k, v in y.items()}[0] + f"{z!r:>3}"',
      'lambda q: (q, -q, not q)',
      'print("a" "b", end="")'
    ].join('\n');
    const notebook = nb([source]);
    const tree = analyzeNotebook(notebook).perCell.get(0)?.parsed.tree;
    expect(tree).toBeDefined();
    const expected: string[] = [];
    const cursor = tree!.cursor();
    do {
      expected.push(`${cursor.name}@${cursor.from}-${cursor.to}`);
    } while (cursor.next());
    const seen: string[] = [];
    const record = (node: SyntaxNode) =>
      seen.push(`${node.name}@${node.from}-${node.to}`);
    const names = new Set(expected.map(e => e.slice(0, e.indexOf('@'))));
    const every = defineRule<Record<string, never>, 'm'>({
      meta: probeMeta('NB998', 'every-node'),
      create: () => ({
        nodes: Object.fromEntries([...names].map(n => [n, record]))
      })
    });
    lintNotebook(notebook, [{ rule: every, severity: 'warning', options: {} }]);
    expect(expected.length).toBeGreaterThan(100);
    expect(seen).toEqual(expected);
  });

  it('reaches the nodes at the bottom of a deep tree and comes back up', () => {
    // `1 + 1 + ...` nests one BinaryExpression per operator, 600 deep (about as deep as lezer
    // goes before it gives up on a cell); the call sits at the bottom-right, the string after
    const source = `x = ${Array(600).fill('1').join(' + ')} + len("end")\ny = "after"`;
    const calls: string[] = [];
    const probe = defineRule<Record<string, never>, 'm'>({
      meta: probeMeta('NB997', 'deep-probe'),
      create: () => ({
        nodes: {
          CallExpression: (node, cell) => calls.push(cell.textOf(node)),
          String: (node, cell) => calls.push(cell.textOf(node))
        }
      })
    });
    lintNotebook(nb([source]), [
      { rule: probe, severity: 'warning', options: {} }
    ]);
    expect(calls).toEqual(['len("end")', '"end"', '"after"']);
  });

  it('hands the subscribed nodes over as real SyntaxNodes, also inside large cells', () => {
    // the nodes a rule is handed must know their parents and children (whatever way the walk
    // reaches them), in small cells (one tree buffer) and in a cell large enough that lezer splits
    // it into nested trees; the reference is an independent recursive walk with the node getters
    const line = (i: number) =>
      i % 3 === 0
        ? `v${i} = f(g(${i}), k=h(x[${i}]))`
        : i % 3 === 1
          ? `if v:\n    w${i} = "s"`
          : `print(m.n(${i}))`;
    const small = [0, 1, 2].map(line).join('\n');
    const large = Array.from({ length: 1500 }, (_, i) => line(i)).join('\n');
    const notebook = nb([small, large]);
    const describe = (node: SyntaxNode) => {
      const up: string[] = [];
      for (let p = node.parent; p; p = p.parent) {
        up.push(p.name);
      }
      const args = node.getChild('ArgList');
      return `${node.name}@${node.from}-${node.to}<${up.join('<')}|${
        args ? `${args.from}-${args.to}` : '-'
      }|${node.firstChild?.name ?? '-'}`;
    };
    const analysis = analyzeNotebook(notebook);
    const expected: string[] = [];
    for (const index of [0, 1]) {
      const tree = analysis.perCell.get(index)?.parsed.tree;
      expect(tree).toBeDefined();
      const visit = (node: SyntaxNode) => {
        if (node.name === 'CallExpression' || node.name === 'String') {
          expected.push(`${index}:${describe(node)}`);
        }
        for (let c = node.firstChild; c; c = c.nextSibling) {
          visit(c);
        }
      };
      visit(tree!.topNode);
    }
    // the large cell really is split into trees (not one buffer), else it tests nothing new
    const largeTree = analysis.perCell.get(1)!.parsed.tree!;
    expect(largeTree.children.some(c => 'children' in c)).toBe(true);
    const seen: string[] = [];
    const probe = defineRule<Record<string, never>, 'm'>({
      meta: probeMeta('NB996', 'node-probe'),
      create: () => ({
        nodes: {
          CallExpression: (node, cell) =>
            seen.push(`${cell.cell.index}:${describe(node)}`),
          String: (node, cell) =>
            seen.push(`${cell.cell.index}:${describe(node)}`)
        }
      })
    });
    lintNotebook(
      notebook,
      [{ rule: probe, severity: 'warning', options: {} }],
      { analysis }
    );
    expect(expected.length).toBeGreaterThan(2500);
    expect(seen).toEqual(expected);
  });

  it('maps findings to the line and column in the .ipynb file itself', () => {
    const text = notebookText([{ md: '# T' }, 'import os\nos.chdir("data")']);
    const rules = resolveConfig({
      extends: 'none',
      rules: { 'working-directory-change': 'error' }
    }).rules;
    const [f] = lintNotebook(readNotebook('x.ipynb', text), rules);
    const fileLines = text.split('\n');
    // the finding's file line holds the JSON string of the cell's second line
    expect(fileLines[f.file.line - 1]).toContain('os.chdir(\\"data\\")');
    expect(fileLines[f.file.line - 1].slice(f.file.column - 1)).toMatch(
      /^os\.chdir/
    );
    expect(f.severity).toBe('error');
  });

  it('honours line, cell, file and metadata suppressions by code or id', () => {
    const rules: EnabledRule[] = resolveConfig({ extends: 'strict' }).rules;
    const cells = [
      'import os  # nbcraft: disable=NB205\nimport sys',
      '# nbcraft: disable-cell=bare-except\ntry:\n    pass\nexcept:\n    pass',
      '# nbcraft: disable=NB210\nx = None == 1'
    ];
    const found = lintNotebook(nb(cells, 'supp.ipynb'), rules).map(
      f => `${f.ruleCode}@${f.cell}`
    );
    expect(found).toContain('NB205@0'); // sys is still unused
    expect(found.filter(f => f === 'NB205@0')).toHaveLength(1);
    expect(found).not.toContain('NB206@1');
    expect(found).not.toContain('NB210@2');
    const withFile = lintNotebook(
      nb(['# nbcraft: disable-file=NB305,NB205\nimport os'], 'f.ipynb'),
      rules
    ).map(f => f.ruleCode);
    expect(withFile).not.toContain('NB305');
    expect(withFile).not.toContain('NB205');
  });

  it('names the rule and cell when a rule throws', () => {
    const bad = defineRule<Record<string, never>, 'm'>({
      meta: {
        code: 'NB998',
        id: 'boom',
        category: 'code-quality',
        description: 'd',
        defaultSeverity: 'error',
        recommended: false,
        messages: { m: 'm' }
      },
      create: () => ({
        nodes: {
          Number: () => {
            throw new Error('kaput');
          }
        }
      })
    });
    expect(() =>
      lintNotebook(nb(['x = 1']), [
        { rule: bad, severity: 'error', options: {} }
      ])
    ).toThrow(RuleFailure);
    expect(() =>
      lintNotebook(nb(['x = 1']), [
        { rule: bad, severity: 'error', options: {} }
      ])
    ).toThrow('rule boom failed on cell 1: kaput');
  });

  it('runs every rule on a notebook with every kind of cell without failing', () => {
    const all = allRules.map(rule => ({
      rule,
      severity: rule.meta.defaultSeverity,
      options: rule.meta.options ? rule.meta.options.parse({}) : {}
    }));
    const out = lintNotebook(
      nb([
        { md: '# Title' },
        '%pip install pandas',
        'import mlflow\nmlflow.start_run()\nx = f"a"   ',
        { raw: 'raw' },
        '%%bash\necho hi',
        ''
      ]),
      all
    );
    expect(out.map(f => f.ruleId)).toEqual(
      expect.arrayContaining([
        'unpinned-pip-install',
        'mlflow-run-not-ended',
        'f-string-without-placeholders',
        'empty-cell'
      ])
    );
  });
});
