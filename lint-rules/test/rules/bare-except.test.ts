import rule from '../../src/rules/bare-except';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'a handler that re-raises swallows nothing',
      cells: [
        'try:\n    run_job()\nexcept:\n    log.exception("job failed")\n    raise'
      ]
    },
    {
      cells: [
        'try:\n    f()\nexcept ValueError as e:\n    pass\nexcept Exception:\n    pass'
      ]
    }
  ],
  invalid: [
    {
      name: 'a raise inside an if does not always re-raise; the fix is a suggestion',
      cells: ['try:\n    run_job()\nexcept:\n    if strict:\n        raise'],
      errors: [
        {
          message: 'Bare "except:"',
          cell: 1,
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 7
        }
      ],
      unsafe: true,
      output: [
        'try:\n    run_job()\nexcept Exception:\n    if strict:\n        raise'
      ]
    },
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
