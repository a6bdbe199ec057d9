/**
 * When a failed request to an nbcraft route is worth sending again, and when the tracking
 * server should be taken as gone for now. Pure: `api.ts` applies it to its axios client,
 * the tracking controller to its connection state.
 *
 * Transient: the proxy could not reach the tracking server (502 `unreachable`), it did not
 * answer in time (504), or the embedded server is (re)starting (503 `starting`/`restarting`);
 * a 502/503 without nbcraft's JSON comes from something in front of Jupyter and is taken as
 * transient too. Not transient: everything the tracking server said itself (401, 404, its
 * own 500 as a 502 `upstream-error`), a refused redirect, TLS, a bad configuration.
 */

import type { Say } from './translatable';

/** Waits before the second and third try: three tries in all, 1.3 s more at most. */
export const RETRY_DELAYS_MS: readonly number[] = [300, 1000];

/** The longest `Retry-After` a request waits for before trying again; longer: give up now. */
export const MAX_RETRY_AFTER_MS = 5000;

const TRANSIENT_502 = new Set(['unreachable', 'timeout']);
const TRANSIENT_503 = new Set(['starting', 'restarting']);

/** Whether a failure (HTTP status and nbcraft's `reason`) may go away by itself soon. */
export function isTransientFailure(status: number, reason?: string): boolean {
  switch (status) {
    case 504:
      return true;
    case 502:
      return reason === undefined || TRANSIENT_502.has(reason);
    case 503:
      return reason === undefined || TRANSIENT_503.has(reason);
    default:
      return false;
  }
}

/**
 * Whether the sidebar has lost its tracking server for now: a transient failure, or Jupyter
 * itself did not answer (status 0). The status route then says when it is back.
 */
export function isConnectionLost(status: number, reason?: string): boolean {
  return status === 0 || isTransientFailure(status, reason);
}

/**
 * nbcraft's `reason` when Jupyter itself refused a request because nobody is signed in (the
 * server restarted with another token, the session expired) or the XSRF check failed: a
 * reload signs in again (see nbcraft/handlers.py).
 */
export const JUPYTER_REFUSED = 'jupyter-auth';

/**
 * nbcraft's `reason` when Jupyter refused a signed-in user (its Authorizer, JupyterHub's
 * scopes) or a host name it does not serve: reloading does not help; `message` says why.
 */
export const JUPYTER_FORBIDDEN = 'jupyter-forbidden';

/**
 * Whether Jupyter itself refused the request for want of a sign-in: signing in again (a
 * reload) fixes it. A tracking server's own 401/403 comes with `upstream-auth` instead. A
 * 401/403 without any reason is not Jupyter's (every nbcraft route says why it refused):
 * something in front of it (a proxy, a gateway) refused, and nothing says the session ended,
 * so it stays the request's own error ("Forbidden").
 */
export function isJupyterRefusal(reason?: string): boolean {
  return reason === JUPYTER_REFUSED;
}

/** What the lab says while Jupyter refuses it for want of a sign-in (the one copy). */
export const signedOutText: Say = tr =>
  tr.__(
    'Jupyter refused the request: the server restarted with a new token, or your session expired. Reload the page to sign in again.'
  );

/**
 * What the runs sidebar and the Jobs panel say while a refusal stopped their live refresh
 * (`LivePoller.stopUntilAsked`): asking again would be refused again.
 */
export const liveRefreshPausedText: Say = tr =>
  tr.__(
    'Live refresh is paused: asking again now would be refused again. It resumes by itself once Jupyter answers again, or when you press Refresh.'
  );

/** What the lab says when Jupyter refused a signed-in user: its message, as it came. */
export function jupyterForbiddenText(message: string): Say {
  return tr => tr.__('Jupyter refused the request: %1', message);
}

/** MLflow's searches are POSTs that change nothing (the proxy forwards them as reads). */
const SEARCH_PATH = /(^|\/)mlflow\/api\/2\.0\/mlflow\/[a-z-]+\/search$/;

/** Whether sending the request twice does no harm: a GET, or an MLflow search. */
export function isIdempotentRead(
  method: string | undefined,
  url: string | undefined
): boolean {
  const verb = (method ?? 'get').toLowerCase();
  if (verb === 'get' || verb === 'head') {
    return true;
  }
  return verb === 'post' && SEARCH_PATH.test((url ?? '').split('?')[0]);
}

/** Whether a search did not answer in time: sending it again only adds to the load. */
function isSearchTimeout(
  request: { method?: string; url?: string },
  failure: { status: number; reason?: string }
): boolean {
  const timedOut =
    failure.status === 504 ||
    (failure.status === 502 && failure.reason === 'timeout');
  return (
    timedOut &&
    (request.method ?? 'get').toLowerCase() === 'post' &&
    SEARCH_PATH.test((request.url ?? '').split('?')[0])
  );
}

/**
 * The wait before sending a failed request again, or null to give up: only idempotent
 * reads, only transient failures, at most `delays.length` more tries. A search that timed
 * out is not sent again (the server is struggling; the next refresh asks later), and a
 * `Retry-After` (the embedded server starting) is waited for, up to MAX_RETRY_AFTER_MS.
 */
export function retryDelay(
  request: { method?: string; url?: string },
  failure: { status: number; reason?: string; retryAfterMs?: number },
  triesSoFar: number,
  delays: readonly number[] = RETRY_DELAYS_MS
): number | null {
  if (
    triesSoFar > delays.length ||
    !isIdempotentRead(request.method, request.url) ||
    !isTransientFailure(failure.status, failure.reason) ||
    isSearchTimeout(request, failure)
  ) {
    return null;
  }
  const delay = delays[triesSoFar - 1];
  const asked = failure.retryAfterMs ?? 0;
  if (asked > MAX_RETRY_AFTER_MS) {
    return null;
  }
  return Math.max(delay, asked);
}
