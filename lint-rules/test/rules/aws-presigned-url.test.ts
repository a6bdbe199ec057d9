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
      name: 'a presigned URL in code, its scope written with slashes',
      cells: [`url = "${presigned('/')}"`]
    }
  ],
  invalid: [
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
