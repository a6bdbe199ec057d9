import type { TrackingClient } from './client';
import type { Experiment } from './schemas';

/** How the shown experiment was chosen: the notebook decides until the user picks one. */
export type ExperimentOrigin =
  'metadata' | 'notebook-runs' | 'user' | 'fallback' | 'none';

/** The notebook the sidebar follows: its path and its linked experiment, if any. */
export interface INotebookContext {
  path: string;
  linkedExperimentId: string | null;
}

/** An experiment to show (or none) and how it was chosen. */
export interface IExperimentChoice {
  experimentId: string | null;
  origin: ExperimentOrigin;
}

/**
 * Whether a choice stays until the notebook changes: the user's pick, or the one the
 * notebook names (its link or its own runs). A fallback (or none) is looked for again.
 */
export function isSettled(origin: ExperimentOrigin): boolean {
  return (
    origin === 'user' || origin === 'metadata' || origin === 'notebook-runs'
  );
}

/** What choosing reads from (and loads into) the controller while it runs. */
export interface IChoosing {
  /** The shown choice, read after the notebook's runs were asked (the user may pick meanwhile). */
  shown(): IExperimentChoice;
  /** The experiments known so far, newest first. */
  experiments(): readonly Experiment[];
  /** Read the experiment list (asked only when none is known yet). */
  listExperiments(): Promise<void>;
}

/**
 * Choose the experiment for the followed notebook: its linked one, else the one its newest
 * run went to, else keep what is shown, else (first time only) where work happened last,
 * the newest run's experiment, else the newest experiment. Failures throw.
 */
export async function chooseExperiment(
  client: Pick<
    TrackingClient,
    'experimentOfNotebook' | 'experimentOfNewestRun'
  >,
  notebook: INotebookContext | null,
  state: IChoosing
): Promise<IExperimentChoice> {
  const linked = notebook?.linkedExperimentId ?? null;
  if (linked) {
    return { experimentId: linked, origin: 'metadata' };
  }
  if (notebook) {
    const ofNotebook = await client.experimentOfNotebook(notebook.path);
    if (ofNotebook) {
      return { experimentId: ofNotebook, origin: 'notebook-runs' };
    }
  }
  const shown = state.shown();
  if (shown.experimentId && shown.origin !== 'none') {
    // Keep what is shown; the notebook has no runs of its own yet.
    return {
      experimentId: shown.experimentId,
      origin: shown.origin === 'user' ? 'user' : 'fallback'
    };
  }
  if (state.experiments().length === 0) {
    await state.listExperiments();
  }
  const newest = await client.experimentOfNewestRun();
  const known = state.experiments();
  const chosen = newest ?? (known.length ? known[0].experiment_id : null);
  return { experimentId: chosen, origin: chosen ? 'fallback' : 'none' };
}
