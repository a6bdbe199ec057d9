/**
 * NB408 and a path to a credentials file (precision round 24): the path names where the secret is
 * kept, it is not the secret; a placeholder path (`path/to/credentials.json`) even less. A real
 * path is NB106's (absolute-path) business. A secret that only holds a `/` or a `.` stays reported.
 */
import rule from '../../src/rules/hardcoded-password';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // lq24 whylabs+whylogs/python/examples/integrations/writers/Writing_Profiles.ipynb, cell 46
      // (judged FP): Google's application default credentials variable names a key file
      name: 'a placeholder path to a credentials file',
      cells: [
        'from whylogs.api.writer.gcs import GCSWriter\n\nos.environ["GOOGLE_APPLICATION_CREDENTIALS"] = "path/to/credentials.json"\n\nwriter = GCSWriter()'
      ]
    },
    {
      name: 'real paths to key files, POSIX, Windows and relative',
      cells: [
        'GOOGLE_APPLICATION_CREDENTIALS = "/home/alice/keys/my-project-1234-5f6e7d8c9b0a.json"\nssh_private_key = r"C:\\Users\\alice\\.ssh\\id_rsa.pem"\nclient_secret = "./secrets/client_secret.json"\ncredentials = "~/.config/gcloud/application_default_credentials.json"',
        'creds = service_account.Credentials.from_service_account_file(credentials)'
      ]
    },
    {
      name: 'a bare credentials file name',
      cells: [
        'credentials = "service_account.json"\nos.environ["GOOGLE_APPLICATION_CREDENTIALS"] = "key-file.p12"'
      ]
    }
  ],
  invalid: [
    {
      // lq24 whylabs+whylogs/python/examples/integrations/Guest Session.ipynb, cell 8 (judged
      // TP): a WhyLabs key (key id, a dot, the secret, the org id); this one is made up
      name: 'a key with a dot and a colon is no file',
      cells: [
        'why.init(reinit=True, whylabs_api_key="Xq7Rk2LpVn.Tb9Wc3Yd5Ze8Af1Bg4Ch6Dj0Ek2Fm7Gn9Hp3Jq5:org-a1B2c3", default_dataset_id="model-62")'
      ],
      errors: [
        {
          message: 'Hard-coded secret in "whylabs_api_key"',
          cell: 1,
          line: 1,
          column: 39
        }
      ]
    },
    {
      name: 'a base64 key with slashes, and a password with a slash, are no paths',
      cells: [
        'AZURE_STORAGE_KEY = "ab12/Cd34+Ef56/Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx34Yz56AaBbCcDd=="\npassword = "s3cr3t/p4ss"'
      ],
      errors: [
        { message: 'Hard-coded secret in "AZURE_STORAGE_KEY"', cell: 1 },
        { message: 'Hard-coded secret in "password"', cell: 1, line: 2 }
      ]
    },
    {
      name: 'a password that ends in a file extension but is no file name (a space, no stem)',
      cells: ['password = "correct horse.json"\nsecret = "abc/.json"'],
      errors: [
        { message: 'Hard-coded secret in "password"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "secret"', cell: 1, line: 2 }
      ]
    }
  ]
});
