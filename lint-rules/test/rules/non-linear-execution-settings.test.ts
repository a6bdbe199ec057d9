/**
 * NB101 and a session setting alone in its cell (issue #15, round 14): the rule's doc counts
 * `pd.set_option("display.max_rows", 100)` as set-up, but the code asked for an import in the same
 * cell. The shape is UBC-MDS' programming-in-python-for-data-science module 3 `Untitled.ipynb`:
 * the setting re-run as [40] above cells that ran as [18], [19].
 */
import rule from '../../src/rules/non-linear-execution';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'a display setting alone in its cell, re-run last',
      cells: [
        { code: 'import pandas as pd', count: 1 },
        { code: "pd.set_option('display.max_rows', 100)", count: 40 },
        { code: "df = pd.read_csv('cereal.csv', index_col=0)", count: 18 },
        { code: "df = df.loc[:,['mfr','sugars']]", count: 19 }
      ]
    },
    {
      name: 'settings alone, several per cell',
      cells: [
        {
          code: "np.set_printoptions(precision=4)\nwarnings.filterwarnings('ignore')  # quiet",
          count: 9
        },
        { code: 'x = np.ones(3)', count: 2 }
      ]
    },
    {
      name: 'warnings ignored or shown once, and a styler option, are settings',
      cells: [
        { code: "warnings.filterwarnings(action='ignore')", count: 9 },
        { code: 'warnings.simplefilter("once")', count: 10 },
        { code: 'pd.set_option("styler.format.precision", 2)', count: 11 },
        { code: 'x = np.ones(3)', count: 2 }
      ]
    }
  ],
  invalid: [
    {
      name: 'a setting from a variable is still a reference',
      cells: [
        { code: "pd.set_option('display.max_rows', rows)", count: 40 },
        { code: "df = pd.read_csv('cereal.csv')", count: 18 }
      ],
      errors: [
        { message: 'Cell ran as [18] after cell 1 ran as [40]', cell: 2 }
      ]
    },
    {
      // the review of s18's exemptions: plotting.backend changes what df.plot() returns (a plotly
      // figure has no set_title), and warnings turned into errors make later cells raise
      name: 'a setting that changes what the cells below compute or raise is a reference',
      cells: [
        { code: 'import warnings\nimport pandas as pd', count: 1 },
        { code: 'pd.set_option("plotting.backend", "plotly")', count: 5 },
        { code: 'ax = df.plot()\nax.set_title("t")', count: 2 },
        { code: 'warnings.filterwarnings("error")', count: 6 },
        { code: 'm = df.mean()', count: 3 },
        { code: "warnings.simplefilter(action='error')", count: 7 },
        { code: 'print(m)', count: 4 }
      ],
      errors: [
        { message: 'Cell ran as [2] after cell 2 ran as [5]', cell: 3 },
        { message: 'Cell ran as [3] after cell 4 ran as [6]', cell: 5 },
        { message: 'Cell ran as [4] after cell 6 ran as [7]', cell: 7 }
      ]
    },
    {
      name: 'a cell of literal prints only is still a reference',
      cells: [
        { code: "print('starting')", count: 40 },
        { code: "print = log\ndf = pd.read_csv('cereal.csv')", count: 18 }
      ],
      errors: [
        { message: 'Cell ran as [18] after cell 1 ran as [40]', cell: 2 }
      ]
    }
  ]
});
