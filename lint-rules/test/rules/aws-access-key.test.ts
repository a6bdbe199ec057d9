import rule from '../../src/rules/aws-access-key';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        '# AWS docs example: AKIAIOSFODNN7EXAMPLE\nsession = boto3.Session()'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        's3 = boto3.client("s3",\n    aws_access_key_id="AKIA2OGYBAH6RQKXPNE4",\n    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKQ")'
      ],
      errors: [
        {
          message: 'Hard-coded AWS access key (AKIA…(20 chars))',
          messageId: 'inSource',
          cell: 1,
          line: 2,
          column: 24
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
