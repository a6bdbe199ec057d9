/**
 * What the runs sidebar keeps across a reload (in JupyterLab's state database, with the
 * workspace): the experiment the user picked, the selected runs and the run whose details
 * were open. A run or experiment that no longer exists is dropped quietly.
 */
import type { ReadonlyJSONObject } from '@lumino/coreutils';

import type { TrackingController } from './controller';
import type { Run } from './schemas';

/** The state database key (one sidebar per lab). */
export const SIDEBAR_STATE_KEY = 'nbcraft-tracking:sidebar';

/** At most this many selected runs are kept (compare views take a handful). */
export const MAX_KEPT_SELECTION = 50;

/** At most this many runs are read from the server at once while restoring. */
export const MAX_RESTORE_READS = 4;

export interface ISidebarState {
  /** the shown experiment */
  experimentId: string | null;
  /** whether the user picked it (else the notebook chooses again, as it did) */
  picked: boolean;
  /** the selected runs, in the order they were selected */
  selected: string[];
  /** the run whose details were open */
  detailsRunId: string | null;
}

/** What the state database stores and gives back, as JSON. */
type Saved = ReadonlyJSONObject & {
  experimentId: string | null;
  picked: boolean;
  selected: string[];
  detailsRunId: string | null;
};

/** The controller's state worth keeping. */
export function sidebarState(controller: TrackingController): ISidebarState {
  return {
    experimentId: controller.experimentId,
    picked: controller.experimentOrigin === 'user',
    selected: [...controller.selected].slice(0, MAX_KEPT_SELECTION),
    detailsRunId: controller.detailsRunId
  };
}

/** Whether there is anything to restore or keep. */
function isEmpty(state: ISidebarState): boolean {
  return (
    state.selected.length === 0 && state.detailsRunId === null && !state.picked
  );
}

/**
 * A saved value read back: anything that is not the shape written (an older version, a
 * workspace edited by hand) is nothing to restore.
 */
export function parseSidebarState(value: unknown): ISidebarState | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  const data = value as Record<string, unknown>;
  const id = (x: unknown) => (typeof x === 'string' && x !== '' ? x : null);
  const selected = Array.isArray(data.selected)
    ? data.selected.map(id).filter((x): x is string => x !== null)
    : [];
  return {
    experimentId: id(data.experimentId),
    picked: data.picked === true && id(data.experimentId) !== null,
    selected: [...new Set(selected)].slice(0, MAX_KEPT_SELECTION),
    detailsRunId: id(data.detailsRunId)
  };
}

function toSaved(state: ISidebarState): Saved {
  return { ...state, selected: [...state.selected] };
}

function sameState(a: ISidebarState, b: ISidebarState): boolean {
  return JSON.stringify(toSaved(a)) === JSON.stringify(toSaved(b));
}

/**
 * Resolves to true once `ready` holds, looking at each change of the controller, or to false
 * when `deadline` (a clock time) passes first.
 */
function until(
  controller: TrackingController,
  ready: () => boolean,
  deadline: number
): Promise<boolean> {
  if (ready()) {
    return Promise.resolve(true);
  }
  return new Promise(resolve => {
    const done = (result: boolean) => {
      clearTimeout(timer);
      controller.changed.disconnect(look);
      resolve(result);
    };
    const look = () => {
      if (ready()) {
        done(true);
      }
    };
    const timer = setTimeout(
      () => {
        done(false);
      },
      Math.max(0, deadline - Date.now())
    );
    controller.changed.connect(look);
  });
}

/** The run, if it still exists, is not deleted and is in `experimentId`. */
async function liveRun(
  controller: TrackingController,
  runId: string,
  experimentId: string
): Promise<Run | null> {
  const loaded = controller.runs.runs.find(r => r.info.run_id === runId);
  try {
    const run = loaded ?? (await controller.client.getRun(runId));
    return run.info.experiment_id === experimentId &&
      run.info.lifecycle_stage !== 'deleted'
      ? run
      : null;
  } catch {
    return null; // gone (404) or unreadable: dropped quietly
  }
}

/**
 * `read` each item, at most `limit` at once (a reload does not send 50 requests together to
 * a remote server), and no more once `stopped` holds; an item not read gives null.
 */
