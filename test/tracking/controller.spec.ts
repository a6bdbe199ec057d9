import type { TrackingClient } from '../../src/tracking/client';
import { TrackingController } from '../../src/tracking/controller';
import type { IRunsQuery } from '../../src/tracking/query';
import type { Experiment, RunsSearchReply } from '../../src/tracking/schemas';

/** A client double over an in-memory list: which experiment the notebook's runs went to. */
function fakeClient(
  notebookExperiment: string | null,
  newestExperiment: string | null,
  state = 'ready'
) {
  const searched: IRunsQuery[] = [];
  const calls: string[] = [];
  const experiments: Experiment[] = [
    { experiment_id: '5', name: 'newest' },
    { experiment_id: '2', name: 'nb-exp' },
    { experiment_id: '9', name: 'linked' }
  ];
  const client = {
    status: () =>
      Promise.resolve({
        reachable: true,
        state,
        message: '',
        hint: ''
      }),
    searchExperiments: () => {
      calls.push('searchExperiments');
      return Promise.resolve(experiments);
    },
    getExperiment: (id: string) =>
      Promise.resolve(experiments.find(e => e.experiment_id === id)!),
    experimentOfNotebook: () => {
      calls.push('experimentOfNotebook');
      return Promise.resolve(notebookExperiment);
    },
    experimentOfNewestRun: () => Promise.resolve(newestExperiment),
    searchRuns: (query: IRunsQuery): Promise<RunsSearchReply> => {
      searched.push(query);
      return Promise.resolve({ runs: [] });
    }
  };
  return { client: client as unknown as TrackingClient, searched, calls };
}

/** A controller that has seen the status route answer, as the plugin does first. */
async function controllerFor(
  notebookExperiment: string | null,
  newest: string | null,
  state = 'ready'
) {
  const { client, searched, calls } = fakeClient(
    notebookExperiment,
    newest,
    state
  );
  const controller = new TrackingController(client, {
    isHidden: () => true,
    pageSize: 50
  });
  await controller.loadStatus();
  return { controller, searched, calls };
}

describe('TrackingController picks the experiment', () => {
  it('asks the tracking server nothing while it is still starting', async () => {
    const { controller, calls } = await controllerFor('2', '5', 'starting');
    expect(controller.ready).toBe(false);
    await controller.searchExperiments('');
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: null });
    expect(calls).toEqual([]);
    expect(controller.experimentId).toBeNull();
    controller.dispose();
  });

  it('disposes its runs model and poller with itself', async () => {
    const { controller } = await controllerFor('2', '5');
    controller.dispose();
    expect(controller.runs.isDisposed).toBe(true);
    expect(controller.poller.scheduled).toBe(false);
  });

  it('takes changed settings at once: page size and polling rates', async () => {
    const { controller, searched } = await controllerFor('2', '5');
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: null });
    await controller.shown();
    const before = searched.length;
    expect(searched[before - 1].pageSize).toBe(50);
    controller.configure({ pageSize: 200, pollMinMs: 3000, pollMaxMs: 9000 });
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(searched.length).toBe(before + 1);
    expect(searched[before].pageSize).toBe(200);
    expect([controller.poller.minMs, controller.poller.maxMs]).toEqual([
      3000, 9000
    ]);
    // The same size again asks nothing more.
    controller.configure({ pageSize: 200 });
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(searched.length).toBe(before + 1);
    controller.dispose();
  });

  it('uses the experiment linked in the notebook metadata first', async () => {
    const { controller } = await controllerFor('2', '5');
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: '9' });
    expect(controller.experimentId).toBe('9');
    expect(controller.experimentOrigin).toBe('metadata');
    controller.dispose();
  });

  it("then the experiment of the notebook's runs", async () => {
    const { controller } = await controllerFor('2', '5');
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: null });
    expect(controller.experimentId).toBe('2');
    expect(controller.experimentOrigin).toBe('notebook-runs');
    controller.dispose();
  });

  it('then where work happened last, and keeps a user choice', async () => {
    const { controller } = await controllerFor(null, '5');
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: null });
    expect(controller.experimentId).toBe('5');
    expect(controller.experimentOrigin).toBe('fallback');
    await controller.pickExperiment('2');
    await controller.resolveExperiment(false);
    expect(controller.experimentId).toBe('2');
    expect(controller.experimentOrigin).toBe('user');
    controller.dispose();
  });

  it('fetches no runs until the sidebar is shown, then the first page', async () => {
    const { controller, searched } = await controllerFor('2', '5');
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: null });
    expect(searched).toHaveLength(0);
    await controller.shown();
    expect(searched).toHaveLength(1);
    expect(searched[0].experimentIds).toEqual(['2']);
    expect(searched[0].pageSize).toBe(50);
    controller.dispose();
  });

  it('chooses the experiment as soon as the status watch says ready, sidebar closed', async () => {
    const { controller, calls } = await controllerFor('2', '5', 'starting');
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: null });
    expect(controller.experimentId).toBeNull();
    const ready = {
      kind: 'embedded',
      reachable: true,
      state: 'ready',
      message: '',
      hint: ''
    };
    await controller.takeStatus(ready, null);
    expect(controller.ready).toBe(true);
    expect(controller.experimentId).toBe('2');
    expect(controller.experimentName).toBe('nb-exp');
    expect(calls).toEqual(['searchExperiments', 'experimentOfNotebook']);
    // The same answer again changes nothing and asks nothing.
    await controller.takeStatus(ready, null);
    expect(calls).toHaveLength(2);
    controller.dispose();
  });
});
