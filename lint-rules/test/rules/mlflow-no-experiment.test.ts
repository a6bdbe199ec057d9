import rule from '../../src/rules/mlflow-no-experiment';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import mlflow\nmlflow.set_experiment("/Shared/churn")',
        'with mlflow.start_run():\n    mlflow.log_metric("a", 1)'
      ]
    },
    {
      cells: [
        'import mlflow\nwith mlflow.start_run(experiment_id=exp_id):\n    pass'
      ]
    },
    {
      cells: [
        'import os\nos.environ["MLFLOW_EXPERIMENT_NAME"] = "churn"',
        'import mlflow\nmlflow.autolog()'
      ]
    },
    {
      name: 'a cell that does not parse may choose it',
      cells: [
        '{{ template }}\nmlflow.set_experiment(name)',
        'import mlflow\nmlflow.autolog()'
      ]
    },
    {
      name: 'a Databricks source notebook logs to its own notebook experiment',
      path: 'train.py',
      text: '# Databricks notebook source\nimport mlflow\n\n# COMMAND ----------\n\nwith mlflow.start_run():\n    mlflow.log_metric("a", 1)\n'
    },
    {
      // databricks/tech-talks' MLflow Diabetes example, exported as .ipynb
      name: 'a notebook exported from Databricks',
      cells: [
        'import mlflow\nwith mlflow.start_run() as run:\n    mlflow.log_metric("mae", 1.0)'
      ],
      metadata: { name: 'MLflow Diabetes Example', notebookId: 4032369 }
    },
    {
      // fabric-samples' anomaly-detection tutorial: Fabric logs to the notebook's experiment
      name: 'a Fabric notebook',
      cells: ['import mlflow\nmlflow.autolog()'],
      metadata: {
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark'
        },
        language_info: { name: 'python' },
        trident: { lakehouse: {} }
      }
    },
    {
      name: 'no tracking at all',
      cells: ['import mlflow\nm = mlflow.pyfunc.load_model(uri)']
    }
  ],
  invalid: [
    {
      name: 'a percent script runs outside Databricks: the default experiment',
      path: 'train.py',
      text: '# %%\nimport mlflow\n\n# %%\nwith mlflow.start_run():\n    mlflow.log_metric("a", 1)\n',
      errors: [
        {
          message: 'no cell calls mlflow.set_experiment()',
          cell: 2,
          line: 1,
          column: 6,
          fileLine: 5
        }
      ]
    },
    {
      cells: ['import mlflow', 'mlflow.sklearn.autolog()\nmodel.fit(X, y)'],
      errors: [
        {
          message: 'no cell calls mlflow.set_experiment()',
          messageId: 'noExperiment',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
