import {
  chooseExperiment,
  isSettled,
  type IChoosing,
  type IExperimentChoice
} from '../../src/tracking/experimentChoice';
import type { Experiment } from '../../src/tracking/schemas';

/** A client whose notebook has no runs of its own; the newest run went to `newest`. */
function client(newest: string | null) {
  return {
    experimentOfNotebook: () => Promise.resolve(null),
    experimentOfNewestRun: () => Promise.resolve(newest)
  };
}

/** The controller's side: what is shown, and a list read on demand. */
function choosing(shown: IExperimentChoice, listed: Experiment[]) {
  let known: Experiment[] = [];
  let lists = 0;
  const state: IChoosing = {
    shown: () => shown,
    experiments: () => known,
    listExperiments: () => {
      lists++;
      known = listed;
      return Promise.resolve();
    }
  };
  return { state, lists: () => lists };
}

const notebook = { path: 'a.ipynb', linkedExperimentId: null };

describe('chooseExperiment', () => {
  it("keeps the user's pick while the notebook has no runs of its own", async () => {
    const { state } = choosing({ experimentId: '4', origin: 'user' }, []);
    expect(await chooseExperiment(client('5'), notebook, state)).toEqual({
      experimentId: '4',
      origin: 'user'
    });
  });

  it('keeps a notebook-chosen experiment shown, as a fallback now', async () => {
    const { state } = choosing(
      { experimentId: '2', origin: 'notebook-runs' },
      []
    );
    expect(await chooseExperiment(client('5'), notebook, state)).toEqual({
      experimentId: '2',
      origin: 'fallback'
    });
  });

  it('falls back to the newest experiment, listing them only once', async () => {
    const listed = [{ experiment_id: '7', name: 'newest' }];
    const { state, lists } = choosing(
      { experimentId: null, origin: 'none' },
      listed
    );
    expect(await chooseExperiment(client(null), notebook, state)).toEqual({
      experimentId: '7',
      origin: 'fallback'
    });
    await chooseExperiment(client(null), notebook, state);
    expect(lists()).toBe(1);
  });
});

describe('isSettled', () => {
  it('settles on the user, the link and the notebook runs only', () => {
    expect(
      (['user', 'metadata', 'notebook-runs', 'fallback', 'none'] as const).map(
        isSettled
      )
    ).toEqual([true, true, true, false, false]);
  });
});
