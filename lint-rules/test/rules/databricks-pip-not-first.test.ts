import rule from '../../src/rules/databricks-pip-not-first';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'a package named like a built-in object property (crashed the rule)',
      cells: [
        'import pandas as pd',
        '%pip install constructor==1.0 toString==2.0'
      ]
    },
    {
      name: 'plain Jupyter: %pip after work on other packages keeps the kernel state',
      cells: [
        'import pandas as pd\ndf = pd.read_csv("d.csv")',
        '%pip install xgboost==2.0.3',
        'import xgboost'
      ]
    },
    {
      cells: [
        { md: '# t' },
        '%pip install a==1',
        '# comment only',
        '%pip install b==2',
        'import a'
      ]
    },
    {
      // databricks-industry-solutions/many-model-forecasting examples/run_daily: a job's
      // parameters declared first; widgets outlive the Python restart of %pip
      name: 'Databricks: a cell above only declares widgets',
      text: '# Databricks notebook source\ndbutils.widgets.text("catalog", "")\ndbutils.widgets.dropdown("model", "a", ["a", "b"])  # the model\n\n# COMMAND ----------\n\nmodel_class = "global" if "Neural" in dbutils.widgets.get("model") else "foundation"\n%pip install -r ../requirements-{model_class}.txt --quiet\ndbutils.library.restartPython()\n',
      path: 'run_daily.py'
    }
  ],
  invalid: [
    {
      name: 'plain Jupyter: the first cell that imported the package is named, with %pip cells between',
      cells: [
        'import numpy as np',
        '%pip install xgboost==2.0.3',
        'import xgboost\nimport numpy',
        '%pip install xgboost==2.1.0 numpy==2.0.0'
      ],
      errors: [
        {
          message: '%pip install xgboost==2.1.0 after cell 3 imported it',
          cell: 4,
          line: 1,
          column: 14
        }
      ]
    },
    {
      name: 'plain Jupyter: a package imported in the first cell and again later names the first',
      cells: [
        'import numpy as np',
        '%pip install scipy==1.13.0',
        'import numpy',
        '%pip install numpy==2.0.0'
      ],
      errors: [
        {
          message: '%pip install numpy==2.0.0 after cell 1 imported it',
          cell: 4,
          line: 1,
          column: 14
        }
      ]
    },
    {
      name: 'plain Jupyter: installing a package a cell above imported (scikit-learn is sklearn)',
      cells: [
        'from sklearn.linear_model import LinearRegression',
        '%pip install -U scikit-learn==1.5.0'
      ],
      errors: [
        {
          message: '%pip install scikit-learn==1.5.0 after cell 1 imported it',
          messageId: 'importedAbove',
          cell: 2,
          line: 1,
          column: 17,
          endLine: 1,
          endColumn: 36
        }
      ]
    },
    {
      name: 'Databricks: %pip after cells that did work',
      cells: [
        'import pandas as pd\ndf = pd.DataFrame()',
        '%pip install xgboost==2.0.3'
      ],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'train' }
      },
      errors: [
        {
          message: '%pip install after cell 1 did work',
          messageId: 'notFirst',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      name: 'Databricks: a widget value kept in a Python variable is lost at the restart',
      text: '# Databricks notebook source\ndbutils.widgets.text("catalog", "")\ncatalog = dbutils.widgets.get("catalog")\n\n# COMMAND ----------\n\n# MAGIC %pip install mlflow==2.14.1\n',
      path: 'train.py',
      errors: [
        {
          message: '%pip install after cell 1 did work',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 5
        }
      ]
    },
    {
      name: 'Databricks source file',
      text: '# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n# MAGIC %pip install mlflow==2.14.1\n',
      errors: [{ message: 'after cell 1', cell: 2, fileLine: 6 }]
    }
  ]
});
