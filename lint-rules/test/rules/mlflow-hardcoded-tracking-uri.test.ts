import rule from '../../src/rules/mlflow-hardcoded-tracking-uri';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // debu-sinha/mlflow-eval-workshop notebooks/01_mlflow_evaluation_ecosystem.py: the
      // not-on-Databricks branch of a workshop uses a local SQLite store
      name: 'a local store at a relative path is no server address',
      cells: [
        'import mlflow, os\nmlflow.set_tracking_uri("sqlite:///mlflow_workshop.db")\nmlflow.set_tracking_uri("file:./mlruns")\nmlflow.set_registry_uri("mlruns")\nos.environ["MLFLOW_TRACKING_URI"] = "./mlruns"'
      ]
    },
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
      name: 'a local store at an absolute path ties the notebook to one machine',
      cells: [
        'import mlflow\nmlflow.set_tracking_uri("sqlite:////home/alice/mlflow.db")\nmlflow.set_tracking_uri("file:///Users/alice/mlruns")'
      ],
      errors: [
        { message: 'sqlite:////home/alice/mlflow.db', cell: 1, line: 2 },
        { message: 'file:///Users/alice/mlruns', cell: 1, line: 3 }
      ]
    },
    {
      name: 'a Windows drive, a home directory and a bare host name are no relative store',
      cells: [
        'import mlflow\nmlflow.set_tracking_uri("sqlite:///C:/Users/alice/mlflow.db")\nmlflow.set_tracking_uri("file:C:/Users/alice/mlruns")\nmlflow.set_tracking_uri("file:~alice/mlruns")\nmlflow.set_tracking_uri("my-server.corp.com")\nmlflow.set_tracking_uri("localhost")\nmlflow.set_tracking_uri("data/mlruns")'
      ],
      errors: [
        { message: 'sqlite:///C:/Users/alice/mlflow.db', cell: 1, line: 2 },
        { message: 'file:C:/Users/alice/mlruns', cell: 1, line: 3 },
        { message: 'file:~alice/mlruns', cell: 1, line: 4 },
        { message: 'my-server.corp.com', cell: 1, line: 5 },
        { message: '"localhost"', cell: 1, line: 6 }
      ]
    },
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
