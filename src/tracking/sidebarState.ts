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

/** Resolves once `ready` holds, looking at each change of the controller. */
function until(
  controller: TrackingController,
  ready: () => boolean
): Promise<void> {
  if (ready()) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const look = () => {
      if (ready()) {
        controller.changed.disconnect(look);
        resolve();
      }
    };
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

/**
 * Put the saved state back once the tracking server is ready and the sidebar has chosen an
 * experiment: the picked experiment (if it still exists), then, in that experiment, the
 * selected runs and the open details that still exist. The user's own choice wins: nothing
 * is restored over a selection or details already there, and the restore stops as soon as
 * anything it did not set itself changes while it waits for the server (the user picked an
 * experiment, selected a run or opened details; the notebook chose another experiment).
 */
export async function restoreSidebar(
  controller: TrackingController,
  saved: ISidebarState | null
): Promise<void> {
  if (!saved || isEmpty(saved)) {
    return;
  }
  await until(
    controller,
    () => controller.ready && controller.experimentId !== null
  );
  if (controller.selected.size > 0 || controller.detailsRunId !== null) {
    return; // the user acted first
  }
  // What the restore itself has set; checked after every wait for the server.
  const mine = {
    experimentId: controller.experimentId,
    selected: new Set<string>(),
    details: null as string | null
  };
  const untouched = () =>
    controller.experimentId === mine.experimentId &&
    controller.detailsRunId === mine.details &&
    controller.selected.size === mine.selected.size &&
    [...controller.selected].every(id => mine.selected.has(id));
  const picked = saved.picked ? saved.experimentId : null;
  if (picked !== null && picked !== controller.experimentId) {
    try {
      const experiment = await controller.client.getExperiment(picked);
      if (experiment.lifecycle_stage === 'deleted') {
        return;
      }
    } catch {
      return; // the experiment is gone: the sidebar keeps the notebook's choice
    }
    if (!untouched()) {
      return;
    }
    mine.experimentId = picked;
    await controller.pickExperiment(picked);
    if (!untouched()) {
      return;
    }
  }
  const experimentId = controller.experimentId;
  if (experimentId === null || experimentId !== saved.experimentId) {
    return; // the notebook now chooses another experiment: its runs are other runs
  }
  const kept = await readFew(
    saved.selected,
    MAX_RESTORE_READS,
    id => liveRun(controller, id, experimentId),
    () => !untouched()
  );
  if (!untouched()) {
    return;
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
  if (run && untouched()) {
    mine.details = run.info.run_id;
    controller.openRun(run);
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
  key = SIDEBAR_STATE_KEY
): Promise<void> {
  let saved: ISidebarState | null = null;
  try {
    saved = parseSidebarState(await store.fetch(key));
    await restoreSidebar(controller, saved);
  } catch {
    // an unreadable state database: start from nothing, and keep what follows
  }
  let last = saved ?? sidebarState(controller);
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
