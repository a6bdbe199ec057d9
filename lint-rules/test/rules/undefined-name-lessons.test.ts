import rule from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

/** a Databricks source notebook of the given cells */
const databricks = (...cells: string[]) =>
  `# Databricks notebook source\n${cells.join('\n\n# COMMAND ----------\n\n')}\n`;

/** the NameError IPython saves for a name */
const nameError = (name: string) => [
  {
    output_type: 'error',
    ename: 'NameError',
    evalue: `name '${name}' is not defined`,
    traceback: []
  }
];

runRuleTests(rule, {
  valid: [
    {
      // round 20 (Pierian-Data's 08-Files, 07-Unzipping-and-Zipping-Files): a bare `pwd` is
      // IPython's automagic `%pwd` (on by default) while no variable is named pwd
      name: 'a one-line cell that opens with a magic no cell binds runs as that magic',
      cells: [
        { code: 'pwd', count: 1 },
        { code: 'ls -la', count: 2 },
        { code: 'f = open("test.txt")', count: 3 }
      ]
    },
    {
      // round 19 (databricks-academy's ITP 03L and 10L labs): an empty `# TODO` cell is where the
      // learner writes even_or_odd, which the lab's assert cell checks; `breed = TODO` is the
      // lab's blank
      name: "a lab's `# TODO` cell left for the learner: what cells from there read is theirs",
      path: 'Labs/ITP 03L - Functions Lab.py',
      text: databricks(
        'x = 12 % 7',
        '# TODO',
        'assert even_or_odd(2) == "even", "2 is an even number"',
        '# TODO\nbreed = TODO\nbreed'
      )
    },
    {
      // round 20 (stefmolin's python_101 cell 22): the Markdown above announces the NameError
      // the cell saved
      name: 'a NameError the cell saved and the Markdown above announces is the lesson',
      cells: [
        {
          md: "## Variables\nNotice that just typing text causes an error. In this case, we have a `NameError` exception which tells us that `'hello'` is not defined."
        },
        { code: 'hello', count: 13, outputs: nameError('hello') }
      ]
    }
  ],
  invalid: [
    {
      // a cell of more lines is Python (IPython applies automagic to a one-line cell only); a
      // name that is no magic is a name
      name: 'a magic name in a cell of two lines, or a bare name that is no magic',
      cells: [
        { code: 'pwd\nx = 1', count: 1 },
        { code: 'hello', count: 2 }
      ],
      errors: [
        { message: '"pwd" is not defined in any cell', cell: 1, line: 1 },
        { message: '"hello" is not defined in any cell', cell: 2, line: 1 }
      ]
    },
    {
      // review F5.1: in a notebook that ran, a lone `# TODO` cell is the author's note to self,
      // not a lab's blank; what later cells read unbound is the kernel's hidden state
      name: 'a lone `# TODO` cell in a notebook that ran starts no exercise',
      cells: [
        { code: 'import pandas as pd\ndf = pd.DataFrame()', count: 1 },
        { code: '# TODO', count: 2 },
        { code: 'print(df_clean.shape)', count: 3 },
        { code: 'model.fit(X)', count: 4 }
      ],
      errors: [
        { message: '"df_clean" is not defined in any cell', cell: 3, line: 1 },
        { message: '"model" is not defined in any cell', cell: 4, line: 1 },
        { message: '"X" is not defined in any cell', cell: 4, line: 1 }
      ]
    },
    {
      // a `# TODO` cell over code that parses and reads no blank is the author's note
      name: 'a `# TODO` cell over working code starts no exercise',
      path: 'etl.py',
      text: databricks('# TODO\nresult = model.predict(X)', 'print(result)'),
      errors: [
        { message: '"model" is not defined in any cell', cell: 1, line: 2 },
        { message: '"X" is not defined in any cell', cell: 1, line: 2 }
      ]
    },
    {
      // the NameError alone, with no word above that it is meant, is the notebook's own failure
      name: 'a saved NameError no Markdown announces',
      cells: [
        { md: '## Variables\nNow print the greeting.' },
        { code: 'hello', count: 13, outputs: nameError('hello') }
      ],
      errors: [{ message: '"hello" is not defined in any cell', cell: 2 }]
    }
  ]
});
