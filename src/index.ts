import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { computePlugin } from './compute/plugin';
import { corePlugin } from './core/plugin';
import { jobsPlugin } from './jobs/plugin';
import { lintPlugin } from './lint/plugin';
import { promotePlugin } from './promote/plugin';
import { trackingPlugin } from './tracking/plugin';

export { INbcraftCore } from './core/plugin';

/**
 * The plugins nbcraft registers. A capability's plugin is listed here only once
 * the capability works end to end.
 */
const plugins: JupyterFrontEndPlugin<unknown>[] = [
  corePlugin,
  promotePlugin,
  computePlugin,
  trackingPlugin,
  lintPlugin,
  jobsPlugin
];

export default plugins;
