/**
 * NB307 in a notebook under a `docs/` (or `doc/`) folder: Sphinx, MkDocs and Jupyter Book projects
 * keep the notebooks their documentation build renders there, often from the saved outputs
 * (rounds 21, 22 and 25: causalml's `docs/examples`, alibi's `doc/source/examples`,
 * pytorch-forecasting's `docs/source/tutorials`, judged debatable because "clear them" would empty
 * the page). Still reported, with a message that gives both fixes: make the output smaller when
 * the page shows it, clear it when no build does (round 23's msticpy `docs/notebooks`, judged TP:
 * its build renders no notebook). A folder merely named like docs (`mydocs/`, `docs.py`) is not
 * one, and metadata that says the build never executes keeps its own message.
 */
import rule from '../../src/rules/large-output';
import { runRuleTests } from './ruleTester';

const big = { output_type: 'stream', name: 'stdout', text: ['x'.repeat(3000)] };

runRuleTests(rule, {
  valid: [],
  invalid: [
    {
      // lq21 uber+causalml/docs/examples/uplift_tree_visualization.ipynb, cell 13
      name: 'a notebook under docs/',
      path: 'docs/examples/uplift_tree_visualization.ipynb',
      cells: [
        'x = 1',
        { code: 'Image(graph.create_png())', count: 3, outputs: [big] }
      ],
      options: { maxKilobytes: 2 },
      errors: [
        {
          message:
            'Cell outputs take 3 KB in the file (limit 2 KB); the notebook is under a docs folder, where a documentation build may show these saved outputs: if it does, make them smaller (a lower figure dpi, PNG rather than SVG, fewer points or rows); if not, clear them before committing (nbstripout).',
          messageId: 'largeInDocs',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      // lq22 SeldonIO+alibi/doc/source/examples/protoselect_adult_cifar10.ipynb, cell 44
      name: 'a notebook under doc/, Windows separators',
      path: 'alibi\\doc\\source\\examples\\protoselect.ipynb',
      cells: [{ code: 'plot(protos)', count: 1, outputs: [big] }],
      options: { maxKilobytes: 2 },
      errors: [
        { message: 'under a docs folder', messageId: 'largeInDocs', cell: 1 }
      ]
    },
    {
      name: 'folders only named like docs keep the usual message',
      path: 'mydocs/docs.py/analysis.ipynb',
      cells: [{ code: 'print(s)', count: 1, outputs: [big] }],
      options: { maxKilobytes: 2 },
      errors: [
        { message: 'clear them before committing', messageId: 'large', cell: 1 }
      ]
    },
    {
      name: "the notebook's own metadata wins over its folder",
      path: 'docs/examples/page.ipynb',
      metadata: { nbsphinx: { execute: 'never' } },
      cells: [{ code: 'print(s)', count: 1, outputs: [big] }],
      options: { maxKilobytes: 2 },
      errors: [
        {
          message: "the notebook's metadata",
          messageId: 'largePublished',
          cell: 1
        }
      ]
    }
  ]
});
