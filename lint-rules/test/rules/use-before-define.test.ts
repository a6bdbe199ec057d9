import rule from '../../src/rules/use-before-define';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // round 11 (fchollet's 8.4, a VAE): a never-run overview cell in an executed notebook that
      // is pseudo-code: it reads `epsilon`, which no cell gives a value, so no order of the
      // cells runs it, and "move that definition above" would be the wrong advice
      name: 'a never-run pseudo-code cell of an executed notebook',
      cells: [
        {
          code: 'import numpy as np\nprint(1)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        },
        {
          code: 'z = encoder(input_img) + epsilon\nreconstructed = decoder(z)',
          count: null
        },
        { code: 'input_img = np.zeros(3)', count: 2 },
        { code: 'encoder = decoder = np.abs', count: 3 }
      ]
    },
    {
      // issue #15 (s20), round 14 (lamastex 360-in-525-04_11 cell 8): the loop's first iteration
      // binds p in the if branch, later ones read it in `p +=` (the else of a test on the
      // iteration); a later cell's p is another
      name: 'a read in a loop body of a name the body binds on an earlier iteration',
      cells: [
        'for i in range(5):\n    if i == 0:\n        p = [i]\n    else:\n        p += [i]\nprint(p)',
        'p = 3'
      ]
    },
    { cells: ['import pandas as pd\ndf = pd.DataFrame()', 'df.head()'] },
    {
      name: 'read in a function body is deferred',
      cells: ['def f():\n    return later', 'later = 1\nf()']
    },
    {
      name: 'builtins and IPython names',
      cells: ['print(len([1]))\ndisplay(1)']
    },
    {
      // round 19 (GeostatsGuy's Interactive_Optimization, cells 12 and 15): momentum carried
      // through the loop: prev_x is bound at the end of each iteration and read only under
      // "if i > 1"; the later cell's copy of the loop is not what the first iteration reads
      name: 'a loop-carried value read under a test on the loop variable',
      cells: [
        'import numpy as np\nx = np.zeros(100)\nmomentum = 0.5',
        'for i in range(1, 100):\n    g = x[i - 1] * 2\n    if i > 1:  # include momentum\n' +
          '        x_step = momentum * prev_x - g\n    else:\n        x_step = -g\n' +
          '    x[i] = x[i - 1] + x_step\n    prev_x = x[i] - x[i - 1]',
        'for i in range(1, 100):\n    prev_x = x[i]'
      ]
    },
    {
      name: 'a loop-carried value read under a flag the loop body sets',
      cells: [
        'first = True\nfor row in [1, 2]:\n    if not first:\n        print(row - prev)\n' +
          '    prev = row\n    first = False',
        'prev = 0'
      ]
    }
  ],
  invalid: [
    {
      // the near miss of the pseudo-code case: a never-run cell that reads only names later
      // cells define (the reviewer's t/nb103/moved.ipynb) breaks "Run all" as any cell does;
      // `recommended` has NB103, not NB102, so this is its only finding there
      name: 'a never-run cell reading a name the next cell defines',
      cells: [
        {
          code: 'import numpy as np\nprint(1)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        },
        { code: 'print(np.abs(model))', count: null },
        { code: 'model = np.zeros(3)', count: 2 },
        { code: 'model.sum()', count: 3 }
      ],
      errors: [
        {
          message: '"model" is read here but only defined in cell 3 below',
          cell: 2
        }
      ]
    },
    {
      // never-run `preds.head()` over the cell that makes preds (t/nb103/display.ipynb): NB102
      // leaves a display-only cell, so NB103's finding is the only one even under strict
      name: 'a never-run display of a name a later cell defines',
      cells: [
        {
          code: 'import numpy as np\nprint(1)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        },
        { code: 'preds.head()', count: null },
        { code: 'preds = np.zeros(3)', count: 2 },
        { code: 'preds.sum()', count: 3 }
      ],
      errors: [
        {
          message: '"preds" is read here but only defined in cell 3 below',
          cell: 2
        }
      ]
    },
    {
      // the same read in a cell that ran (out of order) is reported
      name: 'a cell that ran, reading a name a later cell defines',
      cells: [
        {
          code: 'import numpy as np\nprint(1)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        },
        { code: 'z = np.abs(input_img)', count: 4 },
        { code: 'input_img = np.zeros(3)', count: 2 },
        { code: 'w = 1', count: 3 }
      ],
      errors: [
        {
          message: '"input_img" is read here but only defined in cell 3 below',
          cell: 2
        }
      ]
    },
    {
      cells: ['total = price * 2', 'price = 10'],
      errors: [
        {
          message: '"price" is read here but only defined in cell 2 below',
          messageId: 'definedBelow',
          cell: 1,
          line: 1,
          column: 9
        }
      ]
    },
    {
      // near misses of the loop-carried read: unguarded on the first iteration, or under a
      // test that does not depend on the iteration, the read needs a value from before the loop
      name: 'a loop-carried read the first iteration runs',
      cells: [
        'for x in [1, 2]:\n    total = total + x',
        'verbose = True\nfor x in [1, 2]:\n    if verbose:\n        print(prev)\n    prev = x',
        'total = 0\nprev = 0'
      ],
      errors: [
        {
          message: '"total" is read here but only defined in cell 3 below',
          cell: 1,
          line: 2,
          column: 13
        },
        {
          message: '"prev" is read here but only defined in cell 3 below',
          cell: 2,
          line: 4,
          column: 15
        }
      ]
    },
    {
      name: 'a guarded read of a name the loop does not bind',
      cells: [
        'for i in range(3):\n    if i > 1:\n        print(prev)',
        'prev = 0'
      ],
      errors: [
        {
          message: '"prev" is read here but only defined in cell 2 below',
          cell: 1,
          line: 3,
          column: 15
        }
      ]
    },
    {
      cells: [{ md: '# t' }, 'x = 1\nprint(y + x)', 'y = 2'],
      errors: [{ message: '"y"', cell: 2, line: 2, column: 7 }]
    }
  ]
});
