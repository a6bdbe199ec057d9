import rule from '../../src/rules/bare-except';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // round 17 (precision-verdicts-17 rows 92, 93: dlaicourse's TFLite exercises): Colab's
      // `%tensorflow_version` raises UsageError on any other kernel, which the except is there
      // to swallow; the try runs no Python
      name: "Colab's try: %tensorflow_version / except: pass idiom",
      cells: [
        'try:\n  %tensorflow_version 2.x\nexcept:\n  pass',
        'try:\n    # Colab only\n    %tensorflow_version 2.x\n    !nvidia-smi\nexcept:\n    pass\nimport tensorflow as tf'
      ]
    },
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
      // the review of the idiom's exemption: %run and %sql raise when the script or query fails,
      // and the handler hides that failure as it would a Python one's
      name: 'a try of only %run or %sql is still reported',
      cells: [
        'try:\n    %run setup.py\nexcept:\n    pass',
        'try:\n    res = %sql SELECT * FROM sales\nexcept:\n    res = None'
      ],
      errors: [
        { message: 'Bare "except:"', cell: 1, line: 3 },
        { message: 'Bare "except:"', cell: 2, line: 3 }
      ],
      output: [
        'try:\n    %run setup.py\nexcept Exception:\n    pass',
        'try:\n    res = %sql SELECT * FROM sales\nexcept Exception:\n    res = None'
      ],
      unsafe: true
    },
    {
      // the Colab idiom's shape, but the try also runs Python: the handler hides its errors
      name: 'a try with a magic and Python code is still reported',
      cells: [
        'try:\n  %tensorflow_version 2.x\n  import tensorflow as tf\nexcept:\n  pass',
        'try:\n  !pip install -q lib\n  x = compute()\nexcept:\n  pass'
      ],
      errors: [
        { message: 'Bare "except:"', cell: 1, line: 4 },
        { message: 'Bare "except:"', cell: 2, line: 4 }
      ],
      output: [
        'try:\n  %tensorflow_version 2.x\n  import tensorflow as tf\nexcept Exception:\n  pass',
        'try:\n  !pip install -q lib\n  x = compute()\nexcept Exception:\n  pass'
      ],
      unsafe: true
    },
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
