import rule from '../../src/rules/bare-except';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'try:\n    f()\nexcept ValueError as e:\n    pass\nexcept Exception:\n    pass'
      ]
    }
  ],
  invalid: [
    {
      cells: ['try:\n    f()\nexcept ValueError:\n    pass\nexcept:\n    pass'],
      errors: [
        {
          message: 'Bare "except:"',
          messageId: 'bareExcept',
          cell: 1,
          line: 5,
          column: 1
        }
      ]
    }
  ]
});
