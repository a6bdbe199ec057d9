/**
 * What a failed request says about the connection to the tracking server, apart from any
 * widget or timer: the server is gone for now, refused nbcraft's credentials, or Jupyter
 * itself refused the lab (signed out); and the status to show then.
 */
import { NbcraftApiError } from '../core/api';
import {
  isConnectionLost,
  isJupyterRefusal,
  JUPYTER_FORBIDDEN
} from '../core/retry';
import { type LivePoller, RATE_LIMITED_MS } from './poller';
import type { TrackingStatus } from './schemas';

/** Whether a status answer says the tracking server is up and answering. */
export function isReady(status: TrackingStatus | null): boolean {
  return Boolean(status?.reachable && status.state === 'ready');
}

/** Whether the tracking server refused nbcraft's credentials (or denied access). */
function isRefused(error: unknown): error is NbcraftApiError {
  return (
    error instanceof NbcraftApiError &&
    (error.reason === 'upstream-auth' || error.reason === 'auth-failed')
  );
}

/**
 * Whether Jupyter refused the lab's request itself (restarted with a new token, session
 * expired): the lab must sign in again, the tracking server is not at fault.
 */
export function isSignedOut(error: unknown): error is NbcraftApiError {
  return error instanceof NbcraftApiError && isJupyterRefusal(error.reason);
}

/** The state shown while Jupyter refuses the lab's requests (see isSignedOut). */
export const SIGNED_OUT = 'signed-out';

/**
 * Whether Jupyter refused a signed-in user (its Authorizer, a host name it does not serve):
 * signing in again does not help; the error's message says why.
 */
export function isForbidden(error: unknown): error is NbcraftApiError {
  return error instanceof NbcraftApiError && error.reason === JUPYTER_FORBIDDEN;
}

/** The state shown while Jupyter refuses a signed-in user (see isForbidden). */
export const FORBIDDEN = 'forbidden';

/** Whether a request failed because the tracking server (or Jupyter) is gone for now. */
function isLostConnection(error: unknown): error is NbcraftApiError {
  return (
    error instanceof NbcraftApiError &&
    isConnectionLost(error.status, error.reason)
  );
}

/**
 * The status to show once a request found the tracking server gone (or Jupyter itself):
 * unreachable, with the reason the proxy gave, until the status route says it is back.
 */
export function lostStatus(
  last: TrackingStatus | null,
  error: NbcraftApiError
): TrackingStatus {
  // The embedded server restarting (503) is on its way back: say "starting", not gone.
  // Refused credentials: reachable, but not ready until the status route says so again.
  // Jupyter refusing the lab itself: sign in again, whatever the tracking server's state.
  const refused = isRefused(error);
  const state =
    error.reason === 'starting' || error.reason === 'restarting'
      ? error.reason
      : refused
        ? 'unauthorized'
        : isSignedOut(error)
          ? SIGNED_OUT
          : isForbidden(error)
            ? FORBIDDEN
            : 'unreachable';
  return {
    ...(last ?? {}),
    reachable: refused,
    state,
    message: error.message,
    hint: error.hint ?? ''
  };
}

/**
 * Whether a request failed because of the connection, not of itself: the server (or
 * Jupyter) is gone, refused the credentials, or Jupyter refused the lab. The status shows
 * it (lostStatus) and live refresh backs off.
 */
export function isOutage(error: unknown): error is NbcraftApiError {
  return (
    isLostConnection(error) ||
    isRefused(error) ||
    isSignedOut(error) ||
    isForbidden(error)
  );
}

/**
 * A 401/403 without nbcraft's reason: something in front of Jupyter (a proxy, a gateway)
 * refused. Nothing says the session ended (see isJupyterRefusal), but asking again soon does
 * not help either.
 */
function isUnexplainedRefusal(error: NbcraftApiError): boolean {
  return (
    (error.status === 401 || error.status === 403) && error.reason === undefined
  );
}

/**
 * Slow live refresh down after a failed read, the one rule for the sidebar and the Jobs
 * panel: an outage, a refusal (Jupyter's or one without a reason) or a 429 earns the poller's
 * backoff, and the wait the server asked for is waited out (a 429's `Retry-After`, else
 * RATE_LIMITED_MS). A signed-in user Jupyter refuses (isForbidden: its Authorizer, a host
 * name it does not serve) is refused again however often it asks: live refresh stops until
 * the user acts (refresh, the panel shown again, new settings). The request's own error (an
 * invalid filter) does not slow it down.
 */
export function backOffAfter(
  poller: Pick<LivePoller, 'readFailed' | 'stopUntilAsked'>,
  error: unknown
): void {
  if (!(error instanceof NbcraftApiError)) {
    return;
  }
  if (error.status === 429) {
    poller.readFailed(error.retryAfterMs ?? RATE_LIMITED_MS);
  } else if (isOutage(error) || isUnexplainedRefusal(error)) {
    poller.readFailed(error.retryAfterMs);
    if (isForbidden(error)) {
      poller.stopUntilAsked();
    }
  }
}
