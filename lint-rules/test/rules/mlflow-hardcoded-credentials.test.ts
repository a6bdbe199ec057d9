import rule from '../../src/rules/mlflow-hardcoded-credentials';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import os\nos.environ["MLFLOW_TRACKING_TOKEN"] = dbutils.secrets.get("s", "t")\nos.environ["DATABRICKS_TOKEN"] = "<token>"'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        'import os\nos.environ["MLFLOW_TRACKING_PASSWORD"] = "pa55word-prod"',
        'os.environ.setdefault("DATABRICKS_TOKEN", "abc123def456")',
        'mlflow.set_tracking_uri("https://bob:pw123@mlflow.example.org")'
      ],
      errors: [
        {
          message: 'MLFLOW_TRACKING_PASSWORD is set to a literal',
          messageId: 'envCredential',
          cell: 1,
          line: 2,
          column: 42
        },
        {
          message: 'DATABRICKS_TOKEN is set to a literal',
          cell: 2,
          line: 1,
          column: 43
        },
        {
          message: 'Tracking URI embeds a user name and password',
          messageId: 'uriCredential',
          cell: 3,
          line: 1,
          column: 25
        }
      ]
    }
  ]
});
