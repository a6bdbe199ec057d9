import rule from '../../src/rules/private-key';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'key = open(os.environ["KEY_FILE"]).read()\npub = "-----BEGIN PUBLIC KEY-----"'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        { md: '# keys' },
        'key = """-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----"""'
      ],
      errors: [
        {
          message: 'Hard-coded private key',
          messageId: 'inSource',
          cell: 2,
          line: 1,
          column: 10
        }
      ]
    },
    {
      cells: [{ raw: '-----BEGIN OPENSSH PRIVATE KEY-----' }],
      errors: [{ message: 'private key', cell: 1, line: 1, column: 1 }]
    }
  ]
});
