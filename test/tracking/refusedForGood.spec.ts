/**
 * A refusal that asking again does not change (Jupyter refused this signed-in user: its
 * Authorizer, a host name it does not serve; nbcraft's `jupyter-forbidden` reason, see
 * nbcraft/handlers.py) stops live refresh until the user acts. Before, the sidebar asked
 * every 30 s and the Jobs panel every 15 s for as long as the lab stayed open. Outages, a
 * signed-out lab and 429s keep backing off and asking, as before.
 */
import { act } from 'react';

import { NbcraftApiError } from '../../src/core/api';
import type { TrackingClient } from '../../src/tracking/client';
import { backOffAfter } from '../../src/tracking/connection';
import { TrackingController } from '../../src/tracking/controller';
import { LivePoller } from '../../src/tracking/poller';
import { TrackingStatusWatch } from '../../src/tracking/statusWatch';
import { attachedSidebar } from './attachedSidebar';
import { manualTimers } from './manualTimers';

const forbidden = new NbcraftApiError(
  'User is not authorized to read on resource: nbcraft-tracking.',
  403,
  undefined,
  'jupyter-forbidden'
);

/** A started poller on a manual clock whose every read is refused with `error`. */
function refusedPoller(error: { value: unknown }) {
  const clock = manualTimers();
  const counts = { ticks: 0 };
  const poller: LivePoller = new LivePoller({
    tick: () => {
      counts.ticks++;
      if (error.value) {
        backOffAfter(poller, error.value);
      } else {
        poller.readSucceeded();
      }
      return Promise.resolve(false);
    },
    isActive: () => true,
    isPaused: () => false,
    minMs: 1000,
    maxMs: 8000,
    now: () => 0,
    ...clock
  });
  poller.start();
  return { clock, poller, counts };
}

describe('backOffAfter: a refusal for good', () => {
  it('stops live refresh after a user Jupyter refuses; a kick asks once more', async () => {
    const error = { value: forbidden as unknown };
    const { clock, poller, counts } = refusedPoller(error);
    await clock.fire();
    expect(counts.ticks).toBe(1);
    // Before: a timer at the backoff's delay, again and again, forever.
    expect(clock.timers).toHaveLength(0);
    expect(poller.stopped).toBe(true);
    expect(poller.scheduled).toBe(false);
    // The user presses Refresh: asked at once, refused again, stopped again.
    await poller.kick();
    expect(counts.ticks).toBe(2);
    expect(clock.timers).toHaveLength(0);
    // Allowed now (an administrator granted the scope): Refresh brings live refresh back.
    error.value = null;
    await poller.kick();
    expect(counts.ticks).toBe(3);
    expect(poller.stopped).toBe(false);
    expect(clock.timers).toHaveLength(1);
    poller.dispose();
  });

  it('new settings (setRates) start live refresh again, backing off', async () => {
    const { clock, poller } = refusedPoller({ value: forbidden });
    await clock.fire();
    expect(clock.timers).toHaveLength(0);
    poller.setRates(500, 4000);
    expect(poller.stopped).toBe(false);
    // the interval doubled after the failed read, within the new rates
    expect(clock.timers.map(t => t.ms)).toEqual([2000]);
    poller.dispose();
  });

  it.each([
    ['Jupyter gone', new NbcraftApiError('Network Error', 0)],
    [
      'signed out (a sign-in elsewhere fixes it)',
      new NbcraftApiError('Forbidden', 403, undefined, 'jupyter-auth')
    ],
    [
      'the tracking server refused the credentials',
      new NbcraftApiError(
        'denied',
        403,
        'MLFLOW_TRACKING_TOKEN',
        'upstream-auth'
      )
    ],
    ['a 403 without a reason', new NbcraftApiError('Forbidden', 403)],
    ['a 429', new NbcraftApiError('Too many', 429)]
  ])('%s: keeps asking, backing off', async (_, failure) => {
    const { clock, poller, counts } = refusedPoller({ value: failure });
    for (let i = 0; i < 5; i++) {
      await clock.fire();
    }
    expect(counts.ticks).toBe(5);
    expect(poller.stopped).toBe(false);
    expect(clock.timers).toHaveLength(1);
    expect(poller.failedReads).toBe(5);
    poller.dispose();
  });

  it("the request's own error neither slows nor stops it", () => {
    const calls: string[] = [];
    const poller = {
      readFailed: () => calls.push('readFailed'),
      stopUntilAsked: () => calls.push('stopUntilAsked')
    };
    backOffAfter(
      poller,
      new NbcraftApiError('bad filter', 400, undefined, 'bad-request')
    );
    backOffAfter(poller, new Error('not an API error'));
    expect(calls).toEqual([]);
    backOffAfter(poller, forbidden);
    expect(calls).toEqual(['readFailed', 'stopUntilAsked']);
  });
});

/**
 * A client that counts the requests the sidebar sends (`n`; the runs searches also in `runs`)
 * and fails them with `failure.error`.
 */
function countingClient(
  failure: { error: Error | null },
  counts: { n: number; runs?: number; status?: number }
) {
  const answer = <T>(value: T) => {
    counts.n++;
    return failure.error
      ? Promise.reject(failure.error)
      : Promise.resolve(value);
  };
  return {
    status: () => {
      counts.status = (counts.status ?? 0) + 1;
      return answer({ reachable: true, state: 'ready', message: '', hint: '' });
    },
    searchExperiments: () => answer([{ experiment_id: '9', name: 'e' }]),
    getExperiment: () => answer({ experiment_id: '9', name: 'e' }),
    experimentOfNotebook: () => answer('9'),
    experimentOfNewestRun: () => answer('9'),
    searchRuns: () => {
      counts.runs = (counts.runs ?? 0) + 1;
      return answer({ runs: [] });
    }
  } as unknown as TrackingClient;
}

