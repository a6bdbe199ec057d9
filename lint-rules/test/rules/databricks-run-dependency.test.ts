import rule from '../../src/rules/databricks-run-dependency';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ cells: ['from utils.helpers import clean\n# %run is not used'] }],
  invalid: [
    {
      cells: [{ md: '# t' }, '%run ./utils/setup $env="dev"'],
      errors: [
        {
          message: '%run ./utils/setup injects',
          messageId: 'runMagic',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
