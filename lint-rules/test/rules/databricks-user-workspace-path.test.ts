import rule from '../../src/rules/databricks-user-workspace-path';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ cells: ['%run ./utils/helpers\nexp = "/Shared/churn"'] }],
  invalid: [
    {
      cells: [
        'mlflow.set_experiment("/Users/alice@corp.com/churn")',
        '%run /Workspace/Users/bob@corp.com/lib/setup'
      ],
      errors: [
        {
          message:
            '"/Users/alice@corp.com/churn" points into one user\'s workspace folder',
          messageId: 'userPath',
          cell: 1,
          line: 1,
          column: 24
        },
        {
          message: '"/Workspace/Users/bob@corp.com/lib/setup"',
          cell: 2,
          line: 1,
          column: 6
        }
      ]
    }
  ]
});
