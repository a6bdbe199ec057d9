/**
 * A tracking server double for the runs sidebar's restore tests: experiments and runs in
 * memory, and a lab (re)loaded over it with a real StateDB.
 */
import type { StateDB } from '@jupyterlab/statedb';

import { NbcraftApiError } from '../../src/core/api';
import type { TrackingClient } from '../../src/tracking/client';
import { TrackingController } from '../../src/tracking/controller';
import type { IRunsQuery } from '../../src/tracking/query';
import type { Experiment, Run } from '../../src/tracking/schemas';
import { keepSidebarState } from '../../src/tracking/sidebarState';

export function run(id: string, experimentId: string, deleted = false): Run {
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
export function fakeServer() {
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
export async function loadLab(client: TrackingClient, db: StateDB) {
  const controller = new TrackingController(client, { isHidden: () => true });
  const kept = keepSidebarState(controller, db);
  await controller.loadStatus();
  await controller.resolveExperiment(true);
  await kept;
  await settle();
  return controller;
}

export const settle = () => new Promise(resolve => setTimeout(resolve, 0));
