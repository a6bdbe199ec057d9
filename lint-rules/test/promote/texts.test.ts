/**
 * Promote's refusal texts can be translated: each refusal made from promote/texts.ts carries
 * the template ids and values it was filled from, filling them again gives the English the CLI
 * prints, and every template is in the message catalogue (so in nbcraft.pot).
 */
import { messageCatalogue, potEntries } from '../../src/messages';
import { readNotebook } from '../../src/notebook';
import { planPromotion } from '../../src/promote';
import { pythonpathEdit } from '../../src/promote/pytestConfig';
import {
  fillPromoteText,
  PROMOTE_TEXTS,
  type PromoteTextId
} from '../../src/promote/texts';
import type { PromotionRequest } from '../../src/promote/types';
import { ipynbText, notebookOf, type CellSpec } from './helpers';

/** One cell each, refused by the analysis of cells (promote/validate.ts, promote/cellBody.ts). */
const refused = [
  'global counter\ncounter = 1',
  'nonlocal n',
  'from math import *\ny = sqrt(2)',
  "exec('q = 1')\nprint(q)",
  'x = 1\nreturn x',
  'if s:\n    break',
  'def f():\n    global g\n    g = 1',
  "if __name__ == '__main__':\n    run = 1",
  'await go()',
  '%run helpers.py\nz = helper()',
  '%%bash\necho hi',
  '%%foo\nprint(1)',
  'x = (1,',
  '%%capture out\nprint(1)',
  '%timeit sum(range(9))',
  'for i in x:\n    !echo hi\n    y = i',
  'y = Out[1] * 2'
];

/** Metadata nested deeper than the replacement cell may carry. */
function deeplyNested(): Record<string, unknown> {
  const top: Record<string, unknown> = {};
  let at = top;
  for (let i = 0; i < 120; i++) {
    const inner: Record<string, unknown> = {};
    at.k = inner;
    at = inner;
  }
  return top;
}

/** Refused for what the user asked: the selection, the module path, the function name. */
const askedFor: [string, () => PromotionRequest][] = [
  ['no cells', () => request(['x = 1'], { cells: [] })],
  ['a cell that is not there', () => request(['x = 1'], { cells: [4] })],
  ['a gap', () => request(['a = 1', 'b = a', 'c = b'], { cells: [0, 2] })],
  [
    'deep metadata',
    () => {
      const req = request(['x = 1']);
      (req.notebook.cells[0] as { metadata: unknown }).metadata =
        deeplyNested();
      return req;
    }
  ],
  ['Markdown only', () => request([{ md: '# T' }])],
  ['not a module path', () => request(['x = 1'], { modulePath: 'src/a-b.py' })],
  [
    'a control character in the path',
    () => request(['x = 1'], { modulePath: 'src/a\u0085b.py' })
  ],
  [
    'an invisible character in the path',
    () => request(['x = 1'], { modulePath: 'src/a\u200bb.py' })
  ],
  [
    'a name ending in a dot',
    () => request(['x = 1'], { modulePath: 'lib./pkg/m.py' })
  ],
  [
    'outside',
    () => request(['x = 1'], { modulePath: '../pkg/m.py', moduleName: 'pkg.m' })
  ],
  ['a bad name', () => request(['x = 1'], { functionName: '1st' })],
  [
    'a name in use',
    () =>
      request(['def load(): pass', 'x = 1'], {
        cells: [1],
        functionName: 'load'
      })
  ],
  ['nothing to promote', () => request(['import os'])],
  [
    'display() inside',
    () => request(['t = 1', 'display(t)\nu = t + 1'], { cells: [1] })
  ],
  ['a command between statements', () => request(['a = 1\n!ls\nb = a'])],
  [
    '%%time over one cell of two',
    () => request(['%%time\na = 1', 'b = a'], { cells: [0, 1] })
  ],
  [
    'a command in a percent script',
    () => ({
      ...request([]),
      notebook: readNotebook('a.py', '# %%\n%time a = 1\n')
    })
  ],
  [
    'a command in a Databricks source',
    () => ({
      ...request([]),
      notebook: readNotebook(
        'b.py',
        '# Databricks notebook source\n# MAGIC %time a = 1\n'
      )
    })
  ],
  [
    'late binding',
    () =>
      request(
        [
          'factor = 2',
          'def scale(v):\n    return v * factor',
          'factor = 3\nprint(scale(1))'
        ],
        { cells: [1] }
      )
  ],
  ...(
    [
      ['a module that does not parse', 'def broken(:\n'],
      [
        'a module binding the name',
        'x = 1\n',
        'import numpy as x\ny = x.zeros(3)'
      ],
      [
        'a module importing the name',
        'import pandas as x\n',
        'import numpy as x\ny = x.zeros(3)'
      ],
      ['a module with that function', 'def f():\n    return 0\n'],
      ['a module with that class', 'class f:\n    pass\n'],
      ['a module with that name', 'f = 3\n']
    ] as [string, string, string?][]
  ).map(
    ([name, existing, cell]) =>
      [
        name,
        () =>
          request([cell ?? 'y = 2', 'z = y + 1\nprint(z)'], {
            cells: [0],
            ...(cell ? {} : { functionName: 'f' }),
            existingModuleText: existing
          })
      ] as [string, () => PromotionRequest]
  )
];

