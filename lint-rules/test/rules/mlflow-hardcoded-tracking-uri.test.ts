import rule from '../../src/rules/mlflow-hardcoded-tracking-uri';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import mlflow\nmlflow.set_tracking_uri("databricks")\nmlflow.set_registry_uri("databricks-uc")'
      ]
    },
    {
      cells: [
        'import mlflow, os\nmlflow.set_tracking_uri(os.environ["MLFLOW_TRACKING_URI"])'
      ]
    },
    {
      cells: [
        'import mlflow\nmlflow.set_tracking_uri("http://127.0.0.1:5000")'
      ],
      options: { allowed: ['http://127.0.0.1:5000'] }
    }
  ],
  invalid: [
    {
      cells: [
        'import mlflow\nmlflow.set_tracking_uri("https://mlflow.corp.example:5000")',
        'import os\nos.environ["MLFLOW_TRACKING_URI"] = "http://10.0.0.5:5000"'
      ],
      errors: [
        {
          message:
            'Hard-coded MLflow tracking URI "https://mlflow.corp.example:5000"',
          messageId: 'hardcoded',
          cell: 1,
          line: 2,
          column: 25
        },
        {
          message: 'Hard-coded MLflow tracking URI "http://10.0.0.5:5000"',
          cell: 2,
          line: 2,
          column: 37
        }
      ]
    }
  ]
});
