import rule from '../../src/rules/f-string-without-placeholders';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['name = "a"\nprint(f"hello {name}")\nprint("plain")'] },
    {
      // rasbt/machine-learning-book ch07/ch07.ipynb cell 55: the parts join into one f-string
      name: 'a part of an implicitly concatenated f-string whose other part has a placeholder',
      cells: [
        "print(f'Ensemble accuracies '\n      f'{acc:.3f} ({std:.3f})')\nmsg = (f'no placeholder here, ' 'plain, '\n       f'but {this} one')"
      ]
    }
  ],
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
    },
    {
      name: 'joined parts none of which has a placeholder: each f part reported and fixed',
      cells: ["s = (f'a {{ ' 'plain {x} '\n     f'b')"],
      errors: [
        {
          message: 'f-string without any placeholders',
          cell: 1,
          line: 1,
          column: 6
        },
        {
          message: 'f-string without any placeholders',
          cell: 1,
          line: 2,
          column: 6
        }
      ],
      output: ["s = (f'a {{ ' 'plain {x} '\n     'b')"]
    }
  ]
});