function request(
  cells: CellSpec[],
  options: Partial<PromotionRequest> = {}
): PromotionRequest {
  return {
    notebook: notebookOf(cells),
    cells: [0],
    modulePath: 'src/pkg/m.py',
    testsDir: 'tests',
    ...options
  };
}

/** Promoted, with a warning each: the preview's warnings carry their templates too. */
const warned: [string, () => PromotionRequest][] = [
  [
    'maybe-unbound',
    () =>
      request(['data = [1, 2]', '[last := v for v in data]', 'print(last)'], {
        cells: [1]
      })
  ],
  [
    'unbound-after',
    () =>
      request(
        [
          'def load(): return 1\nclass Err(Exception): pass',
          'try:\n    v = load()\nexcept Err as e:\n    v = None',
          'print(v, e)'
        ],
        { cells: [1] }
      )
  ],
  [
    'mutates-param',
    () => request(['xs = [3, 1]', 'xs.sort()', 'print(xs)'], { cells: [1] })
  ],
  [
    'magic-moved',
    () => request(['a = 1\n%matplotlib inline\nb = a + 1', 'print(b)'])
  ],
  [
    'display-dropped',
    () => request(['a = 1\na', 'b = a + 1'], { cells: [0, 1] })
  ],
  ['unparsed-later-cell', () => request(['a = 1\nb = 2', 'print(('])],
  [
    'dynamic-access',
    () =>
      request(
        [
          'def show(*names):\n    return [eval(n) for n in names]',
          'df1 = [1]\ntmp = 2',
          "show('df1')"
        ],
        { cells: [1] }
      )
  ],
  [
    'relative-import',
    () => request(['from .util import helper\nx = helper()'])
  ],
  [
    'renamed',
    () =>
      request(['x = 1'], {
        functionName: 'step',
        existingModuleText: 'def step():\n    return 0\n',
        onConflict: 'rename'
      })
  ],
  [
    'error-output',
    () => {
      const ipynb = JSON.parse(ipynbText(['x = 1\nx[0] = 2', 'y = 3'])) as {
        cells: { outputs?: unknown[]; execution_count?: number }[];
      };
      ipynb.cells[0].execution_count = 1;
      ipynb.cells[0].outputs = [
        {
          output_type: 'error',
          ename: 'TypeError',
          evalue: 'no',
          traceback: []
        }
      ];
      return {
        ...request([]),
        notebook: readNotebook('e.ipynb', JSON.stringify(ipynb)),
        cells: [0, 1]
      };
    }
  ]
];

