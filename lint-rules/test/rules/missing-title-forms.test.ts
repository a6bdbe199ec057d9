import rule from '../../src/rules/missing-title';
import { runRuleTests } from './ruleTester';

const noTitle = [{ message: 'No Markdown title', cell: 1 }];

/**
 * the review of s16-cells (D2): a banner over a part of the code or a step of a walk-through,
 * numbered or not, or code commented out, is no title (t/nb305/banner0-9, t/nb305b/code)
 */
const banners = [
  'Load data',
  'Helper functions',
  'Parameters',
  '1. Data preprocessing',
  '2) Train',
  'TODO',
  'Main',
  'Cell 1',
  'Train the model',
  'Utils',
  'Step 2',
  'Part 1',
  'df = pd.read_csv("x.csv")'
].map(words => ({
  name: `a banner of ${words}`,
  cells: [
    `# ==========\n# ${words}\n# ==========\nimport pandas as pd`,
    'df = 1',
    'x = 1'
  ],
  errors: noTitle
}));

/** the review of s16-cells (D3): a bold label over text, numbered or not (t/nb305/bold0-9) */
const boldLabels = [
  'Note',
  'Warning',
  'Task 1',
  'Exercise',
  'Question 1',
  'Results',
  'Instructions',
  'Solution',
  'Step 1',
  'Objective',
  'Answer',
  'Summary',
  // issue #15 (s19): the parts of a course or sample notebook, and a hosted service's launch
  // link, which a reader calls no title (taken as the title before: each fails without BOLD_LABEL)
  'Learning Objectives',
  'Key takeaways',
  'Disclaimer',
  'Background',
  'Authors',
  'What you will learn',
  'Open in Colab',
  'Run in Binder',
  // words that open with a label (the second BOLD_LABEL test, on the words before a colon)
  'Note: run the set-up notebook first',
  // review of session 18: an instruction about running the notebook, and a dated field (each
  // taken as the title before)
  'Run this cell first',
  'Execute the cells in order',
  'Please run all cells before reading',
  'Do not edit this notebook',
  'Last updated: 2023-01-01',
  'Date: 2024-03-01',
  'Version: 1.2',
  'Author: Jane Doe, 2023',
  // a link alone (LINK_ONLY)
  '[Open in Colab](https://colab.research.google.com/github/org/repo/blob/main/nb.ipynb)'
].map(words => ({
  name: `a bold label **${words}** over text in the first cell`,
  cells: [{ md: `**${words}**\n\nRun the cells below in order.` }, 'x = 1'],
  errors: noTitle
}));

