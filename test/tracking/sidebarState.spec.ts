/**
 * The runs sidebar after a reload: the picked experiment, the selected runs and the open
 * run's details come back from JupyterLab's state database (a real StateDB), and what no
 * longer exists is dropped quietly.
 */
import { StateDB } from '@jupyterlab/statedb';

import {
  parseSidebarState,
  SIDEBAR_STATE_KEY
} from '../../src/tracking/sidebarState';
import { fakeServer, loadLab, run, settle } from './sidebarServer';

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
