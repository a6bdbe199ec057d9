import rule from '../../src/rules/azure-client-secret';
import { runRuleTests } from './ruleTester';

const secret = 'abc8Q~' + 'Zx9_yW.vu8-TsRq7PoNm6LkJi5HgFe4Dc';

runRuleTests(rule, {
  valid: [{ cells: ['cred = DefaultAzureCredential()'] }],
  invalid: [
    {
      cells: [
        'from azure.identity import ClientSecretCredential',
        `cred = ClientSecretCredential(tenant, client_id, "${secret}")`
      ],
      errors: [
        {
          message: 'Hard-coded Azure AD client secret',
          messageId: 'inSource',
          cell: 2,
          line: 1,
          column: 51
        }
      ]
    }
  ]
});
