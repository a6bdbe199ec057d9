/**
 * Every command id of the extension, in one table, as JupyterLab's core extensions keep their
 * `CommandIDs`. Other extensions, keyboard shortcuts and menus in `schema/*.json` and the UI
 * tests name these ids: they are an interface, so they never change.
 */
export namespace CommandIDs {
  /** the compute target picker for the current notebook */
  export const switchCompute = 'nbcraft:switch-compute';
  /** "Run as Job…": the dialog for the current notebook */
  export const runAsJob = 'nbcraft:jobs-run';
  /** show the Jobs panel */
  export const openJobs = 'nbcraft:jobs-open';
  /** re-read the job list now */
  export const refreshJobs = 'nbcraft:jobs-refresh';
  /** open (or reveal) the lint diagnostics panel */
  export const openLintPanel = 'nbcraft:lint-open-panel';
  /** re-read the lint config and lint the current notebook now */
  export const relint = 'nbcraft:lint-notebook';
  /** promote the selected cells to a module (offered on long cells by lint too) */
  export const promote = 'nbcraft:promote';
  /** put back the current notebook's last promote: its cells, and the files it made */
  export const undoPromote = 'nbcraft:promote-undo';
  /** show the MLflow runs sidebar */
  export const openTracking = 'nbcraft:tracking-open';
  /** re-read the runs now */
  export const refreshTracking = 'nbcraft:tracking-refresh';
  /** compare runs (args: runIds, metric, title) */
  export const compareRuns = 'nbcraft:tracking-compare';
  /** args `{ runId }`: show that run's details in the sidebar */
  export const showRun = 'nbcraft:tracking-show-run';
  /** trust the Jupyter root's project config file as it is now */
  export const trustProjectConfig = 'nbcraft:trust-project-config';
  /** stop trusting it: its compute targets and tracking server are dropped */
  export const revokeProjectConfig = 'nbcraft:revoke-project-config';
}
