import rule from '../../src/rules/empty-cell';
import { runRuleTests } from './ruleTester';

const OUTPUT = (count: number) => ({
  output_type: 'execute_result',
  execution_count: count,
  data: { 'text/plain': ['   a\n0  1'] },
  metadata: {}
});

runRuleTests(rule, {
  valid: [
    {
      // lone '\r' line ends: a prompt's last line ("### BONUS: ...") is read on its own
      name: 'answer cells under prompts whose last line follows a lone \\r',
      cells: [
        { md: '# Computer vision' },
        'import torch',
        { md: '### Step 1. Load the data' },
        '',
        { md: '### Step 2. Plot it' },
        '',
        { md: 'Well done.\r### BONUS: Plot the errors too.' },
        '',
        { md: 'Almost there.\r### Bonus: Fit a second model.' },
        ''
      ]
    },
    { cells: ['x = 1', { md: '# t' }, { raw: '' }] },
    {
      // not whitespace for trim(): a zero-width space and a control character are content
      name: 'invisible characters that are not whitespace',
      cells: ['\u200b', { md: '\u0000' }]
    },
    {
      // pytorch-deep-learning's exercises, pandas_exercises' Exercises/Solutions: a blank code
      // cell under each prompt is the space left for the reader's answer
      name: "an exercise notebook's answer cells, one under each prompt",
      cells: [
        { md: '# 03. PyTorch Computer Vision Exercises' },
        'import torch',
        {
          md: '## 1. What are 3 areas in industry where computer vision is used?'
        },
        '',
        { md: '## 2. Search "what is overfitting" and write down 3 things.' },
        { code: '\n', count: 3, outputs: [] },
        {
          md: '### Step 7. Merge all_data and data3 along the subject_id value'
        },
        '',
        { md: '### BONUS: Create your own question and answer it.' },
        ''
      ]
    },
    {
      // pandas_exercises' Solutions: the answer's code removed, its saved output kept under
      // each step (and under the blank cell after it) to show the expected result
      name: "a solutions notebook's answer cells that kept their outputs",
      cells: [
        { md: '### Step 3. Assign it to a variable called df.' },
        { code: '', count: 2, outputs: [OUTPUT(2)] },
        { md: '### Step 4. Slice the dataframe' },
        { code: '', count: 3, outputs: [OUTPUT(3)] },
        { md: '### Step 9. Create a function called majority' },
        { code: '', count: 14, outputs: [] },
        { code: '', count: 15, outputs: [OUTPUT(15)] }
      ]
    },
    {
      // pandas_exercises' Pokemon Solutions: the first prompt comes after an introduction,
      // then a bonus question
      name: 'prompts after an introduction, and a bonus question',
      cells: [
        { md: '# Pokemon' },
        {
          md: '### Introduction:\n\nThis time you will create the data.\n\n### Step 1. Import the necessary libraries'
        },
        { code: '', count: 2, outputs: [] },
        { md: '### Step 2. Create a data dictionary' },
        { code: '', count: 3, outputs: [] },
        { md: '### BONUS: Create your own question and answer it.' },
        '',
        // pandas_exercises' Online_Retail, Students_Alcohol_Consumption: in a notebook the
        // prompts above make an exercise, a numbered heading is a prompt too, and a second
        // blank cell is room for a longer answer
        { md: '#### 8.3 Plot.' },
        '',
        ''
      ]
    }
  ],
  invalid: [
    {
      // review of s13-prec2: a work notebook outlined with headings over empty cells is no
      // exercise, and neither is Markdown with no text ('---')
      name: 'a work notebook outlined with headings over empty cells',
      cells: [
        { md: '# Churn model' },
        'import pandas as pd',
        { md: '## Load data' },
        '',
        { md: '## Features' },
        '',
        { md: '---' },
        '',
        { md: '## Train' },
        '',
        { md: '## Evaluate' },
        '',
        '',
        '',
        ''
      ],
      errors: [4, 6, 8, 10, 12, 13, 14, 15].map(cell => ({
        message: 'Empty code cell',
        cell
      })),
      output: [
        '# Churn model',
        'import pandas as pd',
        '## Load data',
        '## Features',
        '---',
        '## Train',
        '## Evaluate'
      ]
    },
    {
      // an answer cell under each prompt (and a second for a longer answer), then a run of
      // bare blank cells: strays
      name: "a run of blank cells after an exercise notebook's answer cells",
      cells: [
        { md: '### Step 1. Import pandas' },
        '',
        { md: '### Step 2. Read the data' },
        '',
        { md: '### Step 3. How many rows are there?' },
        '',
        ...Array.from({ length: 20 }, () => '')
      ],
      errors: Array.from({ length: 19 }, (_, i) => ({
        message: 'Empty code cell',
        cell: 8 + i
      })),
      output: [
        '### Step 1. Import pandas',
        '',
        '### Step 2. Read the data',
        '',
        '### Step 3. How many rows are there?',
        '',
        ''
      ]
    },
    {
      // Machine-Learning-Engineering-with-MLflow's retrieve_training_data: code deleted, its
      // output left behind, in a notebook that is no exercise (the fix keeps such a cell)
      name: 'an empty code cell with an orphaned output outside an exercise notebook',
      cells: [
        { code: 'import pandas as pd', count: 6, outputs: [] },
        { code: '', count: 8, outputs: [OUTPUT(8)] },
        { md: '## Results' },
        { code: '', count: 9, outputs: [OUTPUT(9)] }
      ],
      errors: [
        { message: 'Empty code cell', cell: 2 },
        { message: 'Empty code cell', cell: 4 }
      ]
    },
    {
      // two blank cells under Markdown are strays, not a pattern of prompts
      name: 'one or two empty code cells under Markdown',
      cells: [
        { md: '# Title' },
        'x = 1',
        { md: '## Results' },
        '',
        'y = 2',
        { md: 'That is all.' },
        ''
      ],
      errors: [
        { message: 'Empty code cell', cell: 4 },
        { message: 'Empty code cell', cell: 7 }
      ],
      output: ['# Title', 'x = 1', '## Results', 'y = 2', 'That is all.']
    },
    {
      // in an exercise notebook, a blank cell under code or an empty Markdown cell is still a
      // stray, and an empty Markdown cell is no prompt
      name: 'strays in an exercise notebook',
      cells: [
        { md: '### Step 1. Load the data' },
        '',
        { md: '### Step 2. Plot it' },
        '',
        { md: '### Step 3. Fit a model' },
        '',
        'model.fit(x)',
        '',
        { md: ' ' },
        ''
      ],
      errors: [
        { message: 'Empty code cell', cell: 8 },
        { message: 'Empty Markdown cell', cell: 9 },
        { message: 'Empty code cell', cell: 10 }
      ],
      output: [
        '### Step 1. Load the data',
        '',
        '### Step 2. Plot it',
        '',
        '### Step 3. Fit a model',
        '',
        'model.fit(x)'
      ]
    },
    {
      cells: ['x = 1', '', { md: '  \n' }],
      errors: [
        {
          message: 'Empty code cell',
          messageId: 'empty',
          cell: 2,
          line: 1,
          column: 1
        },
        { message: 'Empty Markdown cell', cell: 3, line: 1, column: 1 }
      ],
      output: ['x = 1']
    },
    {
      // azureml-examples' batch-endpoint notebooks end with a blank cell
      name: 'a blank last cell after outputs; the tagged one stays',
      cells: [
        { code: 'print(1)', count: 1, outputs: [] },
        { code: '', metadata: { tags: ['parameters'] } },
        { code: '\n', count: null }
      ],
      errors: [
        {
          message: 'Empty code cell; delete it.',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1
        },
        {
          message: 'Empty code cell',
          cell: 3,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1
        }
      ],
      output: ['print(1)', '']
    },
    {
      name: 'whitespace of any kind trim() removes',
      cells: ['\u00a0\t\u2028\ufeff\r\n', { md: '\u3000\f\v' }],
      errors: [
        { message: 'Empty code cell', cell: 1, line: 1, column: 1 },
        { message: 'Empty Markdown cell', cell: 2, line: 1, column: 1 }
      ]
    }
  ]
});
