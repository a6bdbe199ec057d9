/**
 * The tracking server's status from the moment the page loads, for every status-bar item:
 * asked again every second while the embedded server is starting, so "starting" turns into
 * ready as soon as the server is, whether or not the runs sidebar was ever opened. The runs
 * sidebar resumes on its answer after a refusal: its reads and the status route are the same
 * scope to Jupyter (`nbcraft-tracking`, read).
 */
import {
  RouteWatch,
  type IRouteWatch,
  type IRouteWatchOptions
} from './routeWatch';
import type { TrackingStatus } from './schemas';

/** The embedded server is on its way up (or back up): ask again soon. */
export function isStarting(status: TrackingStatus | null): boolean {
  return status?.state === 'starting' || status?.state === 'restarting';
}

/** The tracking server's status as last seen; `changed` fires on every answer. */
export type ITrackingStatusWatch = IRouteWatch<TrackingStatus>;

export class TrackingStatusWatch extends RouteWatch<TrackingStatus> {
  constructor(
    fetchStatus: () => Promise<TrackingStatus>,
    options: IRouteWatchOptions = {}
  ) {
    super(fetchStatus, options, isStarting);
  }
}
