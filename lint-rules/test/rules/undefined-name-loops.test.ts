/**
 * NB104's loop-carried reads (support/loopCarried.ts, firstIteration.ts): a value one iteration
 * leaves for the next, read under an `if` whose branch the first iteration skips, needs no other
 * cell. Session 21's review (R3, R3b): any test naming the loop variable was taken for such a
 * guard, also tests TRUE on the first iteration (`step % 10 == 0`, `i == 0`, `not i`) and tests
 * on a value the iteration computed, and an `except ... as err` target was taken for a value
 * carried to the next iteration (Python deletes it when the handler ends). Each of those read
 * runs before any binding: a NameError on Restart & Run All.
 */
import rule from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

const before = (name: string, line: number, column: number) => ({
  message: `"${name}" is used before it is defined: this cell binds it only below this line`,
  cell: 2,
  line,
  column
});

runRuleTests(rule, {
  valid: [
    {
      name: 'guards false on the first iteration: i > 0, i >= 1, i != 0, i, from range(n)',
      cells: [
        'import random',
        'for i in range(100):\n    if i > 0:\n        print(prev)\n    prev = random.random()',
        'for i in range(100):\n    if i >= 1:\n        print(a)\n    a = i',
        'for i in range(0, 100, 2):\n    if i != 0:\n        print(b)\n    b = i',
        'for i in range(100):\n    if i:\n        print(c)\n    c = i'
      ]
    },
    {
      // round 19's rows (GeostatsGuy's Interactive_Optimization): range starts at 1, `i > 1`
      name: 'range(1, n) under i > 1, and an else after a test true on the first iteration',
      cells: [
        'x = [0.0] * 100',
        'for i in range(1, 100):\n    if i > 1:\n        step = 0.5 * prev_x\n    else:\n        step = 1\n    prev_x = x[i]',
        'for i in range(100):\n    if i == 0:\n        total = 0\n    else:\n        total = last + 1\n    last = i'
      ]
    },
    {
      name: 'enumerate: the index is 0 (or its start) on the first iteration',
      cells: [
        'rows = [1, 2, 3]',
        'for i, row in enumerate(rows):\n    if i > 0:\n        print(row - prev)\n    prev = row',
        'for k, row in enumerate(rows, start=1):\n    if k > 1:\n        print(row - before)\n    before = row'
      ]
    },
    {
      name: 'flags set just before the loop: prev is not None after prev = None, not first',
      cells: [
        'rows = [1, 2, 3]',
        'prev = None\nfor row in rows:\n    if prev is not None:\n        print(row - prev)\n    prev = row',
        'first = True\nwhile rows:\n    row = rows.pop()\n    if not first:\n        print(row - last)\n    last = row\n    first = False'
      ]
    }
  ],
  invalid: [
    {
      name: 'step % 10 == 0, i == 0 and not i are true on the first iteration',
      cells: [
        'import random',
        'for step in range(100):\n    if step % 10 == 0:\n        print(step, loss)\n    loss = random.random()'
      ],
      errors: [before('loss', 3, 21)]
    },
    {
      name: 'i == 0 on the first iteration of range(n)',
      cells: [
        'import random',
        'for i in range(100):\n    if i == 0:\n        print("start", best)\n    best = random.random()'
      ],
      errors: [before('best', 3, 24)]
    },
    {
      name: 'not i on the first iteration of range(n)',
      cells: [
        'import random',
        'for i in range(100):\n    if not i:\n        base = first\n    first = random.random()'
      ],
      errors: [before('first', 3, 16)]
    },
    {
      name: 'i > 0 when range starts at 1 is true at once',
      cells: [
        'import random',
        'for i in range(1, 100):\n    if i > 0:\n        print(prev)\n    prev = random.random()'
      ],
      errors: [before('prev', 3, 15)]
    },
    {
      name: 'a test on a value the iteration computed above the read says nothing of the iteration',
      cells: [
        'import random',
        'for epoch in range(10):\n    val = random.random()\n    if val > 0.5:\n        print("improved from", last_val)\n    last_val = val'
      ],
      errors: [before('last_val', 4, 32)]
    },
    {
      name: 'a flag set to True before the loop: if first runs on the first iteration',
      cells: [
        'rows = [1, 2]',
        'first = True\nfor row in rows:\n    if first:\n        print(prev)\n    prev = row\n    first = False'
      ],
      errors: [before('prev', 4, 15)]
    },
    {
      // R3b: Python deletes `err` when the handler ends; the next iteration reads nothing
      name: 'an except-as target is no value carried to the next iteration',
      cells: [
        'import math',
        'for i in range(3):\n    if i > 0:\n        print(err)\n    try:\n        math.sqrt(-1)\n    except ValueError as err:\n        pass'
      ],
      errors: [before('err', 3, 15)]
    }
  ]
});
