import rule from '../../src/rules/unseeded-global-random';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: ['import numpy as np\nnp.random.seed(0)', 'x = np.random.rand(3)']
    },
    { cells: ['import random\nrandom.seed(1)\nrandom.shuffle(items)'] },
    {
      cells: [
        'import numpy as np\nrng = np.random.default_rng(42)\nrng.normal()'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        'import numpy as np',
        'noise = np.random.randn(10)',
        'idx = np.random.choice(5)'
      ],
      errors: [
        {
          message: 'numpy.random.randn() draws from a global random generator',
          messageId: 'unseeded',
          cell: 2,
          line: 1,
          column: 9
        }
      ]
    },
    {
      cells: ['import numpy\nrng = numpy.random.default_rng()'],
      errors: [
        {
          message: 'default_rng() without a seed',
          messageId: 'unseededGenerator',
          cell: 1,
          line: 2,
          column: 7
        }
      ]
    }
  ]
});
