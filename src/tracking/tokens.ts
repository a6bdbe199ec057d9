/** Ids of the tracking capability, in one place. */
export const PLUGIN_ID = 'nbcraft:tracking';

export const CommandIds = {
  open: 'nbcraft:tracking-open',
  refresh: 'nbcraft:tracking-refresh',
  compare: 'nbcraft:tracking-compare',
  /** args: `{ runId }`: show that run's details in the sidebar */
  showRun: 'nbcraft:tracking-show-run'
} as const;

export const SIDEBAR_ID = 'nbcraft-tracking-sidebar';
export const STATUS_ITEM_ID = 'nbcraft:tracking-status';
