import rule from '../../src/rules/missing-title';
import { CellSpec, runRuleTests } from './ruleTester';

/** two import cells, `cell`, then a `# Title` in cell 4 (past the first 3) and nine code cells */
function titleBelow(cell: CellSpec): CellSpec[] {
  return [
    'import os',
    'import sys',
    cell,
    { md: '# Title' },
    ...Array.from({ length: 9 }, (_, i) => `x${i} = ${i}`)
  ];
}

runRuleTests(rule, {
  valid: [
    {
      // round 16 (ageron/handson-ml2 06_decision_trees.ipynb, as all its chapters): the bold
      // chapter line is the first thing a reader sees, its introduction in the next cell; the
      // "# Setup" below only starts the table of contents lower
      name: 'a bold first line over an introduction in the next cell, headings below it',
      cells: [
        { md: '**Chapter 6 – Decision Trees**' },
        {
          md: '_This notebook contains all the sample code and solutions to the exercises in chapter 6._'
        },
        {
          md: '<table><td><a href="x"><img src="badge.svg"/></a></td></table>'
        },
        { md: '# Setup' },
        'import sys'
      ]
    },
    {
      // round 16 (databrickslabs/dqx dqx_ldp_demo.py): the title's Markdown cell opens with a
      // blank `# MAGIC` line, then `# MAGIC %md`: Databricks' export, a Markdown cell
      name: 'a Databricks Markdown cell with a blank line above its %md, under an import cell',
      text: '# Databricks notebook source\nfrom pyspark import pipelines as dp\n\n# COMMAND ----------\n\n# MAGIC\n# MAGIC %md\n# MAGIC ## Using DQX in a Lakeflow Declarative Pipeline\n# MAGIC\n# MAGIC This demo applies DQX checks.\n\n# COMMAND ----------\n\nimport yaml\n\n# COMMAND ----------\n\n# MAGIC %md\n# MAGIC ## Define checks\n\n# COMMAND ----------\n\nchecks = yaml.safe_load("[]")\n',
      path: 'dqx_ldp_demo.py'
    },
    {
      // the same blank `# MAGIC` line above `%md`, where the title is the cell's first line: the
      // case above finds its `##` heading after any line, so it passes whether or not
      // markdownText strips the blank line; a bold title (boldTitle, this case) and a form's name
      // field (labelledName, the next) must open the text: both are reported if it does not
      name: 'a Databricks Markdown cell with a blank line above its %md and a bold title',
      text: '# Databricks notebook source\n# MAGIC\n# MAGIC %md\n# MAGIC **Churn model training**\n# MAGIC\n# MAGIC Trains the churn model.\n\n# COMMAND ----------\n\nx = 1\n',
      path: 'churn.py'
    },
    {
      name: 'a Databricks Markdown cell with a blank line above its %md and a Notebook name field',
      text: '# Databricks notebook source\n# MAGIC\n# MAGIC %md\n# MAGIC **Notebook name:** 3. test_connections.\n\n# COMMAND ----------\n\nx = 1\n',
      path: 'test_connections.py'
    },
    {
      // the review of s15-r11 (D4): a comment in a fenced code block is no heading
      name: 'a ## title below set-up over ### sections and a fenced code block with a # comment',
      cells: [
        'import os',
        'import sys',
        '!pip install x -q',
        { md: '## Timeseries forecasting' },
        {
          md: '### Loading\n\n```python\n# not a heading\nx = 1\n```\n\n~~~\n# nor this\n~~~'
        },
        'x = 1'
      ]
    },
    {
      // round 19: AllenDowney/ThinkDSP soln/chap12.ipynb, where the book hides the download and
      // import cells (Jupyter Book's hide-cell) between its edition notes and the chapter title
      name: 'a title below code cells the rendered book hides',
      cells: [
        { md: 'The second edition of *Think DSP* is not for sale yet.' },
        {
          md: '[Click here to run this notebook on Colab](https://colab.research.google.com/)'
        },
        {
          code: 'def download(url):\n    pass\n\ndownload("thinkdsp.py")',
          metadata: { tags: ['hide-cell', 'remove-print'] }
        },
        {
          code: 'from thinkdsp import decorate',
          metadata: { tags: ['remove-cell'] }
        },
        { md: '# Nonlinear Systems\n\nStart with the effect of clipping' },
        'x = 1'
      ]
    },
    {
      // the review of s15-r11 (D3): set-up lines read to their end still take the usual forms
      name: 'a title after imports of several names, a constant environment variable and a form cell of fields and helpers',
      cells: [
        'import numpy as np, pandas as pd  # the usual\nfrom sklearn.model_selection import (train_test_split, KFold as KF)',
        "os.environ['CUDA_VISIBLE_DEVICES'] = '0'",
        {
          code: '# @title Settings\nepochs = 10 #@param {type:"integer"}\nname = "run" # @param\n\ndef show(x):\n    print(x)',
          metadata: { cellView: 'form' }
        },
        { md: '# Title' },
        ...Array.from({ length: 9 }, (_, i) => `x${i} = ${i}`)
      ]
    },
    {
      name: 'titled with ##',
      cells: [
        { md: '## Train a churn model\nThis notebook ...' },
        'import pandas as pd'
      ]
    },
    { cells: [{ md: '# Churn model\nTrains...' }, 'x = 1'] },
    { cells: ['import os', { md: 'Churn\n=====' }] },
    {
      // databricks/tech-talks' South Korea analysis: an .ipynb export of a %md-sandbox cell
      name: 'a Databricks export titled ##Title after -sandbox',
      cells: [
        {
          md: '-sandbox\n##Covid-19 South Korea Analysis\n<div><img src="x.jpeg"></div>'
        },
        'x = 1'
      ],
      metadata: { name: 'SKorea-Covid19_Analysis', notebookId: 6090438 }
    },
    {
      // databricks/tech-talks' streaming talk: Include.ipynb is %run by the other notebooks
      name: 'a helper notebook that others %run',
      path: 'Multi-hop Delta Lake Streaming/Include.ipynb',
      cells: [
        { md: '* Include this file to the main pipeline' },
        'basePath = "/tmp/demo"'
      ]
    },
    {
      // databricks-industry-solutions/value-at-risk: %run by 05_var_compliance.py and the others
      name: 'a helper named by its first word (configure_notebook, Common_Python, 00_setup)',
      path: 'config/configure_notebook.py',
      text: '# Databricks notebook source\n# MAGIC %pip install -r requirements.txt\n\n# COMMAND ----------\n\nimport warnings\nwarnings.filterwarnings("ignore")\n'
    },
    {
      // amesar/mlflow-examples: "%run ../Common" and definitions, %run by the task notebooks
      path: 'basic/scala_sparkml_interop/Common_Python.py',
      text: '# Databricks notebook source\n# MAGIC %run ../Common\n\n# COMMAND ----------\n\ndef f():\n    pass\n'
    },
    { path: '00_setup.ipynb', cells: ['x = 1', 'y = 2', 'z = 3'] },
    {
      name: 'RUNME in any case, with any extension',
      path: 'runme.ipynb',
      cells: ['x = 1', 'y = 2', 'z = 3']
    },
    {
      // databricks-industry-solutions/propensity and causal-incentive: RUNME.py creates the
      // accelerator's clusters and workflow; its first cell is a %md paragraph, no heading
      name: "a solution accelerator's RUNME setup notebook",
      path: 'RUNME.py',
      text: '# Databricks notebook source\n# MAGIC %md This notebook sets up the companion cluster(s) to run the solution accelerator. It also creates the Workflow to illustrate the order of execution. Happy exploring!\n# MAGIC 🎉\n\n# COMMAND ----------\n\n# MAGIC %pip install git+https://github.com/databricks-academy/dbacademy@v1.0.13 git+https://github.com/databricks-industry-solutions/notebook-solution-companion@safe-print-html --quiet --disable-pip-version-check\n'
    },
    {
      name: 'Databricks %md title',
      text: '# Databricks notebook source\n# MAGIC %md # Churn model\n\n# COMMAND ----------\n\nx = 1\n'
    },
    {
      // databricks-academy/large-language-models: every lesson %runs ./Includes/Classroom-Setup
      name: "a course's Classroom-Setup helper, and a helper in an Includes folder",
      path: 'Solutions/Includes/Classroom-Setup.py',
      text: '# Databricks notebook source\n# MAGIC %run ./_common\n\n# COMMAND ----------\n\nDA = DBAcademyHelper()\n'
    },
    {
      path: 'demo-retail/lakehouse-retail-c360/_resources/01-load-data.py',
      text: '# Databricks notebook source\nx = 1\n'
    },
    {
      // r-suhaib/databricks-mlops-hands-on notebooks/07_create_monitoring_tables.ipynb (round 9)
      name: 'a notebook of one code cell (and empty cells) and no Markdown',
      path: 'notebooks/07_create_monitoring_tables.ipynb',
      cells: [
        '%sql\nCREATE TABLE IF NOT EXISTS\ntep_anomaly.served.feature_monitoring_history\n(\n    feature_name STRING\n)\nUSING DELTA',
        ''
      ]
    },
    {
      // databricks-blogposts' 2025-12-transformWithState-AdAttribution/util/adtechdata_producer_scala.py
      // (round 9's corpus): one long Scala cell, a helper class the other notebooks %run
      name: 'a notebook of one long code cell in a library folder (util/)',
      path: 'ad-attribution/util/adtechdata_producer_scala.py',
      text: '# Databricks notebook source\n# DBTITLE 1,AdTech Kafka Producer\n# MAGIC %scala\n# MAGIC class AdTechDataHelper(val n: Int) {\n# MAGIC   def f0(): Int = 0\n# MAGIC   def f1(): Int = 1\n# MAGIC   def f2(): Int = 2\n# MAGIC   def f3(): Int = 3\n# MAGIC   def f4(): Int = 4\n# MAGIC   def f5(): Int = 5\n# MAGIC   def f6(): Int = 6\n# MAGIC   def f7(): Int = 7\n# MAGIC   def f8(): Int = 8\n# MAGIC   def f9(): Int = 9\n# MAGIC   def f10(): Int = 10\n# MAGIC   def f11(): Int = 11\n# MAGIC   def f12(): Int = 12\n# MAGIC   def f13(): Int = 13\n# MAGIC   def f14(): Int = 14\n# MAGIC   def f15(): Int = 15\n# MAGIC   def f16(): Int = 16\n# MAGIC   def f17(): Int = 17\n# MAGIC   def f18(): Int = 18\n# MAGIC   def f19(): Int = 19\n# MAGIC   def f20(): Int = 20\n# MAGIC   def f21(): Int = 21\n# MAGIC   def f22(): Int = 22\n# MAGIC   def f23(): Int = 23\n# MAGIC   def f24(): Int = 24\n# MAGIC   def f25(): Int = 25\n# MAGIC   def f26(): Int = 26\n# MAGIC   def f27(): Int = 27\n# MAGIC   def f28(): Int = 28\n# MAGIC   def f29(): Int = 29\n# MAGIC   def f30(): Int = 30\n# MAGIC   def f31(): Int = 31\n# MAGIC   def f32(): Int = 32\n# MAGIC   def f33(): Int = 33\n# MAGIC   def f34(): Int = 34\n# MAGIC   def f35(): Int = 35\n# MAGIC   def f36(): Int = 36\n# MAGIC   def f37(): Int = 37\n# MAGIC   def f38(): Int = 38\n# MAGIC   def f39(): Int = 39\n# MAGIC }\n'
    },
    {
      // rasbt/deeplearning-models cnn-alexnet-grouped-cifar10.ipynb (round 8): magics, a note,
      // then the title under two logos; Azure's AutoML samples: the title in cell 4 under a
      // copyright, a tracking pixel and a notice
      name: 'a level-1 title under logos after set-up magics, and under Markdown notices',
      cells: [
        '%load_ext watermark\n%watermark -p torch,pytorch_lightning',
        { md: 'The three extensions below are optional' },
        '%load_ext pycodestyle_magic\n%flake8_on --max_line_length=100',
        '%load_ext nb_black',
        {
          md: '<a href="https://pytorch.org"><img src="logo.svg" width="90"/></a>\n\n# AlexNet with Grouped Convolutions Trained on CIFAR-10'
        },
        'import torch'
      ]
    },
    {
      cells: [
        { md: 'Copyright (c) Microsoft Corporation. All rights reserved.' },
        { md: '![Impressions](https://example.org/pixel.png)' },
        { md: '<font color="red">This notebook is outdated</font>' },
        {
          md: '<h1>Automated Machine Learning</h1>\n**BikeShare Demand Forecasting**'
        },
        'import azureml'
      ]
    },
    {
      // rasbt/deeplearning-models gnn-basic-1.ipynb and kfold-light-cnn-mnist.ipynb (round 8)
      name: 'a level-1 title in cell 4, below a version stamp, a banner and a note',
      cells: [
        {
          md: 'Deep Learning Models -- A collection of various deep learning architectures'
        },
        "%load_ext watermark\n%watermark -a 'Sebastian Raschka' -v -p torch",
        { md: '- Runs on CPU or GPU (if available)' },
        {
          md: '# Most Basic Graph Neural Network with Gaussian Filter on MNIST'
        },
        'import torch'
      ]
    },
    {
      cells: [
        "%load_ext watermark\n%watermark -a 'Sebastian Raschka' -v -p torch,pytorch_lightning",
        {
          md: 'The little caveat is that it currently only supports PyTorch Lightning < 1.6.0.'
        },
        '#!pip install pytorch-lightning==1.5.10',
        { md: '# K-Fold Cross-Validation Example' },
        'import torch'
      ]
    },
    {
      // fchollet/deep-learning-with-python-notebooks chapter13 (round 11): the book's companion
      // note, an install, the Keras backend, a Colab form cell (code hidden), then the chapter's
      // title at level 2 over its ### sections
      name: 'a ## title heading the outline in cell 5, below a note, installs, imports and a hidden form cell',
      cells: [
        {
          md: 'This is a companion notebook for the book [Deep Learning with Python, Third Edition](https://www.manning.com/books/deep-learning-with-python-third-edition). For readability, it only contains runnable code blocks and section titles.'
        },
        '!pip install keras keras-hub --upgrade -q',
        'import os\nos.environ["KERAS_BACKEND"] = "jax"',
        {
          code: '# @title\nimport os\nfrom IPython.core.magic import register_cell_magic\n\n@register_cell_magic\ndef backend(line, cell):\n    get_ipython().run_cell(cell)',
          metadata: { cellView: 'form' }
        },
        { md: '## Timeseries forecasting' },
        { md: '### Different kinds of timeseries tasks' },
        'import keras',
        {
          md: '### A temperature forecasting example\n\n#### Preparing the data'
        }
      ]
    },
    {
      name: 'one long code cell outside a library folder: one step',
      path: 'ad-attribution/notebooks/adtechdata_producer_scala.py',
      text: '# Databricks notebook source\n# DBTITLE 1,AdTech Kafka Producer\n# MAGIC %scala\n# MAGIC class AdTechDataHelper(val n: Int) {\n# MAGIC   def f0(): Int = 0\n# MAGIC   def f1(): Int = 1\n# MAGIC   def f2(): Int = 2\n# MAGIC   def f3(): Int = 3\n# MAGIC   def f4(): Int = 4\n# MAGIC   def f5(): Int = 5\n# MAGIC   def f6(): Int = 6\n# MAGIC   def f7(): Int = 7\n# MAGIC   def f8(): Int = 8\n# MAGIC   def f9(): Int = 9\n# MAGIC   def f10(): Int = 10\n# MAGIC   def f11(): Int = 11\n# MAGIC   def f12(): Int = 12\n# MAGIC   def f13(): Int = 13\n# MAGIC   def f14(): Int = 14\n# MAGIC   def f15(): Int = 15\n# MAGIC   def f16(): Int = 16\n# MAGIC   def f17(): Int = 17\n# MAGIC   def f18(): Int = 18\n# MAGIC   def f19(): Int = 19\n# MAGIC   def f20(): Int = 20\n# MAGIC   def f21(): Int = 21\n# MAGIC   def f22(): Int = 22\n# MAGIC   def f23(): Int = 23\n# MAGIC   def f24(): Int = 24\n# MAGIC   def f25(): Int = 25\n# MAGIC   def f26(): Int = 26\n# MAGIC   def f27(): Int = 27\n# MAGIC   def f28(): Int = 28\n# MAGIC   def f29(): Int = 29\n# MAGIC   def f30(): Int = 30\n# MAGIC   def f31(): Int = 31\n# MAGIC   def f32(): Int = 32\n# MAGIC   def f33(): Int = 33\n# MAGIC   def f34(): Int = 34\n# MAGIC   def f35(): Int = 35\n# MAGIC   def f36(): Int = 36\n# MAGIC   def f37(): Int = 37\n# MAGIC   def f38(): Int = 38\n# MAGIC   def f39(): Int = 39\n# MAGIC }\n'
    },
    {
      // the one-step class of rounds 4, 10 and 12 (bench/PRECISION.md): one code cell of any
      // length and no Markdown (a script pasted into a kernel, 187 lines), or two code cells one
      // of which only sets up (a `%pip install` cell and `dbutils.library.restartPython()`)
      name: 'one code cell of any length, or two with one only set-up, and no Markdown',
      cells: [
        "import pandas as pd\ndf = pd.read_csv('x.csv')\n" +
          Array.from(
            { length: 300 },
            (_, i) => `df['c${i}'] = df.a * ${i}`
          ).join('\n'),
        ''
      ]
    },
    {
      path: 'util/install-finetune-libraries.py',
      text: '# Databricks notebook source\n%pip install peft==0.4.0\n\n# COMMAND ----------\n\ndbutils.library.restartPython()\n'
    }
  ],
  invalid: [
    {
      // the near-miss of dqx's blank line above %md: MAGIC lines with no magic make no Markdown
      name: 'a Databricks MAGIC cell whose first written line is no magic',
      text: '# Databricks notebook source\nfrom pyspark import pipelines as dp\n\n# COMMAND ----------\n\n# MAGIC\n# MAGIC ## Using DQX\n\n# COMMAND ----------\n\nimport yaml\n\n# COMMAND ----------\n\nchecks = yaml.safe_load("[]")\n',
      path: 'dqx_ldp_demo.py',
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // near misses of the one-step notebooks: two code cells that both work (round 10's
      // delta-live-tables "loan risk ml model.py": read the training set, then fit, judged true),
      // and a %%writefile cell of 40 lines with lone '\r' ends and the cell that packages it
      name: 'two code cells of work and no Markdown',
      path: 'ml models/loan risk ml model.py',
      text: '# Databricks notebook source\ntrain = spark.sql("SELECT * FROM db.train_data")\ndisplay(train)\n\n# COMMAND ----------\n\nfrom pyspark.ml import Pipeline\ngbt_model = Pipeline(stages=stages).fit(train)\n\n# COMMAND ----------\n\n',
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: [
        '%%writefile main.py\n' +
          Array.from({ length: 40 }, (_, i) => `x${i} = ${i}`).join('\r'),
        '!tar czf submission.tar.gz main.py'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // three code cells are a document, in a library folder too
      name: 'three code cells and no Markdown, in utils/',
      path: 'project/utils/explore_data.ipynb',
      cells: [
        'import pandas as pd',
        'df = pd.read_csv("x.csv")',
        'df.describe()'
      ],
      errors: [{ message: 'No Markdown title', cell: 1 }]
    },
    {
      // the review of s15-r11 (D4): a later level-1 heading written setext or in HTML makes the
      // ## below set-up a section, as a later `# heading` does
      name: 'a ## heading below set-up with a later setext or HTML level-1 heading is no title',
      cells: [
        'import os',
        'import sys',
        '!pip install x -q',
        { md: '## Loading things' },
        'print(1)',
        { md: 'Real Title\n==========' }
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: [
        'import os',
        'import sys',
        '!pip install x -q',
        { md: '## Loading things' },
        'print(1)',
        { md: '<h1>Other</h1>' }
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // the review of s15-r11 (D3): a set-up line is set-up to its end; an import followed by
      // work on its line, an environment variable set from a call and a hidden form cell that
      // trains a model do work before the title
      name: 'a line that only starts like set-up, or a hidden form cell that does work, is no set-up',
      cells: titleBelow(
        "import pandas as pd; df = pd.read_csv('x.csv'); df.to_parquet('y.parquet')"
      ),
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: titleBelow('from x import y; run_everything()'),
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: titleBelow("os.environ['X'] = open('/etc/passwd').read()"),
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: titleBelow({
        code: '# @title\nmodel = train_model()',
        metadata: { cellView: 'form' }
      }),
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // the title rule after set-up reads the outline: a ## heading with a later ## (or #) is a
      // section; a visible code cell that does work, or a print, is no set-up
      name: 'a ## section among others, or a ## heading below code that does work, is no title',
      cells: [
        '!pip install keras -q',
        'import os',
        { md: 'A note' },
        { md: '## Loading the data' },
        'df = load()',
        { md: '## Training' }
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: [
        { md: 'A note' },
        'import keras\nprint(keras.__version__)',
        'import os',
        { md: '## Timeseries forecasting' },
        { md: '### Different kinds of timeseries tasks' }
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: [
        { md: 'A note' },
        {
          code: '# @title\ndef helper():\n    return 1',
          metadata: { colab_type: 'code' }
        },
        'import os',
        { md: '## Timeseries forecasting' },
        'x = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      name: 'a notebook with no heading at all, under set-up cells and notes',
      cells: [
        '!pip install keras -q',
        'import os\nos.environ["KERAS_BACKEND"] = "jax"',
        { md: 'A companion notebook for the book.' },
        { md: '**Timeseries forecasting**' },
        'x = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // Azure/azureml-examples' sdk/python/resources/compute/compute.ipynb is a tutorial
      name: 'a notebook in a resources folder (no _) or below a helper folder is a document',
      path: 'sdk/python/resources/compute.ipynb',
      cells: ['x = 1', 'y = 2', 'z = 3'],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1, column: 1 }]
    },
    {
      path: 'includes/lessons/intro.ipynb',
      cells: ['x = 1', 'y = 2', 'z = 3'],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1, column: 1 }]
    },
    {
      name: 'a classroom notebook that is no set-up',
      path: 'Classroom-Exercises.ipynb',
      cells: ['x = 1', 'y = 2', 'z = 3'],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1, column: 1 }]
    },
    {
      name: 'a name that only starts with RUNME is a document',
      path: 'RUNME_churn_analysis.ipynb',
      cells: ['x = 1', 'y = 2', 'z = 3'],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1, column: 1 }]
    },
    {
      name: 'a document about configuration is no helper (the helper word is not its first)',
      path: 'SparkConfigDump.py',
      text: '# Databricks notebook source\nfor k, v in sorted(spark.conf.getAll()):\n    print(k, v)\n\n# COMMAND ----------\n\nprint("done")\n\n# COMMAND ----------\n\nprint(len(spark.conf.getAll()))\n',
      errors: [
        {
          message: 'No Markdown title',
          cell: 1,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 41
        }
      ]
    },
    {
      name: '##Title without a space is no heading in Jupyter',
      cells: [{ md: '##Analysis' }, 'x = 1'],
      errors: [
        {
          message: 'No Markdown title',
          cell: 1,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11
        }
      ]
    },
    {
      // set-up magics, then only section headings (##) or a section name at level 1 (ageron's
      // handson-ml3: "**Chapter 3 – Classification**" in bold, then "# Setup"); and a title
      // below a cell that does work
      name: 'no level-1 title after the set-up cells, or a title after code that does work',
      cells: [
        '%load_ext watermark\n%watermark -p torch,pytorch_lightning',
        { md: 'The three extensions below are optional' },
        '%load_ext nb_black',
        { md: '## General settings and hyperparameters' },
        'BATCH_SIZE = 256',
        // the sections that follow it at the same level (so it heads no outline)
        { md: '## Dataset' }
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // the near miss of ThinkDSP's hidden cells: code the book still shows (removed from the
      // print edition only, or its output hidden) does work above the title
      name: 'a title below code cells the rendered book shows',
      cells: [
        { md: 'The second edition is not for sale yet.' },
        {
          md: '[Click here to run this notebook on Colab](https://colab.research.google.com/)'
        },
        {
          code: 'def download(url):\n    pass\n\ndownload("thinkdsp.py")',
          metadata: { tags: ['remove-print'] }
        },
        {
          code: 'from thinkdsp import decorate',
          metadata: { tags: ['hide-output'] }
        },
        { md: '# Nonlinear Systems' },
        'x = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // the near-miss of handson-ml2's bold chapter line: a bold line alone in the first cell
      // over code is a label over the code below, not a title over an introduction
      cells: [
        { md: '**Chapter 3 – Classification**' },
        'import sys',
        'assert sys.version_info >= (3, 5)',
        { md: '# Setup' },
        'import os'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: [
        '%load_ext watermark',
        { md: 'a note' },
        { md: 'another note' },
        { md: '## Imports\n\n# A late title' },
        'x = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: [
        '%load_ext watermark',
        'import torch\nprint(torch.__version__)',
        { md: 'a note' },
        { md: '# The title, below real code' },
        'x = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // s14 review (/tmp/RG2/t305): magics that do work are no set-up, a section name is no
      // title, the title must come within the first 5 cells, and one code cell of 300 lines is a
      // program, not a workflow step
      name: 'a title after magics that do work (%run, %time, %sql)',
      cells: [
        '%run train.py',
        '%time model = fit(X)',
        { md: 'Some notes' },
        { md: '# Results' }
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: [
        { md: 'Intro text' },
        '%sql SELECT * FROM prod.customers',
        { md: 'x' },
        { md: '# Customer churn' }
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      name: 'section names at level 1 are no title (# Import libraries, # Appendix: ...)',
      cells: [
        { md: 'Intro text' },
        { md: 'more text' },
        { md: 'more' },
        { md: 'more' },
        { md: '# Import libraries' }
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: [
        { md: 'Intro text' },
        { md: 'more text' },
        { md: 'more' },
        { md: 'more' },
        { md: '# Appendix: Setup notes' }
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: [
        { md: 'Intro text' },
        { md: 'more text' },
        '%matplotlib inline',
        { md: '# Environment setup' },
        'import os'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: [
        { md: 'Intro text' },
        { md: 'more text' },
        '%autoreload 2',
        { md: '# Libraries' },
        'import os'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      name: 'a title below the first 5 cells',
      cells: [
        '%load_ext watermark',
        { md: 'a' },
        { md: 'b' },
        { md: 'c' },
        { md: 'd' },
        { md: '# A title in cell 6' },
        'x = 1'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      // the near miss of the one-step notebooks (valid above): a third code cell makes a document
      name: 'three code cells of a long program and no Markdown',
      cells: [
        'import pandas as pd',
        "df = pd.read_csv('x.csv')\n" +
          Array.from(
            { length: 300 },
            (_, i) => `df['c${i}'] = df.a * ${i}`
          ).join('\n'),
        'df.to_csv("y.csv")'
      ],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      name: 'one code cell with a Markdown cell is a document',
      cells: ['%sql\nCREATE TABLE t (x INT)', { md: 'Creates the table.' }],
      errors: [{ message: 'No Markdown title', cell: 1, line: 1 }]
    },
    {
      cells: ['import os', 'x = 1', 'y = 2', { md: '# Late title' }],
      errors: [
        {
          message: 'No Markdown title ("# Title") in the first 3 cells',
          messageId: 'noTitle',
          cell: 1,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
