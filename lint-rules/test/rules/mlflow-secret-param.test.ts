import rule from '../../src/rules/mlflow-secret-param';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import mlflow\nmlflow.log_param("lr", 0.1)\nmlflow.log_params({"depth": 3, "token_count": n})'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        'import mlflow\nmlflow.log_param("db_password", pw)',
        'mlflow.log_params({"alpha": 1, "api_key": key})\nmlflow.log_param("user", token)'
      ],
      errors: [
        {
          message:
            '"db_password" looks like a secret and is logged with mlflow.log_param()',
          messageId: 'secretParam',
          cell: 1,
          line: 2,
          column: 18
        },
        {
          message:
            '"api_key" looks like a secret and is logged with mlflow.log_params()',
          cell: 2,
          line: 1,
          column: 32
        },
        { message: '"token" looks like a secret', cell: 2, line: 2, column: 26 }
      ]
    }
  ]
});