async function readFew<T, R>(
  items: readonly T[],
  limit: number,
  read: (item: T) => Promise<R>,
  stopped: () => boolean
): Promise<(R | null)[]> {
  const results: (R | null)[] = items.map(() => null);
  let next = 0;
  const reader = async () => {
    while (next < items.length && !stopped()) {
      const at = next++;
      results[at] = await read(items[at]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, reader)
  );
  return results;
}

/** What the restore itself has set in the shown experiment. */
interface IRestored {
  experimentId: string | null;
  selected: Set<string>;
  details: string | null;
}

/**
 * Why the restore must not go on: `user` when the user picked an experiment, selected a run
 * or opened details it did not set; `lab` when the lab itself is choosing or chose another
 * experiment (the followed notebook's), which the restore waits for and then starts again
 * from; null when all is as the restore left it.
 */
function interruption(
  controller: TrackingController,
  mine: IRestored
): 'user' | 'lab' | null {
  if (controller.experimentId !== mine.experimentId) {
    return controller.experimentOrigin === 'user' ? 'user' : 'lab';
  }
  if (
    controller.detailsRunId !== mine.details ||
    controller.selected.size !== mine.selected.size ||
    ![...controller.selected].every(id => mine.selected.has(id))
  ) {
    return 'user';
  }
  return controller.choosingExperiment ? 'lab' : null;
}

/**
 * One try at putting the state back in the experiment shown: the picked experiment (if it
 * still exists), then, in that experiment, the selected runs and the open details that still
 * exist. Stops at the first interruption and says which.
 */
async function restoreOnce(
  controller: TrackingController,
  saved: ISidebarState,
  mine: IRestored
): Promise<'user' | 'lab' | null> {
  const picked = saved.picked ? saved.experimentId : null;
  if (picked !== null && picked !== controller.experimentId) {
    try {
      const experiment = await controller.client.getExperiment(picked);
      if (experiment.lifecycle_stage === 'deleted') {
        return null;
      }
    } catch {
      return null; // the experiment is gone: the sidebar keeps the notebook's choice
    }
    const why = interruption(controller, mine);
    if (why) {
      return why;
    }
    mine.experimentId = picked;
    await controller.pickExperiment(picked);
  }
  const experimentId = controller.experimentId;
  const why = interruption(controller, mine);
  if (why || experimentId === null || experimentId !== saved.experimentId) {
    return why; // else the notebook chose another experiment: its runs are other runs
  }
  const kept = await readFew(
    saved.selected,
    MAX_RESTORE_READS,
    id => liveRun(controller, id, experimentId),
    () => interruption(controller, mine) !== null
  );
  const afterReads = interruption(controller, mine);
  if (afterReads) {
    return afterReads;
  }
  for (const run of kept) {
    if (run && !mine.selected.has(run.info.run_id)) {
      mine.selected.add(run.info.run_id);
      controller.toggleSelected(run.info.run_id);
    }
  }
  const details = saved.detailsRunId;
  const run =
    details === null ? null : await liveRun(controller, details, experimentId);
  const afterDetails = interruption(controller, mine);
  if (run && !afterDetails) {
    mine.details = run.info.run_id;
    controller.openRun(run);
  }
  return afterDetails;
}

/**
 * How long a restore waits for the tracking server to be ready and the sidebar to have chosen
 * its experiment (the embedded server takes about a minute to start on a busy machine).
 */
export const RESTORE_WAIT_MS = 180_000;

/**
 * Put the saved state back once the tracking server is ready and the sidebar has chosen an
 * experiment (see restoreOnce). The user's own choice wins: nothing is restored over a
 * selection, details or an experiment the user chose, and the restore stops as soon as the
 * user acts. What the lab does on its own (the restored notebook choosing its experiment)
 * never ends it: it waits for that choice and tries again. It gives up after `waitMs`, the
 * server still not ready (the sidebar shows it unreachable, as it would without a restore).
 * Resolves to whether the restore ran to its end (false when it gave up waiting).
 */
export async function restoreSidebar(
  controller: TrackingController,
  saved: ISidebarState | null,
  waitMs = RESTORE_WAIT_MS
): Promise<boolean> {
  if (!saved || isEmpty(saved)) {
    return true;
  }
  const deadline = Date.now() + waitMs;
  const settled = () =>
    controller.ready &&
    controller.experimentId !== null &&
    !controller.choosingExperiment;
  const mine: IRestored = {
    experimentId: null,
    selected: new Set(),
    details: null
  };
  for (;;) {
    if (!(await until(controller, settled, deadline))) {
      return false;
    }
    if (controller.experimentId !== mine.experimentId) {
      if (controller.experimentOrigin === 'user') {
        return true; // the user picked an experiment first
      }
      // The lab's own choice (the first, or another one since): start from it.
      mine.experimentId = controller.experimentId;
      mine.selected.clear();
      mine.details = null;
    }
    if (interruption(controller, mine) === 'user') {
      return true; // the user acted first
    }
    if ((await restoreOnce(controller, saved, mine)) !== 'lab') {
      return true;
    }
  }
}

/** Where the state is kept: JupyterLab's IStateDB, or a test's double. */
export interface IStateStore {
  fetch(id: string): Promise<unknown>;
  save(id: string, value: Saved): Promise<unknown>;
}

/**
 * Restore the saved state, then keep it: saved on every change of what is kept (and only
 * then), never before the restore is done, so a reload does not overwrite it with the empty
 * state the sidebar starts in.
 */
export async function keepSidebarState(
  controller: TrackingController,
  store: IStateStore,
  key = SIDEBAR_STATE_KEY,
  options: { waitMs?: number } = {}
): Promise<void> {
  let saved: ISidebarState | null = null;
  let gaveUp = false;
  try {
    saved = parseSidebarState(await store.fetch(key));
    gaveUp = !(await restoreSidebar(controller, saved, options.waitMs));
  } catch {
    // an unreadable state database: start from nothing, and keep what follows
  }
  // Given up while the server is away: the saved state stays until the user changes something
  // (the next reload, with the server back, restores it).
  let last = (gaveUp ? null : saved) ?? sidebarState(controller);
  const save = () => {
    const now = sidebarState(controller);
    if (!sameState(now, last)) {
      last = now;
      void store.save(key, toSaved(now)).catch(() => undefined);
    }
  };
  controller.changed.connect(save);
  save();
}
