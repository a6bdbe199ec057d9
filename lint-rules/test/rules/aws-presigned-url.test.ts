/**
 * NB405 and SigV4 presigned URLs (issue #15, round 14): the key id in a presigned URL's
 * `X-Amz-Credential=<key id>/<date>/<region>/<service>/aws4_request` parameter is its signer's,
 * in every such URL by design (AWS Signature Version 4, query-string authentication), not the
 * author's secret. The shape is jeffheaton/t81_558_deep_learning's `!wget` log of a GitHub
 * release download, which redirects to such a URL; main reported it as a hard-coded AWS key.
 */
import rule from '../../src/rules/aws-access-key';
import { runRuleTests } from './ruleTester';

const KEY = 'AKIAIWNJYAX4CSVEH53B';
const presigned = (sep: string) =>
  'https://objects.githubusercontent.com/github-production-release-asset-2e65be/408419764/' +
  `25830812?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${KEY}${sep}20220301${sep}` +
  `us-east-1${sep}s3${sep}aws4_request&X-Amz-Date=20220301T181235Z&X-Amz-Expires=300` +
  '&X-Amz-Signature=0c6b3e1a2f&X-Amz-SignedHeaders=host';
const wgetLog = (sep: string) => [
  '--2022-03-01 18:12:35--  https://github.com/jeffheaton/t81_558/releases/download/v1/data.zip\n',
  'HTTP request sent, awaiting response... 302 Found\n',
  `Location: ${presigned(sep)} [following]\n`,
  `--2022-03-01 18:12:35--  ${presigned(sep)}\n`
];
/** curl -vL's own trace of the same download: the redirect, then its request for the target */
const curlLog = (sep: string) => [
  '> GET /jeffheaton/t81_558/releases/download/v1/data.zip HTTP/2\n',
  '> Host: github.com\n',
  '< HTTP/2 302\n',
  `< location: ${presigned(sep)}\n`,
  '< content-length: 0\n',
  '<\n',
  '* Connection #0 to host github.com left intact\n',
  `* Issue another request to this URL: '${presigned(sep)}'\n`,
  '*   Trying 185.199.108.133:443...\n',
  `> GET ${presigned(sep).replace(/^https:\/\/[^/]+/, '')} HTTP/2\n`,
  '> Host: objects.githubusercontent.com\n'
];

runRuleTests(rule, {
  valid: [
    {
      name: "a wget log following GitHub's redirect to a presigned URL (the scope URL-encoded)",
      cells: [
        {
          code: '!wget https://github.com/jeffheaton/t81_558/releases/download/v1/data.zip',
          outputs: [
            { output_type: 'stream', name: 'stderr', text: wgetLog('%2F') }
          ]
        }
      ]
    },
    {
      // near miss of the attack review of s17's merges: Markdown that speaks of presigned URLs
      // presigns nothing
      name: 'a wget log of a presigned URL below Markdown about presigned URLs',
      cells: [
        {
          md: '## Download\nGitHub redirects to a presigned URL (generate_presigned_url).'
        },
        {
          code: '!wget https://github.com/jeffheaton/t81_558/releases/download/v1/data.zip',
          outputs: [
            { output_type: 'stream', name: 'stderr', text: wgetLog('/') }
          ]
        }
      ]
    },
    {
      // session 19's review: curl -vL's trace requests the target of the redirect two lines or
      // more below its `< location:` line (`* Issue another request`, `> GET /...?X-Amz-...`)
      name: "curl -vL's trace of GitHub's redirect to a presigned URL",
      cells: [
        {
          code: '!curl -vL -o data.zip https://github.com/jeffheaton/t81_558/releases/download/v1/data.zip',
          outputs: [
            { output_type: 'stream', name: 'stderr', text: curlLog('%2F') }
          ]
        }
      ]
    }
  ],
  invalid: [
    {
      // review of session 18: the notebook's own script printed the URL it signed (no redirect
      // in the output): the key id is the author's, whatever the script is called
      name: "a presigned URL the notebook's own script printed, with no redirect to it",
      cells: [
        {
          code: '!python scripts/share_dataset.py data/train.csv --expires 604800',
          outputs: [
            {
              output_type: 'stream',
              name: 'stdout',
              text: [`Share this link: ${presigned('%2F')}\n`]
            }
          ]
        }
      ],
      errors: [{ message: 'in output 1', cell: 1 }]
    },
    {
      // the attack review of s17's merges (presigned.ipynb, sigv4.ipynb): the exemption is for
      // outputs only, where no cell presigns; a URL in the source is the author's (a string or
      // a comment), and one the notebook's own generate_presigned_url printed carries the
      // author's key id
      name: "a presigned URL in the source, or printed by the notebook's own presigning",
      cells: [
        `url = "${presigned('/')}"`,
        `# signed by hand: ${presigned('/')}`,
        {
          code: "url = s3.generate_presigned_url('get_object', Params={'Bucket': 'b', 'Key': 'k'})\nprint(url)",
          outputs: [
            { output_type: 'stream', name: 'stdout', text: [presigned('%2F')] }
          ]
        }
      ],
      errors: [
        { message: 'Hard-coded AWS access key', cell: 1 },
        { message: 'Hard-coded AWS access key', cell: 2 },
        { message: 'in output 1', cell: 3 }
      ]
    },
    {
      // and `aws s3 presign` in a shell cell presigns as well
      name: 'a wget log of a presigned URL where a cell runs aws s3 presign',
      cells: [
        '!aws s3 presign s3://b/k --expires-in 300',
        {
          code: '!wget https://github.com/jeffheaton/t81_558/releases/download/v1/data.zip',
          outputs: [
            { output_type: 'stream', name: 'stderr', text: wgetLog('%2F') }
          ]
        }
      ],
      errors: [{ message: 'in output 1', cell: 2 }]
    },
    {
      // near misses of curl's trace: a request line with no redirect to it above (the
      // notebook's own signing, fetched), and one above the only redirect naming it
      name: 'curl requests of a presigned URL with no Location above them',
      cells: [
        {
          code: '!curl -v "$URL"',
          outputs: [
            {
              output_type: 'stream',
              name: 'stderr',
              text: curlLog('%2F').slice(7)
            }
          ]
        },
        {
          code: '!curl -v "$URL"; curl -vL $SRC',
          outputs: [
            {
              output_type: 'stream',
              name: 'stderr',
              text: [...curlLog('/').slice(8), ...curlLog('/').slice(0, 4)]
            }
          ]
        }
      ],
      errors: [
        { message: 'in output 1', cell: 1 },
        { message: 'in output 1', cell: 2 }
      ]
    },
    {
      name: 'the same id bare elsewhere in the same output is still reported',
      cells: [
        {
          code: '!wget https://github.com/jeffheaton/t81_558/releases/download/v1/data.zip',
          outputs: [
            {
              output_type: 'stream',
              name: 'stderr',
              text: [...wgetLog('%2F'), `AWS_ACCESS_KEY_ID=${KEY}\n`]
            }
          ]
        }
      ],
      errors: [{ message: 'in output 1', cell: 1 }]
    },
    {
      name: 'an id after X-Amz-Credential= without a credential scope is no presigned URL',
      cells: [
        `url = "https://bucket.s3.amazonaws.com/k?X-Amz-Credential=${KEY}&x=1"`
      ],
      errors: [{ message: 'Hard-coded AWS access key', cell: 1 }]
    }
  ]
});
