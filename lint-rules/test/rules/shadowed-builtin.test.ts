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
      cells: ['display = print\ncompile = 1'],
      errors: [
        {
          message: '"display" shadows the builtin',
          cell: 1,
          line: 1,
          column: 1
        },
        {
          message: '"compile" shadows the builtin',
          cell: 1,
          line: 2,
          column: 1
        }
      ]
    }
  ]
});
