import rule from '../../src/rules/azure-sas-token';
import { runRuleTests } from './ruleTester';

/** three distinct tokens (signatures of 20, 24 and 28 characters), as a deployment log prints them */
const sas = (n: number) =>
  'sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01&sig=' +
  'AbCdEf0123456789QRST'.padEnd(16 + 4 * n, 'x');
const log = [1, 2, 3]
  .map(round => [1, 2, 3].map(n => `round ${round}: ?${sas(n)}\n`))
  .flat();

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'sas = dbutils.secrets.get("kv", "sas")\nurl = f"https://acct.blob.core.windows.net/c?{sas}"'
      ]
    }
  ],
  invalid: [
    {
      // a build log printing 3 tokens 3 times gave 9 findings at one place: one per token and output
      name: 'each distinct token once per output, however often the output prints it',
      cells: [
        {
          code: 'deploy()',
          outputs: [
            { output_type: 'stream', name: 'stdout', text: log },
            { output_type: 'stream', name: 'stderr', text: [`${sas(2)}\n`] }
          ]
        }
      ],
      errors: [
        { message: '(70 chars)) in output 1', cell: 1 },
        { message: '(74 chars)) in output 1', cell: 1 },
        { message: '(74 chars)) in output 2', cell: 1 },
        { message: '(78 chars)) in output 1', cell: 1 }
      ]
    },
    {
      cells: [
        'url = "https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01&sig=AbCdEf0123456789%2BxyzQRS%3D"'
      ],
      errors: [
        {
          message: 'Hard-coded Azure SAS token',
          messageId: 'inSource',
          cell: 1,
          line: 1,
          column: 45
        }
      ]
    }
  ]
});
