'use strict';
/** The .ipynb text of a Python notebook of one unexecuted code cell: the long-input benches' input. */
module.exports = function oneCellNotebook(source) {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language: 'python' } },
    cells: [
      {
        cell_type: 'code',
        id: 'c',
        metadata: {},
        outputs: [],
        execution_count: null,
        source
      }
    ]
  });
};
