/**
 * How often the sidebar asks the tracking server when reads fail or a cell runs for long:
 * an hour (or ten minutes) under jest's fake timers, counting the requests made. The client
 * double stands for the proxy's answers; the proxy itself is tested in Python.
 */
import { NbcraftApiError } from '../../src/core/api';
import type { TrackingClient } from '../../src/tracking/client';
import { TrackingController } from '../../src/tracking/controller';

const HOUR = 60 * 60 * 1000;
const READY = { reachable: true, state: 'ready', message: '', hint: '' };
const RUNNING = {
  info: { run_id: 'r1', experiment_id: '9', status: 'RUNNING', start_time: 1 },
  data: { metrics: [], params: [], tags: [] }
};

function countingClient(opts: {
  runs: () => Promise<unknown>;
  notebookExperiment?: string | null;
}) {
  const calls: string[] = [];
  const client = {
    status: () => {
      calls.push('status');
      return Promise.resolve(READY);
    },
    searchExperiments: () => {
      calls.push('searchExperiments');
      return Promise.resolve([{ experiment_id: '9', name: 'e' }]);
    },
    getExperiment: () => Promise.resolve({ experiment_id: '9', name: 'e' }),
    experimentOfNotebook: () => {
      calls.push('experimentOfNotebook');
      return Promise.resolve(opts.notebookExperiment ?? null);
    },
    experimentOfNewestRun: () => {
      calls.push('experimentOfNewestRun');
      return Promise.resolve('9');
    },
    searchRuns: () => {
      calls.push('searchRuns');
      return opts.runs();
    }
  };
  const since = (start: number) => {
    const made = calls.slice(start);
    return (kind: string) => made.filter(c => c === kind).length;
  };
  return { client: client as unknown as TrackingClient, calls, since };
}

async function started(
  client: TrackingClient,
  notebook: { path: string; linkedExperimentId: string | null },
  busy = false
) {
  const controller = new TrackingController(client, {
    isHidden: () => false,
    isBusy: () => busy,
    pollMinMs: 2000,
    pollMaxMs: 30_000
  });
  await controller.loadStatus();
  await controller.setNotebook(notebook);
  controller.poller.start();
  await controller.shown();
  return controller;
}

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('live refresh backs off while reads keep failing', () => {
  it('a status route that says ready does not reset the backoff while runs/search times out', async () => {
    let fail = false;
    const { client, calls, since } = countingClient({
      runs: () =>
        fail
          ? Promise.reject(
              new NbcraftApiError('No answer within 90 s.', 0, '', 'timeout')
            )
          : Promise.resolve({ runs: [] })
    });
    const controller = await started(client, {
      path: 'a.ipynb',
      linkedExperimentId: '9'
    });
    fail = true;
    const start = calls.length;
    await jest.advanceTimersByTimeAsync(HOUR);
    const count = since(start);
    // At the slowest rate (30 s) an hour is 120 polls; before the fix, 2 s each: ~900.
    expect(count('searchRuns')).toBeLessThanOrEqual(130);
    expect(count('status')).toBeLessThanOrEqual(130);
    expect(controller.status?.state).toBe('unreachable');
    expect(controller.statusError).toBeNull();
    controller.dispose();
  });

  it('a 403 without a reason (a proxy in front of Jupyter) backs off, and is shown as the error', async () => {
    let refused = false;
    const { client, calls, since } = countingClient({
      runs: () =>
        refused
          ? Promise.reject(new NbcraftApiError('Forbidden', 403))
          : Promise.resolve({ runs: [RUNNING] })
    });
    const controller = await started(client, {
      path: 'a.ipynb',
      linkedExperimentId: '9'
    });
    // a run is active: without the backoff, the fast rate for as long as it is refused
    refused = true;
    const start = calls.length;
    await jest.advanceTimersByTimeAsync(HOUR);
    // At the slowest rate (30 s) an hour is 120 polls; before the fix, ~400.
    expect(since(start)('searchRuns')).toBeLessThanOrEqual(130);
    expect(controller.runsError).toBe('Forbidden');
    expect(controller.status?.state).toBe('ready');
    controller.dispose();
  });

  it('a kick (a cell ran, refresh pressed) polls at once but keeps the earned wait', async () => {
    const { client } = countingClient({
      runs: () =>
        Promise.reject(new NbcraftApiError('gone', 502, '', 'unreachable'))
    });
    const controller = await started(client, {
      path: 'a.ipynb',
      linkedExperimentId: '9'
    });
    await jest.advanceTimersByTimeAsync(5 * 60 * 1000);
    const before = jest.getTimerCount();
    await controller.refresh();
    expect(jest.getTimerCount()).toBe(before);
    // The next poll is not 2 s away: the failed reads' backoff (30 s at most) still holds.
    const calls: number[] = [];
    const spy = jest.spyOn(client, 'status').mockImplementation(() => {
      calls.push(Date.now());
      return Promise.resolve(READY);
    });
    const kicked = Date.now();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(calls.length).toBe(1);
    expect(calls[0] - kicked).toBeGreaterThanOrEqual(16_000);
    spy.mockRestore();
    controller.dispose();
  });

  it('one successful read brings the fastest rate back', async () => {
    let fail = true;
    const { client, calls, since } = countingClient({
      runs: () =>
        fail
          ? Promise.reject(new NbcraftApiError('gone', 502, '', 'unreachable'))
          : Promise.resolve({ runs: [RUNNING] })
    });
    const controller = await started(client, {
      path: 'a.ipynb',
      linkedExperimentId: '9'
    });
    await jest.advanceTimersByTimeAsync(5 * 60 * 1000);
    fail = false;
    await jest.advanceTimersByTimeAsync(31_000); // the next poll reads the runs again
    expect(controller.ready).toBe(true);
    const start = calls.length;
    await jest.advanceTimersByTimeAsync(60_000);
    // An active run, reads answering: every 2 s again.
    expect(since(start)('searchRuns')).toBeGreaterThanOrEqual(25);
    controller.dispose();
  });
});

