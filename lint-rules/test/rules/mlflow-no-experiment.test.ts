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
      // ContinuumIO/mlflow-examples: init() of the project's own module sets the experiment
      name: "an experiment left to a helper of the project's own modules",
      cells: [
        'from mlflow_adsp import upsert_experiment\nfrom utils.environment_utils import init\nimport mlflow\n\ninit()',
        'with mlflow.start_run(run_name="x"):\n    mlflow.log_param("a", 1)'
      ]
    },
    {
      name: "a project's experiment setter, called",
      cells: [
        'from mylib.tracking import get_or_create_experiment\nimport mlflow\nget_or_create_experiment("churn")',
        'with mlflow.start_run():\n    mlflow.log_metric("a", 1)'
      ]
    },
    {
      name: 'an experiment bound from an imported helper',
      cells: [
        'from wine_quality.environment import init\nimport mlflow\nexperiment_id, client = init()',
        'with mlflow.start_run():\n    mlflow.log_metric("a", 1)'
      ]
    },
    {
      name: 'no tracking at all',
      cells: ['import mlflow\nm = mlflow.pyfunc.load_model(uri)']
    }
  ],
  invalid: [
    {
      // mlflow's own functions do not place the runs (create_experiment only makes one), a
      // function defined in the notebook is in plain sight, and a helper that says nothing
      // of an experiment is no evidence
      name: 'experiments made but not chosen, and helpers that say nothing',
      cells: [
        'import mlflow\nfrom mlflow import create_experiment\nexperiment_id = create_experiment("x")\nexp = mlflow.create_experiment("y")',
        'def init():\n    return 1, 2\nexperiment_id, client = init()',
        'from utils import load_data\ndata = load_data()',
        'with mlflow.start_run():\n    mlflow.log_metric("a", 1)'
      ],
      errors: [{ message: 'no cell calls mlflow.set_experiment()', cell: 4 }]
    },
    // review of s13-prec2: a name that only mentions experiments, another tracker's
    // Experiment, a helper imported but never called, and a binding that is no experiment id
    ...[
      'from azureml.core import Experiment\nexp = Experiment(ws, "x")',
      'from comet_ml import Experiment\nexperiment = Experiment()',
      'from cfg import ExperimentConfig\nconfig = ExperimentConfig()',
      'from mylib import get_experiment_name',
      'from mylib.tracking import upsert_experiment',
      'from mylib.names import get_name\nexperiment_name = get_name()',
      'from mylib.results import load_results\nexp = load_results()'
    ].map(setup => ({
      name: `no experiment chosen: ${setup.split('\n').pop()}`,
      cells: [
        `import mlflow\n${setup}`,
        'with mlflow.start_run():\n    mlflow.log_metric("a", 1)'
      ],
      errors: [{ message: 'no cell calls mlflow.set_experiment()', cell: 2 }]
    })),
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
