import { NbcraftApiError } from '../../src/core/api';
import type { TrackingClient } from '../../src/tracking/client';
import { lostStatus } from '../../src/tracking/connection';
import { TrackingController } from '../../src/tracking/controller';
import type { IRunsQuery } from '../../src/tracking/query';
import type { Experiment, RunsSearchReply } from '../../src/tracking/schemas';
import { marked } from '../core/markedTranslator';

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

/**
 * A tracking server that goes away and comes back, as the proxy and the status route report
 * it (the messages are the proxy's own for a refused connection).
 */
function serverThatStops() {
  const server = { up: true, runsSearched: 0 };
  const unreachable =
    'Cannot reach the tracking server at http://127.0.0.1:5000 (MLFLOW_TRACKING_URI): ConnectionRefusedError: [Errno 111] Connection refused.';
  const hint =
    'Check that the server is running and that MLFLOW_TRACKING_URI is right.';
  const run = {
    info: {
      run_id: 'r1',
      experiment_id: '9',
      status: 'RUNNING',
      start_time: 1
    },
    data: { metrics: [], params: [], tags: [] }
  };
  const client = {
    status: () =>
      Promise.resolve(
        server.up
          ? { reachable: true, state: 'ready', message: '', hint: '' }
          : {
              reachable: false,
              state: 'unreachable',
              message: unreachable,
              hint
            }
      ),
    searchExperiments: () =>
      server.up
        ? Promise.resolve([{ experiment_id: '9', name: 'linked' }])
        : Promise.reject(
            new NbcraftApiError(unreachable, 502, hint, 'unreachable')
          ),
    getExperiment: () =>
      Promise.resolve({ experiment_id: '9', name: 'linked' }),
    experimentOfNotebook: () => Promise.resolve(null),
    experimentOfNewestRun: () => Promise.resolve(null),
    searchRuns: () => {
      server.runsSearched++;
      return server.up
        ? Promise.resolve({ runs: [run] })
        : Promise.reject(
            new NbcraftApiError(
              `${unreachable} (tried 3 times)`,
              502,
              hint,
              'unreachable',
              3
            )
          );
    }
  };
  return { server, client: client as unknown as TrackingClient, unreachable };
}

describe('TrackingController follows the tracking server going away and back', () => {
  it('shows it unreachable with the proxy’s reason, backs off, and reconnects by itself', async () => {
    const { server, client, unreachable } = serverThatStops();
    const controller = new TrackingController(client, {
      isHidden: () => false,
      pollMinMs: 2000,
      pollMaxMs: 30_000
    });
    await controller.loadStatus();
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: '9' });
    await controller.shown();
    expect(controller.ready).toBe(true);
    expect(controller.runs.runs).toHaveLength(1);
    // An active run: live refresh at its fastest rate.
    expect(controller.poller.interval).toBe(2000);

    server.up = false;
    await controller.refresh();
    expect(controller.ready).toBe(false);
    expect(controller.status?.reachable).toBe(false);
    expect(controller.status?.state).toBe('unreachable');
    expect(controller.status?.message).toContain(unreachable);
    expect(controller.status?.hint).toMatch(/Check that the server is running/);
    // Not a fault of the filter: the filter box shows no error.
    expect(controller.runsError).toBeNull();
    // The shown run still says RUNNING, but nothing can be learnt: back off.
    expect(controller.poller.interval).toBe(4000);

    // While it stays down, each poll asks only the status route, less and less often.
    const searched = server.runsSearched;
    await controller.refresh();
    expect(server.runsSearched).toBe(searched);
    expect(controller.status?.state).toBe('unreachable');

    server.up = true;
    await controller.refresh();
    expect(controller.ready).toBe(true);
    expect(controller.statusError).toBeNull();
    expect(controller.experimentId).toBe('9'); // the same experiment, read again
    expect(server.runsSearched).toBe(searched + 1);
    expect(controller.runs.error).toBeNull();
    controller.dispose();
  });

  it('takes a failure of the request itself (a bad filter) as an error, not a lost server', async () => {
    const { client } = serverThatStops();
    (
      client as unknown as { searchExperiments: () => Promise<never> }
    ).searchExperiments = () =>
      Promise.reject(
        new NbcraftApiError('Invalid filter', 400, '', 'upstream-rejected')
      );
    const controller = new TrackingController(client, { isHidden: () => true });
    await controller.loadStatus();
    await controller.searchExperiments('x');
    expect(controller.ready).toBe(true);
    expect(controller.statusError).toBe('Invalid filter');
    controller.dispose();
  });

  it("says the status line's error through the lab's translator when the lab made it", async () => {
    const { client } = serverThatStops();
    (
      client as unknown as { searchExperiments: () => Promise<never> }
    ).searchExperiments = () =>
      Promise.reject(
        new NbcraftApiError(
          tr => tr.__('Unexpected reply from %1: %2: %3', 'search', 'x', 'y'),
          400
        )
      );
    const controller = new TrackingController(client, { isHidden: () => true });
    await controller.loadStatus();
    await controller.searchExperiments('x');
    // Before: the English message, whatever the lab's language.
    expect(controller.statusErrorIn(marked)).toBe(
      '«Unexpected reply from %1: %2: %3»[search|x|y]'
    );
    expect(controller.statusError).toBe('Unexpected reply from search: x: y');
    // the server's own text cannot be translated: shown as it came
    (
      client as unknown as { searchExperiments: () => Promise<never> }
    ).searchExperiments = () =>
      Promise.reject(
        new NbcraftApiError('Invalid filter', 400, '', 'upstream-rejected')
      );
    await controller.searchExperiments('x');
    expect(controller.statusErrorIn(marked)).toBe('Invalid filter');
    controller.dispose();
  });
});