describe('live refresh while the kernel is busy', () => {
  it('polls fast only for a while after a cell is scheduled, looking across experiments every few ticks', async () => {
    const { client, calls, since } = countingClient({
      runs: () => Promise.resolve({ runs: [] })
    });
    const controller = await started(
      client,
      { path: 'a.ipynb', linkedExperimentId: null },
      true
    );
    expect(controller.experimentOrigin).toBe('fallback');
    await controller.executionScheduled();
    const start = calls.length;
    // Right after the cell is scheduled, each poll looks for the notebook's run.
    await jest.advanceTimersByTimeAsync(10_000);
    expect(since(start)('experimentOfNotebook')).toBeGreaterThanOrEqual(5);
    await jest.advanceTimersByTimeAsync(HOUR - 10_000);
    const count = since(start);
    // 90 s at 2 s (45), then backing off to 30 s (~120): before, 1,800 of each. The lookup
    // runs on each tick of the fast window (45), then on every 3rd (~40).
    expect(count('searchRuns')).toBeLessThanOrEqual(180);
    expect(count('experimentOfNotebook')).toBeLessThanOrEqual(100);
    controller.dispose();
  });

  it('a cell scheduled while the kernel is busy opens the fast window again', async () => {
    const { client, calls, since } = countingClient({
      runs: () => Promise.resolve({ runs: [] })
    });
    const controller = await started(
      client,
      { path: 'a.ipynb', linkedExperimentId: '9' },
      true
    );
    await jest.advanceTimersByTimeAsync(10 * 60 * 1000);
    let start = calls.length;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(since(start)('searchRuns')).toBeLessThanOrEqual(3);
    await controller.executionScheduled();
    start = calls.length;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(since(start)('searchRuns')).toBeGreaterThanOrEqual(25);
    controller.dispose();
  });
});

