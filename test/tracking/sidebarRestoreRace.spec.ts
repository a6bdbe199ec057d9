/**
 * The runs sidebar's restore waits for the server (the picked experiment, each kept run):
 * whatever the user does meanwhile wins, the restore puts nothing back over it, and it reads
 * only a few runs at once.
 */
import { StateDB } from '@jupyterlab/statedb';

import type { TrackingClient } from '../../src/tracking/client';
import { TrackingController } from '../../src/tracking/controller';
import type { Run } from '../../src/tracking/schemas';
import {
  keepSidebarState,
  MAX_RESTORE_READS,
  SIDEBAR_STATE_KEY,
  type ISidebarState
} from '../../src/tracking/sidebarState';
import { fakeServer, run, settle } from './sidebarServer';

/**
 * The server double whose getExperiment/getRun answers wait for `release`, and whose runs
 * search finds nothing (so each kept run is read by id, as one past the first page is).
 */
function slowServer() {
  const server = fakeServer();
  let release: () => void = () => undefined;
  const gate = new Promise<void>(resolve => (release = resolve));
  const calls = { getExperiment: 0, getRun: 0, inFlight: 0, mostInFlight: 0 };
  const plain = server.client as unknown as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  const held =
    (name: 'getExperiment' | 'getRun') =>
    async (...args: unknown[]) => {
      calls[name]++;
      calls.inFlight++;
      calls.mostInFlight = Math.max(calls.mostInFlight, calls.inFlight);
      try {
        await gate;
        return await plain[name](...args);
      } finally {
        calls.inFlight--;
      }
    };
  const client = {
    ...plain,
    searchRuns: () => Promise.resolve({ runs: [] }),
    getExperiment: held('getExperiment'),
    getRun: held('getRun')
  } as unknown as TrackingClient;
  return {
    ...server,
    client,
    calls,
    release: () => {
      release();
    }
  };
}

/** A lab reloaded with `saved` kept: the notebook's experiment '5' is shown, the restore waits. */
async function reload(client: TrackingClient, saved: ISidebarState) {
  const db = new StateDB();
  await db.save(SIDEBAR_STATE_KEY, { ...saved, selected: [...saved.selected] });
  const controller = new TrackingController(client, { isHidden: () => true });
  const kept = keepSidebarState(controller, db);
  await controller.loadStatus();
  await controller.resolveExperiment(true);
  await settle();
  await settle();
  return { controller, kept };
}

describe('the sidebar restore while the server is slow', () => {
  it('restores nothing over a run the user selected and opened while it asked for the experiment', async () => {
    const { client, calls, release } = slowServer();
    const { controller, kept } = await reload(client, {
      experimentId: '9',
      picked: true,
      selected: ['p1'],
      detailsRunId: null
    });
    expect(controller.experimentId).toBe('5');
    expect(calls.getExperiment).toBe(1); // the restore waits for the picked experiment
    controller.toggleSelected('a1');
    controller.showDetails('a1');
    release();
    await kept;
    await settle();
    expect(controller.experimentId).toBe('5');
    expect([...controller.selected]).toEqual(['a1']);
    expect(controller.detailsRunId).toBe('a1');
    controller.dispose();
  });

  it('selects nothing in an experiment the user picked while it read the kept runs', async () => {
    const { client, calls, release } = slowServer();
    const { controller, kept } = await reload(client, {
      experimentId: '5',
      picked: false,
      selected: ['a1'],
      detailsRunId: 'a1'
    });
    expect(calls.getRun).toBe(1);
    await controller.pickExperiment('9');
    release();
    await kept;
    await settle();
    expect(controller.experimentId).toBe('9');
    expect(controller.selected.size).toBe(0);
    expect(controller.detailsRunId).toBeNull();
    controller.dispose();
  });

  it('keeps the details the user opened while it read the saved details run', async () => {
    const server = slowServer();
    server.runs.set('a2', run('a2', '5'));
    let detailsRead: () => void = () => undefined;
    const reading = new Promise<void>(resolve => (detailsRead = resolve));
    const client = {
      ...(server.client as unknown as Record<string, unknown>),
      getRun: async (id: string): Promise<Run> => {
        if (id === 'a2') {
          detailsRead();
          await new Promise(resolve => setTimeout(resolve, 20));
        }
        return server.runs.get(id)!;
      }
    } as unknown as TrackingClient;
    const { controller, kept } = await reload(client, {
      experimentId: '5',
      picked: false,
      selected: ['a1'],
      detailsRunId: 'a2'
    });
    await reading; // the selection is back; the details' run is being read
    expect([...controller.selected]).toEqual(['a1']);
    controller.showDetails('a1');
    await kept;
    await settle();
    expect(controller.detailsRunId).toBe('a1');
    controller.dispose();
  });

  it(`reads at most ${MAX_RESTORE_READS} kept runs at once, and restores them all`, async () => {
    const { client, calls, runs, release } = slowServer();
    const ids = Array.from({ length: 12 }, (_, i) => `k${i}`);
    for (const id of ids) {
      runs.set(id, run(id, '9'));
    }
    const { controller, kept } = await reload(client, {
      experimentId: '9',
      picked: true,
      selected: ids,
      detailsRunId: null
    });
    release();
    await kept;
    await settle();
    expect(calls.getRun).toBe(12);
    expect(calls.mostInFlight).toBeLessThanOrEqual(MAX_RESTORE_READS);
    expect(controller.experimentId).toBe('9');
    expect([...controller.selected]).toEqual(ids);
    controller.dispose();
  });
});
