import rule from '../../src/rules/aws-access-key';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        '# AWS docs example: AKIAIOSFODNN7EXAMPLE\nsession = boto3.Session()'
      ]
    },
    {
      // shap's docs/user_studies "Approve Hits.ipynb" (round 7): the author scrubbed the secret
      // to "XXXXX" and left the id, which cannot sign a request alone
      name: 'an access key id whose secret in the same cell is a placeholder',
      cells: [
        'aws_access_key_id = "AKIAJ7ODKKKLEQNUJYZB"\naws_secret_access_key = "XXXXX"\nclient = boto3.client("mturk", aws_access_key_id=aws_access_key_id, aws_secret_access_key=aws_secret_access_key)'
      ]
    },
    {
      cells: [
        's3 = boto3.client("s3",\n    aws_access_key_id="AKIA2OGYBAH6RQKXPNE4",\n    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKQ")'
      ]
    },
    {
      cells: [
        'AWS_ACCESS_KEY_ID: "ASIA2OGYBAH6RQKXPNE4"\nAWS_SECRET_ACCESS_KEY: ""'
      ]
    },
    {
      // near misses of the attack review of s17's merges (pair1): a dict key that is the name
      // alone is a site, and a %%writefile body is INI text read as it stands
      name: 'an id whose secret is a placeholder in a dict or a written INI file',
      cells: [
        "creds = {'aws_access_key_id': 'AKIAZ7Q3K9W2M4T8R6PL', 'aws_secret_access_key': 'XXXXX'}",
        "%%writefile creds.ini\n[default]\n# don't commit the real one\naws_access_key_id = AKIAZ7Q3K9W2M4T8R6PL\naws_secret_access_key = 'YOUR_SECRET_KEY'"
      ]
    }
  ],
  invalid: [
    {
      // the attack review of s17's merges: another secret keyword on the id's own call is its
      // pair, whatever a line nearby holds: a real one there is reported beside a placeholder
      // dict, and a placeholder there scrubs the id beside a real secret (which is reported)
      name: "the secret on an id's own call is its pair",
      cells: [
        'cfg = {"aws_secret_access_key": "XXXX"}\nfs = s3fs.S3FileSystem(key="AKIAQ3EGUQ7FZK2LMN4S", secret=SECRET)',
        'real = {"aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzz1234569"}\nfs = s3fs.S3FileSystem(key="AKIAQ3EGUQ7FZK2LMN4R", secret="<your-secret>")',
        'mc = Minio("s3.local", access_key="AKIAQ3EGUQ7FZK2LMN4T", secret_key="YOUR_SECRET_KEY")\naws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzz123456A"'
      ],
      errors: [
        {
          message: 'Hard-coded AWS access key (AKIA…(20 chars))',
          cell: 1,
          line: 2
        },
        {
          message: 'Hard-coded AWS access key (wJal…(40 chars))',
          cell: 2,
          line: 1
        },
        {
          message: 'Hard-coded AWS access key (wJal…(40 chars))',
          cell: 3,
          line: 2
        }
      ]
    },
    {
      // the attack review of s17's merges (pair1.ipynb): a placeholder inside a usage string
      // gives no value to any key, so it hides no real id below it
      name: 'an id beside a placeholder that only a usage string holds',
      cells: [
        'import s3fs\nUSAGE = \'in ~/.aws/credentials set aws_secret_access_key="YOUR_SECRET_KEY"\'\nfs = s3fs.S3FileSystem(key="AKIAQ3EGUQ7FZK2LMN4P", secret="8fJk2LmN0pQrStUvWxYz1a2B3c4D5e6F7g8H9i0J")',
        'print("set aws_secret_access_key=\'XXXX\' first")\nclient = boto3.client("s3", aws_access_key_id="AKIAQ3EGUQ7FZK2LMN4Q")'
      ],
      errors: [
        {
          message: 'Hard-coded AWS access key (AKIA…(20 chars))',
          cell: 1,
          line: 3
        },
        {
          message: 'Hard-coded AWS access key (AKIA…(20 chars))',
          cell: 2,
          line: 2
        }
      ]
    },
    {
      // attack review of s17-rules (/tmp/RP2/t nb405_ini, nb405_comment, nb405_multi): a
      // placeholder or empty secret elsewhere in the text (another INI profile's, a template in a
      // comment, an unrelated dict) says nothing of an id whose own secret is real or a variable
      name: "an access key id whose own secret is real, beside another key's placeholder",
      cells: [
        '%%writefile creds.ini\n[default]\naws_access_key_id = AKIAZ7Q3K9W2M4T8R6PL\naws_secret_access_key = Jq8vR2mX9kLp4TzW7nYb3HcF6dGs1AeV5uQo0iNx\n\n[example]\naws_access_key_id = AKIAEXAMPLEEXAMPLE12\naws_secret_access_key = ""\n',
        "import boto3\n# template for colleagues: aws_secret_access_key = \"YOUR_SECRET_KEY\"\ns3 = boto3.client('s3', aws_access_key_id='AKIAZ7Q3K9W2M4T8R6PL', aws_secret_access_key=SECRET)",
        "cfg = {'aws_access_key_id': 'AKIAZ7Q3K9W2M4T8R6PL', 'aws_secret_access_key': os.environ.get('S', '')}\nold = {'AWS_SECRET_ACCESS_KEY': ''}"
      ],
      errors: [
        {
          message: 'Hard-coded AWS access key (AKIA…(20 chars))',
          cell: 1,
          line: 3
        },

        {
          message: 'Hard-coded AWS access key (AKIA…(20 chars))',
          cell: 2,
          line: 3
        },
        {
          message: 'Hard-coded AWS access key (AKIA…(20 chars))',
          cell: 3,
          line: 1
        }
      ]
    },
    {
      cells: [
        's3 = boto3.client("s3",\n    aws_access_key_id="AKIA2OGYBAH6RQKXPNE4",\n    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzz1234567")'
      ],
      errors: [
        {
          message: 'Hard-coded AWS access key (AKIA…(20 chars))',
          messageId: 'inSource',
          cell: 1,
          line: 2,
          column: 24
        },
        {
          message: 'Hard-coded AWS access key (wJal…(40 chars))',
          cell: 1,
          line: 3
        }
      ]
    },
    {
      // near misses of the scrubbed class: an id with no secret in its text (the secret may be in
      // another cell or the environment), and an id whose text gives one real secret among
      // placeholders
      name: 'an access key id alone, or beside one real secret',
      cells: [
        'session = boto3.Session(aws_access_key_id="AKIA2OGYBAH6RQKXPNE4")',
        'aws_secret_access_key = "XXXXX"  # dev\naws_access_key_id = "AKIA2OGYBAH6RQKXPNE5"\naws_secret_access_key = "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"'
      ],
      errors: [
        { message: 'Hard-coded AWS access key (AKIA…(20 chars))', cell: 1 },
        {
          message: 'Hard-coded AWS access key (AKIA…(20 chars))',
          cell: 2,
          line: 2
        },
        {
          message: 'Hard-coded AWS access key (wJal…(40 chars))',
          cell: 2,
          line: 3
        }
      ]
    },
    {
      cells: [
        'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzz1234567"'
      ],
      errors: [
        { message: 'Hard-coded AWS access key', cell: 1, line: 1, column: 26 }
      ]
    }
  ]
});
