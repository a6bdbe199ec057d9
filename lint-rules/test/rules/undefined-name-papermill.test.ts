/**
 * NB104 in a notebook written for papermill that has no `parameters` cell (round 25, Sensand-AI's
 * colorize-planet-geotiffs: `#papermill_description=...` comments, judged debatable ×2: "a papermill
 * parameter injected at run time; there is no parameters cell with defaults, which is worth
 * adding"). papermill injects what it is given as a new cell at the top when no cell is tagged
 * `parameters`, so a name no cell defines may be one of them: still reported (a run without
 * papermill fails on it), with a message that names the fix a reviewer agreed with. A notebook with
 * a `parameters` cell, or with no sign of papermill, keeps the usual message.
 */
import rule from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [],
  invalid: [
    {
      // lq25 Sensand-AI+data-notebooks/notebooks/sandbox/CMI/colorize-planet-geotiffs.ipynb,
      // cells 5 and 6
      name: 'papermill cell descriptions and no parameters cell',
      cells: [
        '#papermill_description=imports\n\nimport rasterio',
        '#papermill_description=processing_cog\n\nwith rasterio.open(output_tiff_filename) as src:\n    meta = src.meta.copy()'
      ],
      errors: [
        {
          message:
            '"output_tiff_filename" is not defined in any cell; the notebook is written for papermill (`#papermill_description` in cell 1) but no cell is tagged `parameters`: if papermill passes it, add a `parameters` cell that sets its default, so the notebook also runs without papermill; if not, define or import it in a cell above.',
          messageId: 'papermillParameter',
          cell: 2,
          line: 3,
          column: 20
        }
      ]
    },
    {
      name: "papermill's metadata of an executed notebook",
      metadata: {
        kernelspec: {
          name: 'python3',
          display_name: 'Python 3',
          language: 'python'
        },
        papermill: { parameters: {}, input_path: 'in.ipynb' }
      },
      cells: ['print(region)'],
      errors: [
        {
          message:
            "the notebook is written for papermill (papermill's metadata)",
          messageId: 'papermillParameter',
          cell: 1
        }
      ]
    },
    {
      name: 'a parameters cell: the usual message',
      cells: [
        { code: 'alpha = 0.5', metadata: { tags: ['parameters'] } },
        'def fit(a, b):\n    return a + b',
        '#papermill_description=fit\nfit(alpha, beta)'
      ],
      errors: [
        {
          message: '"beta" is not defined in any cell',
          messageId: 'undefined',
          cell: 3
        }
      ]
    },
    {
      name: 'papermill only named in a string or prose: the usual message',
      cells: ['print("run me with papermill_description=x")\nprint(region)'],
      errors: [
        { message: '"region" is not defined', messageId: 'undefined', cell: 1 }
      ]
    }
  ]
});
