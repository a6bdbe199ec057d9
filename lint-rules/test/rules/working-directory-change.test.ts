import rule from '../../src/rules/working-directory-change';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ cells: ['import os\nBASE = os.path.dirname(os.getcwd())'] }],
  invalid: [
    {
      cells: ['import os\nos.chdir("..")', '%cd /tmp\nprint(1)'],
      errors: [
        {
          message: 'os.chdir()',
          messageId: 'chdir',
          cell: 1,
          line: 2,
          column: 1
        },
        {
          message: '%cd makes later relative paths',
          messageId: 'cdMagic',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      // the rule subscribes to calls only in notebooks that name chdir: here only the importing
      // cell does, through the alias's target
      name: 'a call under an alias, in a cell that never says chdir',
      cells: ['from os import chdir as cd', 'cd("/tmp")'],
      errors: [
        {
          message: 'os.chdir()',
          messageId: 'chdir',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
