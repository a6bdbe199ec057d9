import rule from '../../src/rules/shadowed-builtin';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'items = [1]\ndef f(list):\n    return list\nwith open("x") as file:\n    pass'
      ]
    },
    {
      name: 'longer names that start like a builtin',
      cells: ['displays = 1\ncompiled = 2\nsorted_ids = [3]']
    }
  ],
  invalid: [
    {
      cells: ['x = 1\nlist = [1, 2]', 'for id in range(3):\n    pass'],
      errors: [
        {
          message: '"list" shadows the builtin',
          messageId: 'shadowed',
          cell: 1,
          line: 2,
          column: 1
        },
        { message: '"id" shadows the builtin', cell: 2, line: 1, column: 5 }
      ]
    },
    {
      name: 'the longest names of the list',
      cells: ['display = print\ncompile = 1', 'display("done")'],
      errors: [
        {
          message: '"display" shadows IPython\'s display()',
          messageId: 'shadowedIPython',
          cell: 1,
          line: 1,
          column: 1
        },
        {
          message: '"compile" shadows the builtin',
          messageId: 'shadowed',
          cell: 1,
          line: 2,
          column: 1
        }
      ]
    },
    {
      // round 22 (alibi's integrated_gradients_transformers cell 7): the example's own renderer
      // takes IPython's display for every later cell (a later `display(df)` calls it); the
      // message names IPython's display, not a Python builtin
      name: "a def display(...) of the notebook's own",
      cells: [
        'def display(X, attrs, pred, tokenizer):\n    return HTML(render(X, attrs))',
        'display(X=X, attrs=attrs, pred=pred, tokenizer=tokenizer)'
      ],
      errors: [
        {
          message:
            '"display" shadows IPython\'s display() for every later cell, until the kernel restarts; pick another name.',
          messageId: 'shadowedIPython',
          cell: 1,
          line: 1,
          column: 5
        }
      ]
    }
  ]
});
