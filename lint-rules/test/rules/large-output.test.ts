import rule from '../../src/rules/large-output';
import { runRuleTests } from './ruleTester';

const big = { output_type: 'stream', name: 'stdout', text: ['x'.repeat(3000)] };

runRuleTests(rule, {
  valid: [
    {
      cells: [
        {
          code: 'print(1)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        }
      ]
    }
  ],
  invalid: [
    {
      cells: ['x = 1', { code: 'print(s)', count: 1, outputs: [big] }],
      options: { maxKilobytes: 2 },
      errors: [
        {
          message: 'Cell outputs take 3 KB in the file (limit 2 KB)',
          messageId: 'large',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      // rounds 21 and 22 (numpyro, alibi, causalml docs): a docs notebook that nbsphinx or
      // MyST-NB renders from its saved outputs, as its own metadata says: clearing the outputs
      // would empty the published page, so the message asks for smaller ones
      name: "outputs the notebook's metadata publishes as they are",
      cells: [{ code: 'print(s)', count: 1, outputs: [big] }],
      metadata: { nbsphinx: { execute: 'never' } },
      options: { maxKilobytes: 2 },
      errors: [
        {
          message:
            "Cell outputs take 3 KB in the file (limit 2 KB); the notebook's metadata has the docs build show these saved outputs, so make them smaller",
          messageId: 'largePublished',
          cell: 1
        }
      ]
    },
    {
      name: 'MyST-NB and Jupyter Book with execution off',
      cells: [{ code: 'print(s)', count: 1, outputs: [big] }],
      metadata: { mystnb: { execution_mode: 'off' } },
      options: { maxKilobytes: 2 },
      errors: [
        {
          message: 'Cell outputs take 3 KB',
          messageId: 'largePublished',
          cell: 1
        }
      ]
    },
    {
      // near misses: a build that executes the notebook, and cell-level nbsphinx metadata
      name: 'a docs build that runs the notebook: clearing is the fix',
      cells: [
        {
          code: 'print(s)',
          count: 1,
          outputs: [big],
          metadata: { nbsphinx: 'hidden' }
        }
      ],
      metadata: {
        nbsphinx: { execute: 'auto' },
        mystnb: { execution_mode: 'force' }
      },
      options: { maxKilobytes: 2 },
      errors: [
        {
          message: 'clear them before committing (nbstripout)',
          messageId: 'large',
          cell: 1
        }
      ]
    }
  ]
});
