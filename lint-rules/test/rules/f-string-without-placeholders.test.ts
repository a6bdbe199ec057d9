import rule from '../../src/rules/f-string-without-placeholders';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ cells: ['name = "a"\nprint(f"hello {name}")\nprint("plain")'] }],
  invalid: [
    {
      cells: ['print(f"total")\ntitle = rf"C:\\dir"'],
      errors: [
        {
          message: 'f-string without any placeholders',
          messageId: 'noPlaceholders',
          cell: 1,
          line: 1,
          column: 7
        },
        {
          message: 'f-string without any placeholders',
          cell: 1,
          line: 2,
          column: 9
        }
      ],
      output: ['print("total")\ntitle = r"C:\\dir"']
    }
  ]
});
