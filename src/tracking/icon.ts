import { LabIcon } from '@jupyterlab/ui-components';

/** A small line-chart icon for the tracking sidebar tab (themed through jp-icon3). */
export const trackingIcon = new LabIcon({
  name: 'nbcraft:tracking',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161"><path d="M3 3h2v16h16v2H3z"/><path d="M7 15.6l4-5 3 2.5 4.6-6.1 1.6 1.2-5.9 7.9-3-2.5-2.7 3.4z"/></g></svg>'
});
