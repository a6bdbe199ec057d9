/**
 * The runs sidebar after a reload: the picked experiment, the selected runs and the open
 * run's details come back from JupyterLab's state database (a real StateDB), and what no
 * longer exists is dropped quietly.
 */
import { StateDB } from '@jupyterlab/statedb';

import { NbcraftApiError } from '../../src/core/api';
import type { TrackingClient } from '../../src/tracking/client';
import { TrackingController } from '../../src/tracking/controller';
import type { IRunsQuery } from '../../src/tracking/query';
import type { Experiment, Run } from '../../src/tracking/schemas';
import {
  keepSidebarState,
  parseSidebarState,
  SIDEBAR_STATE_KEY
} from '../../src/tracking/sidebarState';

function run(id: string, experimentId: string, deleted = false): Run {
  return {
    info: {
      run_id: id,
      experiment_id: experimentId,
      run_name: `run ${id}`,
      status: 'FINISHED',
      lifecycle_stage: deleted ? 'deleted' : 'active'
    },
    data: { metrics: [], params: [], tags: [] }
  };
}

/** A tracking server double: experiments and runs in memory, which a test may delete. */
function fakeServer() {
  const experiments: Experiment[] = [
    { experiment_id: '5', name: 'newest' },
    { experiment_id: '9', name: 'picked' }
  ];
  const runs = new Map<string, Run>(
    [
      run('a1', '5'),
      run('p1', '9'),
      run('p2', '9'),
      run('p3', '9'),
      run('gone', '9')
    ].map(r => [r.info.run_id, r])
  );
  const notFound = () => new NbcraftApiError('RESOURCE_DOES_NOT_EXIST', 404);
  const client = {
    status: () =>
      Promise.resolve({
        reachable: true,
        state: 'ready',
        message: '',
        hint: ''
      }),
    searchExperiments: () => Promise.resolve(experiments),
    getExperiment: (id: string) => {
      const found = experiments.find(e => e.experiment_id === id);
      return found ? Promise.resolve(found) : Promise.reject(notFound());
    },
    experimentOfNotebook: () => Promise.resolve(null),
    experimentOfNewestRun: () => Promise.resolve('5'),
    searchRuns: (query: IRunsQuery) =>
      Promise.resolve({
        runs: [...runs.values()].filter(r =>
          query.experimentIds.includes(r.info.experiment_id)
        )
      }),
    getRun: (id: string) => {
      const found = runs.get(id);
      return found ? Promise.resolve(found) : Promise.reject(notFound());
    }
  };
  return { client: client as unknown as TrackingClient, experiments, runs };
}

/** A lab (re)loaded: a new controller that sees the server ready, as the plugin's does. */
async function loadLab(client: TrackingClient, db: StateDB) {
  const controller = new TrackingController(client, { isHidden: () => true });
  const kept = keepSidebarState(controller, db);
  await controller.loadStatus();
  await controller.resolveExperiment(true);
  await kept;
  await settle();
  return controller;
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

describe('the runs sidebar after a reload', () => {
  it('comes back with the picked experiment, the selected runs and the open details', async () => {
    const { client } = fakeServer();
    const db = new StateDB();
    const before = await loadLab(client, db);
    expect(before.experimentId).toBe('5'); // the most recent, chosen for the user
    await before.pickExperiment('9');
    before.toggleSelected('p1');
    before.toggleSelected('p3');
    before.showDetails('p2');
    await settle();
    before.dispose();

    const after = await loadLab(client, db);
    expect(after.experimentId).toBe('9');
    expect(after.experimentOrigin).toBe('user');
    expect([...after.selected]).toEqual(['p1', 'p3']);
    expect(after.detailsRunId).toBe('p2');
    expect(after.detailsRun?.info.run_name).toBe('run p2');
    after.dispose();
  });

  it('drops quietly a run or an experiment that no longer exists', async () => {
    const { client, runs, experiments } = fakeServer();
    const db = new StateDB();
    const before = await loadLab(client, db);
    await before.pickExperiment('9');
    before.toggleSelected('p1');
    before.toggleSelected('gone');
    before.toggleSelected('p3');
    before.showDetails('gone');
    await settle();
    before.dispose();

    runs.delete('gone');
    runs.set('p3', run('p3', '9', true)); // deleted in MLflow's UI: in the trash
    const after = await loadLab(client, db);
    expect(after.experimentId).toBe('9');
    expect([...after.selected]).toEqual(['p1']);
    expect(after.detailsRunId).toBeNull();
    // What is kept now is what is shown, without the runs that went.
    expect(parseSidebarState(await db.fetch(SIDEBAR_STATE_KEY))).toEqual({
      experimentId: '9',
      picked: true,
      selected: ['p1'],
      detailsRunId: null
    });
    after.dispose();

    experiments.splice(1, 1); // the picked experiment itself is gone
    const later = await loadLab(client, db);
    expect(later.experimentId).toBe('5');
    expect(later.selected.size).toBe(0);
    later.dispose();
  });

  it('reads nothing from a value it did not write', async () => {
    expect(parseSidebarState('x')).toBeNull();
    expect(parseSidebarState([1])).toBeNull();
    expect(
      parseSidebarState({ experimentId: 7, selected: ['a', 3, 'a', ''] })
    ).toEqual({
      experimentId: null,
      picked: false,
      selected: ['a'],
      detailsRunId: null
    });
    const { client } = fakeServer();
    const db = new StateDB();
    await db.save(SIDEBAR_STATE_KEY, 'not a sidebar state');
    const controller = await loadLab(client, db);
    expect(controller.experimentId).toBe('5');
    expect(controller.selected.size).toBe(0);
    controller.dispose();
  });
});
