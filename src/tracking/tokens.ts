import { Token } from '@lumino/coreutils';

import type { ITrackingStatusWatch } from './statusWatch';

/** Ids of the tracking capability, in one place. */
export const PLUGIN_ID = 'nbcraft:tracking';

export const SIDEBAR_ID = 'nbcraft-tracking-sidebar';
export const STATUS_ITEM_ID = 'nbcraft:tracking-status';

/** The tracking server's status, watched from page load (provided by the tracking plugin). */
export const ITrackingStatus = new Token<ITrackingStatusWatch>(
  'nbcraft:ITrackingStatus',
  'The tracking server status: kind, URI, starting or ready; changes as it is asked again.'
);
