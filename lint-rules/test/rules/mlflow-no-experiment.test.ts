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
      name: 'no tracking at all',
      cells: ['import mlflow\nm = mlflow.pyfunc.load_model(uri)']
    }
  ],
  invalid: [
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
