import rule from '../../src/rules/mlflow-secret-param';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import mlflow\nmlflow.log_param("lr", 0.1)\nmlflow.log_params({"depth": 3, "token_count": n})'
      ]
    },
    {
      // the names the shared definition (support/credential-names.json) says hold none: a
      // tokenizer's special tokens and a count of passes are common params
      name: "a tokenizer's special tokens, a count of passes, a storage credential's name",
      cells: [
        'import mlflow\nmlflow.log_params({"pad_token": "<pad>", "eos_token": eos, "n_pass": 3})\nmlflow.set_tag("storage_credential", "ac_dev_dbx_eus2")\nmlflow.log_param("pattern", pat)'
      ]
    }
  ],
  invalid: [
    {
      name: 'a personal access token, a camel-case and a qualified credential name',
      cells: [
        'import mlflow\nmlflow.log_param("GITHUB_PAT", pat)\nmlflow.set_tags({"dbPassword": pw, "token_ro": t})'
      ],
      errors: [
        { message: '"GITHUB_PAT" looks like a secret', cell: 1, line: 2 },
        { message: '"dbPassword" looks like a secret', cell: 1, line: 3 },
        { message: '"token_ro" looks like a secret', cell: 1, line: 3 }
      ]
    },
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