describe('promote refusal texts', () => {
  const used = new Set<PromoteTextId>();

  for (const [code, make] of warned) {
    it(`and warning texts carry their templates: ${code}`, () => {
      const result = planPromotion(make());
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const warnings = result.warnings.filter(w => w.code === code);
      expect(warnings.length).toBeGreaterThan(0);
      for (const warning of warnings) {
        expect(warning.texts).toBeDefined();
        expect(fillPromoteText(warning.texts!.message)).toBe(warning.message);
        used.add(warning.texts!.message.id);
      }
    });
  }
  it('and warning texts carry their templates: module-up-to-date', () => {
    const first = planPromotion(request(['x = 1'], { functionName: 'step' }));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const again = planPromotion(
      request(['x = 1'], {
        functionName: 'step',
        existingModuleText: first.moduleText
      })
    );
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    const [warning] = again.warnings.filter(
      w => w.code === 'module-up-to-date'
    );
    expect(fillPromoteText(warning.texts!.message)).toBe(warning.message);
    used.add(warning.texts!.message.id);
  });
  const cases: [string, () => PromotionRequest][] = [
    ...refused.map(
      source =>
        [JSON.stringify(source), () => request([source])] as [
          string,
          () => PromotionRequest
        ]
    ),
    ...askedFor
  ];
  for (const [name, make] of cases) {
    it(`carry their templates: ${name}`, () => {
      const result = planPromotion(make());
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const reason = result.reasons[0];
      expect(reason.texts).toBeDefined();
      const texts = reason.texts!;
      expect(fillPromoteText(texts.message)).toBe(reason.message);
      expect(fillPromoteText(texts.hint)).toBe(reason.hint);
      // a translated template is filled with the same values: names and paths stay as written
      const upper = fillPromoteText(
        texts.message,
        PROMOTE_TEXTS[texts.message.id]
          .toUpperCase()
          .replace(/\{\{(\w+)\}\}/gi, m => m.toLowerCase())
      );
      for (const value of Object.values(texts.message.data ?? {})) {
        expect(upper).toContain(value);
      }
      used.add(texts.message.id);
      used.add(texts.hint.id);
    });
  }

  it.each([
    [{ 'pytest.ini': '[pytest]\npythonpath =\n    lib\n    other\n' }],
    [{ 'pyproject.toml': 'a = \n' }],
    [
      {
        'pyproject.toml':
          '[tool.pytest]\nini_options = { testpaths = ["tests"] }\n'
      }
    ],
    [
      {
        'pyproject.toml': '[tool.pytest.ini_options]\n"pythonpath" = ["lib"]\n'
      }
    ]
  ])('and pytest config problems carry their templates: %j', texts => {
    const edit = pythonpathEdit(texts, 'src');
    expect(edit.ok).toBe(false);
    if (edit.ok) return;
    expect(fillPromoteText(edit.texts.message)).toBe(edit.message);
    used.add(edit.texts.message.id);
    used.add('pytestConfigHint'); // the lab's hint for all of them (promote/session.ts)
  });

  it('are all used above, and all in the catalogue that nbcraft.pot is written from', () => {
    // validate.ts refuses a cell in another language before cellBody.ts sees its magic, and a
    // cell that does not parse always has a located syntax error: these two are fallbacks
    // (so is a module that does not parse without a located error, and a same-named
    // definition that is neither a function nor a class)
    const fallbacks = [
      'cellMagicNotPython',
      'cellDoesNotParse',
      'moduleDoesNotParse',
      'moduleDefinesOther',
      // the planner's own check of what it wrote: a bug in nbcraft, never the user's input
      'generatedSyntaxAt',
      'generatedSyntax',
      'generatedSyntaxHint'
    ];
    expect([...used].sort()).toEqual(
      Object.keys(PROMOTE_TEXTS)
        .filter(id => !fallbacks.includes(id))
        .sort()
    );
    const msgids = new Set(
      potEntries(messageCatalogue()).map(entry => entry.msgid)
    );
    for (const template of Object.values(PROMOTE_TEXTS)) {
      expect(msgids.has(template)).toBe(true);
    }
  });
});