describe('the runs sidebar after a user Jupyter refuses', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('asks nothing more until Refresh, shown again or new settings, and keeps the refusal shown', async () => {
    const HOUR = 60 * 60 * 1000;
    const failure: { error: Error | null } = { error: null };
    const counts = { n: 0 };
    const controller = new TrackingController(countingClient(failure, counts), {
      isHidden: () => false,
      pollMinMs: 2000,
      pollMaxMs: 30_000
    });
    await controller.loadStatus();
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: '9' });
    controller.poller.start();
    await controller.shown();
    expect(controller.ready).toBe(true);

    failure.error = forbidden;
    await controller.refresh();
    expect(controller.status?.state).toBe('forbidden');
    const refused = counts.n;
    await jest.advanceTimersByTimeAsync(HOUR);
    // Before: the status route asked every 30 s, about 120 refused requests an hour.
    expect(counts.n).toBe(refused);
    expect(controller.status?.state).toBe('forbidden');
    expect(controller.status?.message).toBe(forbidden.message);

    // The sidebar shown again or Refresh: asked once more, refused, stopped again.
    await controller.shown();
    expect(counts.n).toBe(refused + 1);
    await controller.refresh();
    expect(counts.n).toBe(refused + 2);
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(counts.n).toBe(refused + 2);

    // New settings: live refresh again (backing off while refused, then stopped again).
    controller.configure({ pollMinMs: 2000, pollMaxMs: 30_000 });
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(counts.n).toBe(refused + 3);

    // Allowed now: the next Refresh reads again and live refresh goes on.
    failure.error = null;
    await controller.refresh();
    expect(controller.ready).toBe(true);
    expect(controller.poller.stopped).toBe(false);
    const back = counts.n;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(counts.n).toBeGreaterThan(back);
    controller.dispose();
  });
});

const PAUSED =
  '«Live refresh is paused: asking again now would be refused again. It resumes by itself once Jupyter answers again, or when you press Refresh.»[]';

async function settle() {
  await act(async () => {
    await Promise.resolve();
  });
}

describe('Jupyter answers again after refusing the user', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
    document.body.innerHTML = '';
  });

  it('the sidebar reads the runs again and polls, unasked, once the status watch is answered; until then it says live refresh is paused', async () => {
    const failure: { error: Error | null } = { error: null };
    const counts = { n: 0, runs: 0, status: 0 };
    const client = countingClient(failure, counts);
    // As the tracking plugin wires them: the status bar's watch feeds the sidebar, and a
    // refused read makes it keep asking.
    const watch = new TrackingStatusWatch(() => client.status());
    const controller = new TrackingController(client, {
      isHidden: () => false,
      pollMinMs: 2000,
      pollMaxMs: 30_000,
      onRefused: () => {
        watch.noteRefused();
      }
    });
    watch.changed.connect(() => {
      void controller.takeStatus(watch.status, watch.error, watch.failure);
    });
    await watch.refresh();
    await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: '9' });
    controller.poller.start();
    await controller.shown();
    expect(controller.ready).toBe(true);
    const sidebar = attachedSidebar(controller);
    await settle();
    const paused = () =>
      [...sidebar.node.querySelectorAll('.jp-nbcraft-tracking-paused')].map(
        node => node.textContent
      );
    expect(paused()).toEqual([]);

    // The poller's own read is refused (the watch, answered before, had set no timer).
    failure.error = forbidden;
    await act(async () => {
      await jest.advanceTimersByTimeAsync(60_000);
    });
    expect(controller.poller.stopped).toBe(true);
    expect(controller.status?.state).toBe('forbidden');
    expect(paused()).toEqual([PAUSED]);
    // Refused for an hour: the sidebar reads nothing; the watch asks, ever less often.
    const refusedRuns = counts.runs;
    const statusBefore = counts.status;
    await act(async () => {
      await jest.advanceTimersByTimeAsync(60 * 60_000);
    });
    expect(counts.runs).toBe(refusedRuns);
    expect(counts.status - statusBefore).toBeGreaterThanOrEqual(5);
    expect(counts.status - statusBefore).toBeLessThanOrEqual(20);
    expect(controller.poller.stopped).toBe(true);

    // An administrator grants the scope: the watch's next question is answered.
    failure.error = null;
    const runsBefore = counts.runs;
    await act(async () => {
      await jest.advanceTimersByTimeAsync(10 * 60_000);
    });
    expect(controller.ready).toBe(true);
    // Before: Connected in the status bar, the poller stopped, no runs read in an hour.
    expect(controller.poller.stopped).toBe(false);
    expect(counts.runs).toBeGreaterThan(runsBefore);
    expect(paused()).toEqual([]);
    const afterRecovery = counts.runs;
    await act(async () => {
      await jest.advanceTimersByTimeAsync(10 * 60_000);
    });
    expect(counts.runs).toBeGreaterThan(afterRecovery); // live refresh goes on
    act(() => {
      sidebar.dispose();
    });
    watch.dispose();
    controller.dispose();
  });
});
