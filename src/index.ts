import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { computePlugin } from './compute/plugin';
import { corePlugin } from './core/plugin';
import { jobsPlugin } from './jobs/plugin';
import { lintPlugin } from './lint/plugin';
import { promotePlugin } from './promote/plugin';
import { trackingPlugin } from './tracking/plugin';
import { trustPlugin } from './trust/plugin';

export { INbcraftCore } from './core/plugin';
export { INbcraftTrust } from './trust/tokens';

/**
 * The plugins nbcraft registers. A capability's plugin is listed here only once
 * the capability works end to end.
 */
const plugins: JupyterFrontEndPlugin<unknown>[] = [
  corePlugin,
  trustPlugin,
  promotePlugin,
  computePlugin,
  trackingPlugin,
  lintPlugin,
  jobsPlugin
];

export default plugins;
