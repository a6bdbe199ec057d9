import rule from '../../src/rules/mlflow-latest-model-uri';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'm = mlflow.pyfunc.load_model("models:/churn@champion")\nn = mlflow.pyfunc.load_model("models:/churn/3")'
      ]
    },
    {
      // an integration test's shape: the version is a setting whose default is "latest", and any
      // other value is pinned
      name: 'latest only in the branch where a setting asks for it',
      cells: [
        'databricks_model_version = os.getenv("DATABRICKS_MODEL_VERSION", "latest")\nif databricks_model_version.lower() == "latest":\n    model_uri = f"models:/{databricks_model_name}/latest"\nelse:\n    model_uri = f"models:/{databricks_model_name}/{databricks_model_version}"',
        'uri = f"models:/{name}/latest" if "latest" == version else f"models:/{name}/{version}"'
      ]
    },
    {
      name: 'an and of conditions one of which says "latest", in parentheses',
      cells: [
        'if (version == "latest") and use_registry:\n    uri = "models:/churn/latest"'
      ]
    }
  ],
  invalid: [
    {
      name: 'latest where the test is about something else, in the else branch, or after != "latest"',
      cells: [
        'if version is None:\n    uri = "models:/churn/latest"',
        'if version == "3":\n    uri = "models:/churn/3"\nelse:\n    uri = "models:/churn/latest"',
        'if stage != "latest":\n    uri = "models:/churn/latest"',
        'uri = f"models:/{name}/{version}" if version == "latest" else f"models:/{name}/latest"'
      ],
      errors: [
        { message: '"models:/churn/latest"', cell: 1, line: 2 },
        { message: '"models:/churn/latest"', cell: 2, line: 4 },
        { message: '"models:/churn/latest"', cell: 3, line: 2 },
        { message: '"models:/{name}/latest"', cell: 4, line: 1 }
      ]
    },
    {
      cells: [
        'm = mlflow.pyfunc.load_model("models:/churn/latest")',
        'u = f"models:/{name}/latest"'
      ],
      errors: [
        {
          message: '"models:/churn/latest" loads whichever version',
          messageId: 'latest',
          cell: 1,
          line: 1,
          column: 31
        },
        { message: '"models:/{name}/latest"', cell: 2, line: 1, column: 7 }
      ]
    },
    {
      // the notebook test reads only the cells the engine walks: one that mentions the URI in
      // markdown still has its code cells looked at
      name: 'a URI named in markdown too',
      cells: [
        { md: 'Load `models:/churn/latest`' },
        'm = load("models:/churn/latest")'
      ],
      errors: [
        { message: '"models:/churn/latest"', cell: 2, line: 1, column: 11 }
      ]
    },
    {
      name: 'the scheme in capitals (the rule skips cells without models:/ in any case)',
      cells: ['x = 1', 'm = load("Models:/churn/LATEST")'],
      errors: [
        { message: '"Models:/churn/LATEST"', cell: 2, line: 1, column: 11 }
      ]
    },
    {
      // the review of round 6: the test must hold only where the setting says "latest"
      name: 'latest under not, or, a chained comparison, or a comparison written in a string',
      cells: [
        'if not version == "latest":\n    m = mlflow.pyfunc.load_model("models:/churn/latest")',
        'if not version or version == "latest":\n    uri = "models:/churn/latest"',
        'if version == "latest" or True:\n    uri = "models:/churn/latest"',
        'uri = "models:/churn/latest" if not version == "latest" else "models:/c/1"',
        'if check("v == \'latest\'"):\n    uri = "models:/churn/latest"',
        'if a == "latest" == b:\n    uri = "models:/churn/latest"'
      ],
      errors: [
        { message: '"models:/churn/latest"', cell: 1, line: 2 },
        { message: '"models:/churn/latest"', cell: 2, line: 2 },
        { message: '"models:/churn/latest"', cell: 3, line: 2 },
        { message: '"models:/churn/latest"', cell: 4, line: 1 },
        { message: '"models:/churn/latest"', cell: 5, line: 2 },
        { message: '"models:/churn/latest"', cell: 6, line: 2 }
      ]
    }
  ]
});
