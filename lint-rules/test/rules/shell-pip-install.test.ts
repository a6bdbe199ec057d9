import rule from '../../src/rules/shell-pip-install';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['%pip install pandas==2.2.2'] },
    { name: 'bash cell', cells: ['%%bash\npip install x==1'] }
  ],
  invalid: [
    {
      cells: ['import sys\n!pip install pandas==2.2.2'],
      errors: [
        {
          message: '"!pip install" may install into a different Python',
          messageId: 'shellPip',
          cell: 1,
          line: 2,
          column: 1
        }
      ],
      output: ['import sys\n%pip install pandas==2.2.2']
    }
  ]
});
