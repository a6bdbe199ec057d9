import { readIpynb } from '../../src/notebook/ipynb';
import { notebookRuntime } from '../../src/notebook/runtime';

/** a one-cell notebook with this metadata, read as a file */
function runtimeOf(metadata: Record<string, unknown>): string {
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata,
    cells: [
      {
        cell_type: 'code',
        id: 'a',
        metadata: {},
        outputs: [],
        execution_count: null,
        source: 'x = 1'
      }
    ]
  };
  return notebookRuntime(readIpynb('n.ipynb', JSON.stringify(nb)));
}

describe('notebookRuntime: Synapse and Fabric (one owner: isSynapseSparkNotebook)', () => {
  it.each([
    [{ kernelspec: { name: 'synapse_pyspark' } }, 'synapse'],
    [{ kernelspec: { name: 'Synapse_PySpark' } }, 'synapse'],
    [{ kernel_info: { name: 'Synapse_PySpark' } }, 'synapse'],
    [{ kernelspec: { name: 'python3' }, saveOutput: true }, 'synapse'],
    [{ kernelspec: { name: 'Synapse_PySpark' }, microsoft: {} }, 'fabric'],
    [{ kernelspec: { name: 'python3' }, trident: {} }, 'fabric'],
    [
      {
        kernelspec: { name: 'synapse_pyspark' },
        microsoft: { language_group: 'jupyter_python' }
      },
      'fabric-python'
    ],
    [{ kernelspec: { name: 'python3' } }, 'ipython']
  ])('%j is %s', (metadata, runtime) => {
    expect(runtimeOf(metadata)).toBe(runtime);
  });
});