describe('credentials refused and rate limits after "ready"', () => {
  it('a 401 from a read says unauthorized and asks only the status route, backing off', async () => {
    let refuse = false;
    const { client, calls, since } = countingClient({
      notebookExperiment: '9',
      runs: () =>
        refuse
          ? Promise.reject(
              new NbcraftApiError(
                'refused the credentials (401)',
                401,
                'DATABRICKS_TOKEN',
                'upstream-auth'
              )
            )
          : Promise.resolve({ runs: [RUNNING] })
    });
    const controller = await started(
      client,
      { path: 'a.ipynb', linkedExperimentId: null },
      true
    );
    refuse = true;
    const start = calls.length;
    await jest.advanceTimersByTimeAsync(10 * 60 * 1000);
    const count = since(start);
    expect(controller.ready).toBe(false);
    expect(controller.status?.state).toBe('unauthorized');
    expect(controller.status?.hint).toBe('DATABRICKS_TOKEN');
    expect(controller.runsError).toBeNull();
    // Before: a refused runs/search every 2 s (300). The status route here keeps saying
    // "ready" (its own check passes), so each reconnect reads once more, backed off.
    expect(count('searchRuns')).toBeLessThanOrEqual(25);
    controller.dispose();
  });

  it('a 429 waits as long as Retry-After asked', async () => {
    let limited = false;
    const { client, calls, since } = countingClient({
      runs: () =>
        limited
          ? Promise.reject(
              new NbcraftApiError(
                'rate-limiting',
                429,
                '',
                'rate-limited',
                1,
                120_000
              )
            )
          : Promise.resolve({ runs: [RUNNING] })
    });
    const controller = await started(client, {
      path: 'a.ipynb',
      linkedExperimentId: '9'
    });
    limited = true;
    await jest.advanceTimersByTimeAsync(2000); // the read that gets the 429
    const start = calls.length;
    await jest.advanceTimersByTimeAsync(118_000);
    expect(since(start)('searchRuns')).toBe(0);
    await jest.advanceTimersByTimeAsync(3000);
    expect(since(start)('searchRuns')).toBe(1);
    controller.dispose();
  });
});

describe('a long active run', () => {
  /** A run of the notebook that stays RUNNING; `step()` makes the next read differ. */
  function trainingRun() {
    let step = 0;
    return {
      step: () => {
        step += 1;
      },
      reply: () =>
        Promise.resolve({
          runs: [
            {
              ...RUNNING,
              data: {
                metrics: [{ key: 'loss', value: 1 / (step + 1), step }],
                params: [],
                tags: []
              }
            }
          ]
        })
    };
  }

  it('an hour of a run logging all the time costs a bounded number of reads', async () => {
    const run = trainingRun();
    const { client, calls, since } = countingClient({
      runs: () => {
        run.step(); // every read sees a new metric value: the chart would move
        return run.reply();
      }
    });
    const controller = await started(client, {
      path: 'a.ipynb',
      linkedExperimentId: '9'
    });
    const start = calls.length;
    // Right after the sidebar is shown, a live chart moves every 2 s.
    await jest.advanceTimersByTimeAsync(60_000);
    expect(since(start)('searchRuns')).toBeGreaterThanOrEqual(25);
    await jest.advanceTimersByTimeAsync(HOUR - 60_000);
    const count = since(start)('searchRuns');
    // Before: every 2 s for as long as the run ran, 1,800 an hour.
    expect(count).toBeLessThanOrEqual(420);
    expect(controller.runs.hasActiveRuns).toBe(true);
    controller.dispose();
  });

  it('an hour of a run whose data does not change backs off to the slowest rate', async () => {
    const run = trainingRun();
    const { client, calls, since } = countingClient({ runs: run.reply });
    const controller = await started(client, {
      path: 'a.ipynb',
      linkedExperimentId: '9'
    });
    const start = calls.length;
    await jest.advanceTimersByTimeAsync(HOUR);
    // Before: 1,800. A fast window after the sidebar is shown, then doubling to 30 s.
    expect(since(start)('searchRuns')).toBeLessThanOrEqual(180);
    controller.dispose();
  });

  it('the user coming back (a kick) makes a long run fast again, and a change is seen at once', async () => {
    const run = trainingRun();
    const { client, calls, since } = countingClient({ runs: run.reply });
    const controller = await started(client, {
      path: 'a.ipynb',
      linkedExperimentId: '9'
    });
    await jest.advanceTimersByTimeAsync(20 * 60 * 1000);
    let start = calls.length;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(since(start)('searchRuns')).toBeLessThanOrEqual(3);
    run.step(); // the run logged a new value while the user was away
    start = calls.length;
    // The kick's own read shows the change, without waiting for a poll.
    await controller.refresh();
    expect(since(start)('searchRuns')).toBe(1);
    expect(controller.runs.runs[0].data.metrics).toEqual([
      { key: 'loss', value: 0.5, step: 1 }
    ]);
    start = calls.length;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(since(start)('searchRuns')).toBeGreaterThanOrEqual(25);
    controller.dispose();
  });
});
