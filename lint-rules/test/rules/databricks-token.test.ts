import rule from '../../src/rules/databricks-token';
import { runRuleTests } from './ruleTester';

const token = 'dapi' + '0123456789abcdef0123456789abcdef';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'token = dbutils.secrets.get("scope", "pat")',
        { md: 'Tokens look like `dapiXXXX`' }
      ]
    }
  ],
  invalid: [
    {
      cells: [`import os\nos.environ["DATABRICKS_TOKEN"] = "${token}"`],
      errors: [
        {
          message:
            'Hard-coded Databricks personal access token (dapi…(36 chars))',
          messageId: 'inSource',
          cell: 1,
          line: 2,
          column: 35
        }
      ]
    },
    {
      name: 'in an output, located in the file',
      cells: [
        {
          code: 'print(tok)',
          count: 1,
          outputs: [
            { output_type: 'stream', name: 'stdout', text: [`${token}-2\n`] }
          ]
        }
      ],
      errors: [
        { message: 'in output 1', messageId: 'inOutput', cell: 1, fileLine: 13 }
      ]
    }
  ]
});
