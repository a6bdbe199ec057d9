import rule from '../../src/rules/invalid-cell-id';
import { notebookText, runRuleTests } from './ruleTester';

/** A notebook in Jupyter's layout whose cells carry the given ids (undefined: no id key). */
function withIds(ids: unknown[], minor = 5): string {
  const nb = JSON.parse(notebookText(ids.map((_, i) => `x${i} = ${i}\n`))) as {
    cells: Record<string, unknown>[];
    nbformat_minor: number;
  };
  nb.nbformat_minor = minor;
  nb.cells.forEach((c, i) => {
    if (ids[i] === undefined) delete c.id;
    else c.id = ids[i];
  });
  return JSON.stringify(nb, null, 1) + '\n';
}

runRuleTests(rule, {
  valid: [
    { name: 'unique valid ids', text: withIds(['a', 'b-2', 'C_3']) },
    {
      name: 'no ids before nbformat 4.5',
      text: withIds([undefined, undefined], 4)
    }
  ],
  invalid: [
    {
      // fabric-samples' nb-sync-sf-iceberg-shortcuts.ipynb: every cell saved with "id": ""
      name: 'empty ids are one problem of the notebook too: reported once, with how many',
      text: withIds(['', '', 'ok', '']),
      errors: [
        {
          message:
            '3 cells have an empty "id", the first cell 1; a cell id is 1 to 64 letters',
          cell: 1,
          fileLine: 6
        }
      ]
    },
    {
      name: 'one empty id beside a malformed one: each at its own cell',
      text: withIds(['', 'a b']),
      errors: [
        { message: 'cell 1 has an invalid id ""', cell: 1, fileLine: 6 },
        { message: 'cell 2 has an invalid id "a b"', cell: 2 }
      ]
    },
    {
      name: 'cells without ids are one problem of the notebook: reported once, at the first, with how many',
      text: withIds(['first', undefined, undefined, undefined]),
      errors: [
        {
          message:
            '3 cells have no "id" (required since nbformat 4.5), the first cell 2; open and save the notebook in JupyterLab',
          cell: 2,
          fileLine: 13
        }
      ]
    },
    {
      name: 'a missing id in nbformat 4.5, at the cell in the file',
      text: withIds(['first', undefined]),
      errors: [
        {
          message:
            'cell 2 has no "id" (required since nbformat 4.5); open and save the notebook in JupyterLab',
          messageId: 'issue',
          cell: 2,
          line: 1,
          column: 1,
          fileLine: 13
        }
      ]
    },
    {
      name: 'an invalid and a repeated id, at the id in the file',
      text: withIds(['cell-3.5', 'same', 'same'], 4),
      errors: [
        {
          message: 'cell 1 has an invalid id "cell-3.5"',
          cell: 1,
          fileLine: 6
        },
        {
          message: 'cell 3 has the same id "same" as cell 2',
          cell: 3,
          fileLine: 26
        }
      ]
    }
  ]
});
