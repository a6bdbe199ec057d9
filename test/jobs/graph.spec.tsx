import { nullTranslator } from '@jupyterlab/translation';
import React, { act } from 'react';

import { JobSchema } from '../../src/jobs/api';
import { PipelineGraph, pipelineSteps } from '../../src/jobs/graph';

(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

// react-dom ships no types here (no @types/react-dom in the workspace): type the one call used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createRoot } = require('react-dom/client') as {
  createRoot: (container: Element) => {
    render: (node: React.ReactNode) => void;
    unmount: () => void;
  };
};

/** A pipeline run's row as GET /nbcraft/jobs lists it (nbcraft/jobs/pipelines.py). */
const row = JobSchema.parse({
  id: 'p1',
  notebook: 'nbcraft.json',
  target: '',
  parameters: {},
  status: 'failed',
  kind: 'pipeline',
  pipeline: 'train',
  created: '2026-12-05T09:00:00Z',
  steps: [
    { name: 'prep', needs: [], job_id: 'a', status: 'finished' },
    { name: 'fit', needs: ['prep'], job_id: 'b', status: 'failed' },
    { name: 'report', needs: ['prep'], job_id: 'c', status: 'finished' },
    { name: 'eval', needs: ['fit'], job_id: 'd', status: 'skipped' },
    { name: 'new', needs: ['eval'], job_id: null, status: 'waiting' }
  ]
});

describe('PipelineGraph', () => {
  it('draws each step with its state and re-runs from a step on click or Enter', () => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    const rerunFrom: string[] = [];
    act(() => {
      root.render(
        <PipelineGraph
          steps={pipelineSteps(row)}
          trans={nullTranslator.load('nbcraft')}
          onRerunFrom={step => rerunFrom.push(step)}
        />
      );
    });
    const nodes = Array.from(
      host.querySelectorAll<SVGGElement>('.jp-nbcraft-jobs-graph-node')
    );
    expect(nodes.map(n => [n.dataset.step, n.dataset.status])).toEqual([
      ['prep', 'finished'],
      ['fit', 'failed'],
      ['report', 'finished'],
      ['eval', 'skipped'],
      // A state the graph does not know is drawn as pending.
      ['new', 'pending']
    ]);
    expect(host.querySelectorAll('.jp-nbcraft-jobs-graph-edge')).toHaveLength(
      4
    );
    act(() => {
      nodes[1].dispatchEvent(new MouseEvent('click', { bubbles: true }));
      nodes[3].dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })
      );
    });
    expect(rerunFrom).toEqual(['fit', 'eval']);
    expect(nodes[0].getAttribute('tabindex')).toBe('0');
    act(() => {
      root.unmount();
    });
  });

  it('offers no action while the pipeline runs', () => {
    const host = document.createElement('div');
    const root = createRoot(host);
    act(() => {
      root.render(
        <PipelineGraph
          steps={pipelineSteps(row)}
          trans={nullTranslator.load('nbcraft')}
        />
      );
    });
    const node = host.querySelector('.jp-nbcraft-jobs-graph-node');
    expect(node?.getAttribute('role')).toBeNull();
    expect(node?.getAttribute('tabindex')).toBeNull();
    act(() => {
      root.unmount();
    });
  });
});
