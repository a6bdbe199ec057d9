/**
 * NB104 after a star import of a known module (numpy, matplotlib.pylab, and `%pylab`, which runs
 * both): the names it binds come from a fixed table (src/python/starExports.ts), so a name it
 * does not bind is still reported; an unknown module's star import still hides every later read.
 */
import rule from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'a halving search after the star import, with the enabler imported',
      cells: [
        'from sklearn.experimental import enable_halving_search_cv\nfrom sklearn.model_selection import *\nX, y = [[0], [1]], [0, 1]',
        'h = HalvingRandomSearchCV(None, {})'
      ]
    },
    {
      name: "scikit-learn's model_selection and ensemble star imports bind their __all__",
      cells: [
        {
          code: 'from sklearn.model_selection import *\nfrom sklearn.ensemble import *\nX, y = [[0], [1]], [0, 1]',
          count: 1
        },
        {
          code: 'a, b, c, d = train_test_split(X, y)\nm = GradientBoostingClassifier().fit(a, c)\nGridSearchCV(m, {})',
          count: 2
        }
      ]
    },
    {
      name: "%pylab's names, NumPy 1's aliases among them, and pylab's and numpy's star imports",
      cells: [
        { code: '%pylab inline\nxs = linspace(0, 1, 5)', count: 1 },
        { code: 'plot(xs, sin(xs))\nx = NaN\ny = float_(1)', count: 2 },
        {
          code: 'from pylab import *\nfrom numpy import *\nshow(); z = pi',
          count: 3
        }
      ]
    },
    {
      name: 'a star import of a module without a table still hides later reads',
      cells: [
        { code: 'from helpers import *', count: 1 },
        { code: 'print(anything_helpers_may_define)', count: 2 }
      ]
    }
  ],
  invalid: [
    {
      // attack review of s17-helpers (D8): scikit-learn's enable_halving_search_cv adds the
      // halving searches to model_selection's __all__; without it they are a NameError
      name: 'a halving search after the star import, without the enabler',
      cells: [
        'from sklearn.model_selection import *\nX, y = [[0], [1]], [0, 1]',
        'h = HalvingGridSearchCV(None, {})'
      ],
      errors: [{ message: '"HalvingGridSearchCV" is not defined', cell: 2 }]
    },
    {
      name: "a name scikit-learn's model_selection does not bind is reported after its star import",
      cells: [
        { code: 'from sklearn.model_selection import *', count: 1 },
        {
          code: 'data = list(range(10))\na, b = train_test_split(data)\nprint(accuracy_score(a, b))',
          count: 2
        }
      ],
      errors: [{ message: '"accuracy_score" is not defined', cell: 2, line: 3 }]
    },
    {
      // the review of s15-r11 (D7): %pylab hid every finding after it
      name: 'a name neither %pylab nor numpy binds is reported after them',
      cells: [
        { code: '%pylab inline', count: 1 },
        { code: 'print(totally_undefined_name)', count: 2 },
        { code: 'from numpy import *\nprint(another_undefined_name)', count: 3 }
      ],
      errors: [
        {
          message: '"totally_undefined_name" is not defined',
          cell: 2,
          line: 1,
          column: 7
        },
        {
          message: '"another_undefined_name" is not defined',
          cell: 3,
          line: 2,
          column: 7
        }
      ]
    },
    {
      name: '%pylab in a cell never run between run ones',
      cells: [
        { code: 'x = 1', count: 1 },
        { code: '%pylab inline', count: null },
        { code: 'print(x, undefined_after_pylab)', count: 2 }
      ],
      errors: [
        {
          message: '"undefined_after_pylab" is not defined',
          cell: 3,
          line: 1,
          column: 10
        }
      ]
    }
  ]
});
