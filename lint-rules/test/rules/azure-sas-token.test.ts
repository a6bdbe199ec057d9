import rule from '../../src/rules/azure-sas-token';
import { runRuleTests } from './ruleTester';

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