// NB305's titles in another form than a Markdown heading: a code cell's opening banner comment
// and a bold first line (the headings, set-up cells and one-step notebooks: missing-title.test.ts)
runRuleTests(rule, {
  valid: [
    {
      // round 10 (caspers-kitchens' generator): a boxed banner comment naming the notebook at the
      // top of its third cell
      name: 'a banner comment naming the notebook at the top of a code cell in the first cells',
      cells: [
        '%pip install osmnx==1.7.1',
        'import json\nCFG = json.loads(dbutils.widgets.get("CFG"))',
        '# ╔══════════════════════════════════╗\n# ║  Ghost-Kitchen Event Simulator 2.1  →  Delta table  ║\n# ╚══════════════════════════════════╝\n#\n#  All tunables live in SIM_CFG\n\nimport asyncio'
      ]
    },
    {
      name: 'a title between two rule lines, lone \\r line ends',
      cells: [
        '##########################\r# Sample script to sync the lakehouse\r##########################\rimport os',
        'x = 1'
      ]
    },
    {
      // issue #15 (s19): a launch badge above the notebook's bold name is no part of it; the
      // name is what the reader calls the title (its own cell, or the badge line's cell)
      name: 'a bold name over its introduction below a badge cell or a badge line',
      cells: [
        {
          md: '[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/o/r/blob/main/bert.ipynb)'
        },
        {
          md: '**Fine-tuning BERT for text classification**\n\nThis notebook fine-tunes BERT on IMDB reviews.'
        },
        'import torch',
        'x = 1'
      ]
    },
    {
      name: 'a bold name after an HTML logo line in the same cell',
      cells: [
        {
          md: '<a href="https://example.org"><img src="logo.png" width="200"/></a>\n\n**Churn prediction with XGBoost**\n\nWe train a classifier.'
        },
        'import xgboost',
        'x = 1'
      ]
    },
    {
      // the near misses of the instruction and the dated field: a name with a colon and words
      // after it, a name that opens with a verb's noun
      name: 'a bold name with a colon, or opening with a gerund, over its introduction',
      cells: [
        {
          md: '**Lab 3: Customer churn analysis**\n\nThis notebook explores churn.'
        },
        'x = 1',
        'y = 2'
      ]
    },
    ...[
      // the review of the instruction and dated-field checks: real names they took for one
      'Run-length encoding in NumPy',
      'Click-through rate prediction',
      'Restart strategies for SGD',
      'Counting all cells in a microscopy image',
      'Segmenting the cell nuclei',
      'Date-based feature engineering',
      'Updated weather forecasting model',
      'Version control for data with DVC',
      'COVID-19: 2020-2021'
    ].map(words => ({
      name: `a bold name **${words}** over its introduction`,
      cells: [
        { md: `**${words}**\n\nThis notebook explores it.` },
        'x = 1',
        'y = 2'
      ]
    })),
    {
      name: 'a bold name opening with a gerund over its introduction',
      cells: [
        {
          md: '**Running experiments with Optuna**\n\nThis notebook tunes a model.'
        },
        'x = 1',
        'y = 2'
      ]
    },
    {
      // round 11 (kaggleScape script1126): bold lines are the author's only heading form
      name: 'a wholly bold first line in a notebook without Markdown headings',
      cells: [
        {
          md: '**Overlapping objects separation method**\n\nHi Kagglers, I want to share my solution.'
        },
        'import numpy as np',
        { md: "**Let's try it out**\n\nMaybe we can separate grapes with it" },
        'x = np.zeros(3)'
      ]
    },
    {
      // lq12 (cafa-6's starter): the notebook's first banner opens its second cell, below
      // Kaggle's template cell of plain comments and imports
      name: 'the first banner of the notebook opening the second cell',
      cells: [
        '# This Python 3 environment comes with many helpful analytics libraries installed\nimport numpy as np',
        '# ==========\n# CAFA 6 PROTEIN FUNCTION PREDICTION - ENHANCED VERSION (FIXED)\n# ==========\n\nSAMPLE_PERCENT = 100',
        '# ==========\n# PACKAGE INSTALLATION\n# ==========\n!pip install -q obonet'
      ]
    },
    {
      // lq12 (mabe, byt-ensemble): a script's name over its code, a dash in it
      name: 'a script name in a banner, with a dash and parentheses',
      cells: [
        '# ----------\n# Ultra-Optimized ByT5 Inference Script (Kaggle-friendly)\n# ----------\nimport os',
        'x = 1'
      ]
    },
    {
      // round 13 (technical-services-solutions' generate_data.py, a bundle job task): the first
      // cell opens with a module docstring, Python's own way to say what a module is (PEP 257)
      name: 'a module docstring opening the first cell',
      cells: [
        '"""\nVela Cloud — Customer 360 Lakehouse\nSynthetic data generation → parquet on UC Volume.\n"""',
        'from pyspark.sql import functions as F\nimport numpy as np',
        'df = spark.range(10)\ndf.write.parquet(path)'
      ]
    },
    {
      // round 9 (genie-agent-cicd's prebuild_notebook.py): comments (PEP 723 metadata) before the
      // docstring, which is still the module's first statement; a one-line docstring
      name: 'a docstring after comment lines, and a one-line docstring',
      cells: [
        '# /// script\n# environment_version = "5"\n# ///\n"""Prebuild — resolves catalog and schema."""\nimport os',
        "'Load bee-pollinator snapshot CSVs into Delta tables'\nx = 1",
        'y = 2'
      ]
    },
    ...[
      // near misses of the attack review's filler, path and template docstrings: a summary after
      // the template lines, a name that starts with a filler word, a short name with a capital,
      // words around a slash
      '"""\nCreated on Tue Mar 3 2020\n\n@author: bob\n\nChurn model training on the 2020 cohort\n"""',
      '"""Test harness for the churn model"""',
      '"""Churn model"""',
      '"""Sales / returns reconciliation"""',
      // near misses of the attack review of s17's merges: a file name inside a title, Spyder
      // named in a longer summary
      '"""Churn.ipynb walk-through: training and scoring"""',
      '"""Spyder Editor plug-in benchmarks"""'
    ].map(first => ({
      name: `a module docstring naming the notebook: ${first.replace(/\n/g, ' ')}`,
      cells: [first, 'x = load()', 'train(x)']
    })),
    {
      // the attack review: the naming comment's dash is found by one linear search; an en dash
      // and a double hyphen count as the em dash does, blanks around the name are trimmed
      name: 'a naming comment with an en dash or a double hyphen',
      cells: [
        "# Churn scoring job \u2013 scores yesterday's customers\nimport os",
        '#   Churn scoring job   --   scores customers\nimport os',
        'train(x)'
      ]
    },
    {
      // round 13 (orderflow-app-lakebase's jobs/daily_rollup.py): a naming comment, the name and
      // what it does apart at a dash
      name: 'a first comment line naming the notebook and saying what it does',
      cells: [
        '# Daily business rollup — appends a dated snapshot of key metrics to a gold table\n# the business team can trend over time.\nfrom pyspark.sql import functions as F',
        'catalog = dbutils.widgets.get("catalog")',
        'df = spark.read.table(catalog)'
      ]
    },
    {
      // round 13 (security-analysis-tool's set-up notebooks): a bold field naming the notebook
      name: 'a bold "Notebook name:" label with the name after it',
      cells: [
        {
          md: '%md\n**Notebook name:** 3. test_connections.\n**Functionality:** Tests account and workspace connections'
        },
        '%run ../Utils/initialize',
        'x = 1'
      ]
    }
  ],
  invalid: [
    {
      // near misses of the module docstring: a licence header in quotes, code commented out
      // with quotes, an f-string (no docstring), a string an expression goes on with, a
      // docstring below the first statement
      name: 'a licence or code in the first string, no docstring',
      cells: [
        '"""\nCopyright 2024 Contoso Ltd. Licensed under the Apache License 2.0\n"""\nimport os',
        'x = 1',
        'y = 2'
      ],
      errors: noTitle
    },
    ...[
      '"""\ndf = pd.read_csv("x.csv")\n"""\nimport pandas as pd',
      'f"""Churn model for {region}"""\nx = 1',
      '"""Churn model for {}""".format(region)\nx = 1',
      'import os\n"""Churn model training"""',
      '""""""\nx = 1'
    ].map(first => ({
      name: `no module docstring naming the notebook: ${first.split('\n')[0]}`,
      cells: [first, 'x = 1', 'y = 2'],
      errors: noTitle
    })),
    // the attack review of s17-r13b: a docstring that is filler, a path, a file name, an
    // editor's template (Spyder's, PyCharm's) or a note of one or two lower-case words names
    // nothing
    ...[
      '"""TODO: fill in"""',
      '"""FIXME"""',
      '# -*- coding: utf-8 -*-\n"""Untitled1"""',
      '"""test"""',
      '"""/dbfs/mnt/raw/data.csv"""',
      '"""C:\\\\data\\\\raw"""',
      '"""Churn.ipynb\n\nAutomatically generated by Colab."""',
      // the attack review of s17's merges: Colab's export of a copy (several words ending in
      // .ipynb), a script's name, Spyder's temporary-file template
      '# -*- coding: utf-8 -*-\n"""Copy of Churn model.ipynb\n\nAutomatically generated by Colaboratory.\n\nOriginal file is located at\n    https://colab.research.google.com/drive/1abc\n"""',
      '"""train churn model.py"""',
      '# -*- coding: utf-8 -*-\n"""\nSpyder Editor\n\nThis is a temporary script file.\n"""',
      '"""\nCreated on Tue Mar 3 2020\n\n@author: bob\n"""',
      "'''\n@Time : 2021/3/1\n@File : main.py\n'''",
      '"""helpers"""',
      '"""data prep"""'
    ].map(first => ({
      name: `a module docstring that names nothing: ${first.replace(/\n/g, ' ')}`,
      cells: [first, 'x = load()', 'train(x)'],
      errors: noTitle
    })),
    ...[
      '# Copyright (c) Contoso Corporation - all rights reserved',
      '# details from Article : https://learn.microsoft.com/fabric',
      '# Load data - from the raw folder',
      '# Utils - shared helpers',
      '# x = y - z',
      '# Note - run the set-up first',
      '# Churn scoring job - ',
      '## Churn scoring job - scores customers',
      // past the characters a naming line may have, the dash is not looked for
      `# Churn scoring job${' '.repeat(400)} - scores customers`
    ].map(first => ({
      name: `a first comment that does not name the notebook: ${first}`,
      cells: [`${first}\nimport os`, 'x = 1', 'y = 2'],
      errors: noTitle
    })),
    {
      // the near misses of the badge case: a badge over a bold label, a badge over code
      name: 'a badge cell over a bold label or over code',
      cells: [
        {
          md: '[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/x)'
        },
        { md: '**Learning Objectives**\n\n- load the data\n- train a model' },
        'import torch',
        'x = 1'
      ],
      errors: noTitle
    },
    {
      name: 'a badge line alone over code',
      cells: [
        {
          md: '<a href="x"><img src="badge.svg"/></a>\n\n**Churn prediction**'
        },
        'import torch',
        'x = 1'
      ],
      errors: noTitle
    },
    {
      // a bold label that names no notebook, or a notebook label with nothing after it
      name: 'a bold label that is not the notebook name',
      cells: [
        { md: '**Note:** run the set-up notebook first.' },
        { md: '**Notebook name:**\n\n**Functionality:** tests connections' },
        'x = 1'
      ],
      errors: noTitle
    },
    ...[
      // a coursework form's student name, a title left to fill in
      '**Name:** Jane Doe\n**Student ID:** 123456',
      '**Title:** <your title here>',
      '**Title:** TODO'
    ].map(first => ({
      name: `a bold field that names no notebook: ${first.split('\n')[0]}`,
      cells: [{ md: first }, 'x = load()', 'train(x)'],
      errors: noTitle
    })),
    {
      // near misses: a plain comment is no banner, a banner naming a section is no title, a
      // bold line in a notebook with headings is outside its outline, a bold label or sentence
      // is no title
      name: 'a plain top comment, a banner naming a section',
      cells: [
        '# Load the data\nimport pandas as pd',
        '# ==========\n# Imports\n# ==========\nimport os',
        'x = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // round 10 (glucosphere) and round 4 (fabric-toolbox): a rule over a step's description
      // of two lines, a rule over a section's first line
      name: 'rule lines over a step or a section, not boxing a title',
      cells: [
        '%pip install pyyaml --quiet',
        '# ------------------------\n# Verify existing YAML config file\n# Uses configs/baseline_config.yaml\n# ------------------------\nimport os',
        '# -----------------------------\n# User configuration (edit these)\nWORKSPACE = "<workspace>"'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // round 4 (fabric-toolbox's CI/CD notebooks): bold labels over the code below, no title
      name: 'a bold label alone in its cell, over code',
      cells: [
        { md: '**Helper notebook**' },
        '%run nb_helper',
        { md: '**Define a logging dataframe**' },
        'x = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      name: 'a bold label about the notebook',
      cells: [
        { md: '**About this notebook**\n\nThis notebook scans a schema.' },
        'x = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      name: 'a bold sentence',
      cells: [{ md: '**Run the cells below first.**' }, 'x = 1'],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      name: 'a bold line running on into its paragraph',
      cells: [
        { md: '**Overlapping objects**\nseparated by a simple method' },
        'x = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    ...banners,
    {
      // lq12 el-hackathon-2025 foundation-model-3: the step banner "3. ..." opens cell 2, but
      // the notebook's first banner ("1. Load ...") sits further down cell 1
      name: 'a banner opening a later cell, after one further down the first cell',
      cells: [
        'import os\n\n# ----------\n# 1. Load Training Data\n# ----------\ndf = 1',
        '# ----------\n# Precompute Foundation Embeddings for All Training Spots\n# ----------\nx = 1',
        'df'
      ],
      errors: [{ message: 'No Markdown title', cell: 1 }]
    },
    {
      name: 'a banner naming the notebook opening the third cell, after a step banner in the first',
      cells: [
        '# ----------\n# Plot results\n# ----------\ndf = 1',
        'y = 2',
        '# ----------\n# Ghost-Kitchen Event Simulator\n# ----------\nx = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1 }]
    },
    ...boldLabels,
    {
      // the review of s16-cells (D3): a bold line over text below the first cell heads a part
      name: 'a bold line over text in the third cell',
      cells: [
        'import pandas as pd',
        'df = pd.read_csv("a.csv")',
        { md: '**Overlapping objects separation method**\n\nThe table below.' },
        'df.describe()'
      ],
      errors: [{ message: 'No Markdown title', cell: 1 }]
    }
  ]
});
