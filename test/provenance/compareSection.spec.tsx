import { nullTranslator } from '@jupyterlab/translation';
import React, { act } from 'react';

import { CompareSchema, ProvenanceApi } from '../../src/provenance/api';
import { ProvenanceCompare } from '../../src/provenance/compareSection';

(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createRoot } = require('react-dom/client') as {
  createRoot: (container: Element) => {
    render: (node: React.ReactNode) => void;
    unmount: () => void;
  };
};

const trans = nullTranslator.load('nbcraft');
const cells = [
  { cell_type: 'markdown', source: '# Training' },
  { cell_type: 'code', source: 'lr = 0.05' }
];

async function render(notebook: Record<string, unknown>) {
  const api = new ProvenanceApi(null as never);
  api.compare = () =>
    Promise.resolve(
      CompareSchema.parse({
        a: 'r1',
        b: 'r2',
        git: { a: 'a'.repeat(40), b: 'a'.repeat(40), same: true },
        notebook: { a_cells: cells, b_cells: cells, ...notebook },
        environment: { added: [], removed: [], changed: [] },
        inputs: []
      })
    );
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = createRoot(host);
  await act(async () => {
    root.render(
      <ProvenanceCompare
        api={api}
        runIds={['r1', 'r2']}
        label={id => (id === 'r1' ? 'saved run' : 'edited run')}
        trans={trans}
      />
    );
    await Promise.resolve();
  });
  const body = host.querySelector('.jp-nbcraft-provenance-body');
  const shown = body?.textContent ?? '';
  act(() => {
    root.unmount();
  });
  return shown;
}

describe('ProvenanceCompare', () => {
  it('does not call two runs the same when one ran code its snapshot lacks', async () => {
    const shown = await render({
      a_executed: 'same',
      b_executed: 'differs',
      b_note: 'cell 2 ran code that the saved notebook does not hold ([1])'
    });
    expect(shown).not.toContain('The two runs ran the same notebook.');
    expect(shown).toContain(
      '✱ edited run ran code that its notebook snapshot does not hold: cell 2 ran code that the saved notebook does not hold ([1])'
    );
    expect(shown).toContain(
      'The two runs have the same notebook snapshot, but the snapshot is not all that ran.'
    );
    expect(shown).not.toContain('saved run ran code');
  });

  it('says the same notebook ran when both ran their snapshots', async () => {
    const shown = await render({
      a_executed: 'same',
      b_executed: 'same',
      executed_same: true
    });
    expect(shown).toContain('The two runs ran the same notebook.');
    expect(shown).not.toContain('✱');
  });

  it('does not call them the same when they ran different cells of one snapshot', async () => {
    const shown = await render({
      a_executed: 'same',
      b_executed: 'same',
      executed_same: false
    });
    expect(shown).not.toContain('The two runs ran the same notebook.');
    expect(shown).toContain('but did not run the same cells of it');
  });
});
