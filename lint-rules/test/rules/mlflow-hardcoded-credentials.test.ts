import rule from '../../src/rules/mlflow-hardcoded-credentials';
import { runRuleTests } from './ruleTester';

/** every name the rule knows, each set to a literal: none may be skipped by its first test */
const NAMES = [
  'MLFLOW_TRACKING_TOKEN',
  'MLFLOW_TRACKING_PASSWORD',
  'MLFLOW_TRACKING_USERNAME',
  'DATABRICKS_TOKEN',
  'DATABRICKS_CLIENT_SECRET',
  'AZURE_CLIENT_SECRET',
  'AZURE_STORAGE_ACCESS_KEY',
  'AWS_SECRET_ACCESS_KEY'
];

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import os\nos.environ["MLFLOW_TRACKING_TOKEN"] = dbutils.secrets.get("s", "t")\nos.environ["DATABRICKS_TOKEN"] = "<token>"\nos.environ["MLFLOW_TRACKING_PASSWORD"] = "EnterYourOwnInfoHere"'
      ]
    },
    {
      // round 20 (the MLflow book's chapter 3, a local docker MinIO as MLflow's artifact store):
      // MinIO's documented pair with the S3 endpoint on this machine opens only the reader's
      // own local store; nothing to move or revoke
      name: "MinIO's default credentials for a store on localhost",
      cells: [
        'import os\nos.environ["AWS_ACCESS_KEY_ID"] = "minio"\nos.environ["AWS_SECRET_ACCESS_KEY"] = "minio123"\nos.environ["MLFLOW_S3_ENDPOINT_URL"] = "http://localhost:9000"',
        'os.environ.setdefault("AWS_ACCESS_KEY_ID", "minioadmin")\nos.environ.setdefault("AWS_SECRET_ACCESS_KEY", "minioadmin")\nos.environ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9000"'
      ]
    }
  ],
  invalid: [
    {
      // round 21's attack review, R8: a later cell points the endpoint at the team's store, which
      // then gets MinIO's default root password (the real shape: a local block, then a remote one)
      name: 'MinIO defaults with a local endpoint that a later cell points at a remote store',
      cells: [
        'import os\nos.environ["MLFLOW_S3_ENDPOINT_URL"] = "http://localhost:9000"  # local dev\nos.environ["AWS_ACCESS_KEY_ID"] = "minioadmin"\nos.environ["AWS_SECRET_ACCESS_KEY"] = "minioadmin"',
        '# shared team store\nos.environ["MLFLOW_S3_ENDPOINT_URL"] = "https://minio.team.example.com"'
      ],
      errors: [
        {
          message: 'AWS_SECRET_ACCESS_KEY is set to a literal',
          cell: 1,
          line: 4
        }
      ]
    },
    {
      // near misses: the same default password for a store elsewhere, a password that is not
      // the user's default, or no endpoint the notebook points at this machine
      name: 'MinIO-like credentials for a remote store',
      cells: [
        'import os\nos.environ["AWS_ACCESS_KEY_ID"] = "minio"\nos.environ["AWS_SECRET_ACCESS_KEY"] = "minio123"\nos.environ["MLFLOW_S3_ENDPOINT_URL"] = "http://localhost.example.org:9000"'
      ],
      errors: [
        {
          message: 'AWS_SECRET_ACCESS_KEY is set to a literal',
          cell: 1,
          line: 3
        }
      ]
    },
    {
      name: 'a MinIO default password without its user, on localhost',
      cells: [
        'import os\nos.environ["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE"\nos.environ["AWS_SECRET_ACCESS_KEY"] = "minioadmin"\nos.environ["AWS_ENDPOINT_URL"] = "http://localhost:9000"'
      ],
      errors: [
        {
          message: 'AWS_SECRET_ACCESS_KEY is set to a literal',
          cell: 1,
          line: 3
        }
      ]
    },
    {
      name: 'another password for a store on localhost',
      cells: [
        'import os\nos.environ["AWS_ACCESS_KEY_ID"] = "minio"\nos.environ["AWS_SECRET_ACCESS_KEY"] = "Sup3rS3cret"\nos.environ["AWS_ENDPOINT_URL"] = "http://localhost:9000"'
      ],
      errors: [
        {
          message: 'AWS_SECRET_ACCESS_KEY is set to a literal',
          cell: 1,
          line: 3
        }
      ]
    },
    {
      // an attack review of s16-seed: camel-case passphrases holding "Your"/"Here" and filler
      // look-alikes were taken for placeholders by the check NB408 shares
      name: 'camel-case passphrases and filler look-alikes are literals',
      cells: [
        'import os\nos.environ["MLFLOW_TRACKING_PASSWORD"] = "WeLoveYourSmile"\nos.environ["MLFLOW_TRACKING_PASSWORD"] = "MyDogIsHere"\nos.environ["MLFLOW_TRACKING_PASSWORD"] = "PutItHere"\nos.environ["MLFLOW_TRACKING_PASSWORD"] = "foobar"'
      ],
      errors: [2, 3, 4, 5].map(line => ({
        message: 'MLFLOW_TRACKING_PASSWORD is set to a literal',
        cell: 1,
        line
      }))
    },
    {
      name: 'a password that starts like an instruction but is one token with digits',
      cells: [
        'import os\nos.environ["MLFLOW_TRACKING_PASSWORD"] = "add-me-123"'
      ],
      errors: [
        {
          message: 'MLFLOW_TRACKING_PASSWORD is set to a literal',
          cell: 1,
          line: 2,
          column: 42
        }
      ]
    },
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
    },
    {
      name: 'each name alone in its notebook, mlflow named in markdown only',
      cells: [
        { md: 'Track with mlflow' },
        `import os\nos.environ["${NAMES[0]}"] = "s3cr3t-value"`
      ],
      errors: [
        {
          message: `${NAMES[0]} is set to a literal`,
          cell: 2,
          line: 2,
          column: NAMES[0].length + 18
        }
      ]
    },
    ...NAMES.slice(1).map(name => ({
      name: `os.environ["${name}"] = a literal`,
      cells: [`import os\nos.environ["${name}"] = "s3cr3t-value"`],
      errors: [
        {
          message: `${name} is set to a literal`,
          cell: 1,
          line: 2,
          column: name.length + 18
        }
      ]
    }))
  ]
});
