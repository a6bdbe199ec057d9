import rule from '../../src/rules/azure-storage-key';
import { runRuleTests } from './ruleTester';

const key = 'A'.repeat(40) + 'b1+/'.repeat(11) + 'xy==';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'conn = f"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={key}"'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        `conn = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net"`
      ],
      errors: [
        {
          message: 'Hard-coded Azure storage account key',
          messageId: 'inSource',
          cell: 1,
          line: 1,
          column: 68
        }
      ]
    }
  ]
});
