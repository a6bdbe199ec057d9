import { LabIcon } from '@jupyterlab/ui-components';

/** A notebook with a play mark, for the Jobs sidebar tab and "Run as job" (themed through jp-icon3). */
export const jobsIcon = new LabIcon({
  name: 'nbcraft:jobs',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161"><path d="M5 2h11l4 4v8h-2V7h-3V4H7v16h6v2H5z"/><path d="M15 13v9l7-4.5z"/></g></svg>'
});
