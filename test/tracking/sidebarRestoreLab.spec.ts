/**
 * The runs sidebar's restore against what the lab does on its own after a reload: the
 * notebook the layout brings back still choosing its experiment (the restore waits for that
 * choice instead of giving up), and a tracking server that never becomes ready (the restore
 * stops after a bounded wait and the sidebar is kept as the user uses it).
 */
import { StateDB } from '@jupyterlab/statedb';

import type { TrackingClient } from '../../src/tracking/client';
import { TrackingController } from '../../src/tracking/controller';
import type { TrackingStatus } from '../../src/tracking/schemas';
import {
  keepSidebarState,
  parseSidebarState,
  SIDEBAR_STATE_KEY,
  type ISidebarState
} from '../../src/tracking/sidebarState';
import { fakeServer, settle } from './sidebarServer';

const NOTEBOOK = { path: 'train.ipynb', linkedExperimentId: null };

/** Kept before the reload: the notebook's experiment '9', two runs selected, one open. */
const SAVED: ISidebarState = {
  experimentId: '9',
  picked: false,
  selected: ['p1', 'p3'],
  detailsRunId: 'p2'
};

async function savedDb(saved: ISidebarState = SAVED): Promise<StateDB> {
  const db = new StateDB();
  await db.save(SIDEBAR_STATE_KEY, { ...saved, selected: [...saved.selected] });
  return db;
}

/**
 * The server double whose notebook lookup (the runs search by notebook path) answers '9'
 * only once `release` is called: the notebook's own choice is still on its way.
 */
function notebookLookupHeld() {
  const server = fakeServer();
  let release: () => void = () => undefined;
  const gate = new Promise<void>(resolve => (release = resolve));
  const client = {
    ...(server.client as unknown as Record<string, unknown>),
    experimentOfNotebook: async () => {
      await gate;
      return '9';
    }
  } as unknown as TrackingClient;
  return { client, release };
}

/**
 * A reload as the plugin runs it: the status answers ready before the layout is restored
 * (the lab shows the newest experiment '5' while no notebook is followed), the restored
 * notebook is followed (its lookup held), and then `app.restored` starts the restore.
 */
async function reloadWhileTheNotebookChooses(client: TrackingClient) {
  const db = await savedDb();
  const controller = new TrackingController(client, { isHidden: () => true });
  await controller.loadStatus();
  await controller.resolveExperiment(true);
  expect(controller.experimentId).toBe('5');
  const following = controller.setNotebook(NOTEBOOK);
  const kept = keepSidebarState(controller, db);
  await settle();
  await settle();
  return { controller, db, following, kept };
}

describe('the sidebar restore and the lab’s own choices', () => {
  it('waits for the restored notebook to choose its experiment, then restores in it', async () => {
    const { client, release } = notebookLookupHeld();
    const { controller, following, kept } =
      await reloadWhileTheNotebookChooses(client);
    release();
    await following;
    await kept;
    await settle();
    expect(controller.experimentId).toBe('9');
    expect(controller.experimentOrigin).toBe('notebook-runs');
    expect([...controller.selected]).toEqual(['p1', 'p3']);
    expect(controller.detailsRunId).toBe('p2');
    controller.dispose();
  });

  it('still yields to an experiment the user picks while the notebook chooses', async () => {
    const { client, release } = notebookLookupHeld();
    const { controller, following, kept } =
      await reloadWhileTheNotebookChooses(client);
    await controller.pickExperiment('5');
    release();
    await following;
    await kept;
    await settle();
    expect(controller.experimentId).toBe('5');
    expect(controller.experimentOrigin).toBe('user');
    expect(controller.selected.size).toBe(0);
    expect(controller.detailsRunId).toBeNull();
    controller.dispose();
  });
});

describe('the sidebar restore when the tracking server never becomes ready', () => {
  const unreachable: TrackingStatus = {
    reachable: false,
    state: 'unreachable',
    message: 'connection refused',
    hint: ''
  };

  it('stops after its bounded wait; the sidebar shows the server unreachable and keeps what the user does', async () => {
    const server = fakeServer();
    let status: TrackingStatus = unreachable;
    const client = {
      ...(server.client as unknown as Record<string, unknown>),
      status: () => Promise.resolve(status)
    } as unknown as TrackingClient;
    const db = await savedDb({ ...SAVED, experimentId: '9', picked: true });
    const controller = new TrackingController(client, { isHidden: () => true });
    const kept = keepSidebarState(controller, db, SIDEBAR_STATE_KEY, {
      waitMs: 30
    });
    await controller.loadStatus();
    await controller.resolveExperiment(true);
    const outcome = await Promise.race([
      kept.then(() => 'stopped'),
      new Promise(resolve => {
        setTimeout(() => {
          resolve('still waiting');
        }, 2000);
      })
    ]);
    expect(outcome).toBe('stopped');
    // The ordinary unreachable state, and the saved state is not overwritten by nothing.
    expect(controller.ready).toBe(false);
    expect(controller.status?.reachable).toBe(false);
    expect(controller.experimentId).toBeNull();
    expect(parseSidebarState(await db.fetch(SIDEBAR_STATE_KEY))).toEqual({
      ...SAVED,
      picked: true
    });

    // The server comes back: the stopped restore puts nothing back over the lab's choice...
    status = { ...unreachable, reachable: true, state: 'ready', message: '' };
    await controller.loadStatus();
    await controller.resolveExperiment(true);
    await settle();
    expect(controller.experimentId).toBe('5');
    expect(controller.selected.size).toBe(0);
    // ...and what the user does now is kept.
    await controller.pickExperiment('9');
    controller.toggleSelected('p2');
    await settle();
    expect(parseSidebarState(await db.fetch(SIDEBAR_STATE_KEY))).toEqual({
      experimentId: '9',
      picked: true,
      selected: ['p2'],
      detailsRunId: null
    });
    controller.dispose();
  });
});
