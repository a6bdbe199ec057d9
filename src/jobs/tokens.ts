/** Ids of the jobs capability, in one place. */

/** The plugin id; its settings schema (with the toolbar item) is schema/jobs.json. */
export const PLUGIN_ID = 'nbcraft:jobs';

/** The left sidebar's widget id. */
export const PANEL_ID = 'nbcraft-jobs-panel';

/** The notebook toolbar item's name in `jupyter.lab.toolbars`. */
export const TOOLBAR_ITEM = 'nbcraft-run-job';

/** The cell tag papermill reads parameters from. */
export const PARAMETERS_TAG = 'parameters';

/** The target that runs a job in the notebook's own kernel (no compute target). */
export const LOCAL_TARGET = 'local';