describe('TrackingController through a Jupyter server restart', () => {
  it('waits out no answer, then the embedded server starting, then reads again', async () => {
    const { server, client } = serverThatStops();
    const jupyter = { phase: 'up' as 'up' | 'gone' | 'starting' };
    const gone = new NbcraftApiError(
      'The Jupyter server did not answer. Check that it is still running.',
      0
    );
    const starting = new NbcraftApiError(
      'The embedded MLflow server is starting.',
      503,
      'Retry in a few seconds.',
      'starting'
    );
    const double = client as unknown as Record<string, unknown>;
    const { status, searchRuns } = {
      status: double.status as () => Promise<unknown>,
      searchRuns: double.searchRuns as () => Promise<unknown>
    };
    double.status = () =>
      jupyter.phase === 'gone'
        ? Promise.reject(gone)
        : jupyter.phase === 'starting'
          ? Promise.resolve({
              reachable: false,
              state: 'starting',
              message: starting.message,
              hint: ''
            })
          : status();
    double.searchRuns = () =>
      jupyter.phase === 'gone'
        ? Promise.reject(gone)
        : jupyter.phase === 'starting'
          ? Promise.reject(starting)
          : searchRuns();
    const controller = new TrackingController(client, {
      isHidden: () => false
    });
    await controller.loadStatus();
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: '9' });
    await controller.shown();
    expect(controller.runs.runs).toHaveLength(1);

    jupyter.phase = 'gone';
    await controller.refresh();
    expect(controller.ready).toBe(false);
    expect(controller.status?.message).toMatch(/Jupyter server did not answer/);
    await controller.refresh(); // still gone: the status route fails too, said once
    expect(controller.status?.message).toMatch(/did not answer/);
    expect(controller.statusError).toBeNull();

    jupyter.phase = 'starting';
    await controller.refresh();
    expect(controller.status?.state).toBe('starting');
    expect(controller.ready).toBe(false);

    jupyter.phase = 'up';
    const searched = server.runsSearched;
    await controller.refresh();
    expect(controller.ready).toBe(true);
    expect(controller.statusError).toBeNull();
    expect(server.runsSearched).toBe(searched + 1);
    expect(controller.runs.runs).toHaveLength(1);
    controller.dispose();
  });

  it('shows a 503 of the embedded server restarting as starting, not gone', () => {
    const error = new NbcraftApiError('restarting', 503, '', 'restarting');
    expect(lostStatus(null, error).state).toBe('restarting');
    expect(
      lostStatus(null, new NbcraftApiError('x', 502, '', 'unreachable')).state
    ).toBe('unreachable');
  });
});

describe('TrackingController polls fast while the notebook runs cells', () => {
  async function intervalAfterQuietTick(busy: boolean): Promise<number> {
    const { client } = fakeClient('2', '5');
    const controller = new TrackingController(client, {
      isHidden: () => false,
      isBusy: () => busy,
      pollMinMs: 2000,
      pollMaxMs: 30_000
    });
    await controller.loadStatus();
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: null });
    await controller.shown();
    await controller.refresh(); // nothing changed: no runs yet
    const interval = controller.poller.interval;
    controller.dispose();
    return interval;
  }

  it('keeps the fastest rate while a cell runs (its run appears while it runs)', async () => {
    expect(await intervalAfterQuietTick(true)).toBe(2000);
  });

  it('slows down when nothing runs and nothing changed', async () => {
    expect(await intervalAfterQuietTick(false)).toBe(4000);
  });
});
