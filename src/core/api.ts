import axios, { AxiosError, type AxiosInstance } from 'axios';
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import type { z } from 'zod';

import { retryDelay, RETRY_DELAYS_MS } from './retry';
import { english, errorText, type Say } from './translatable';

/**
 * An error from an nbcraft route, carrying the server's own explanation
 * (what to check, what to fix) rather than a bare status code. The server's text comes as a
 * string; the lab's own text as a `Say`, which `errorText` says in the lab's language.
 */
export class NbcraftApiError extends Error {
  /** the lab's own message, said through a translator (absent for the server's text) */
  readonly say?: Say;

  constructor(
    message: string | Say,
    readonly status: number,
    readonly hint?: string,
    /** nbcraft's stable code for the failure (`unreachable`, `timeout`, ...), when sent. */
    readonly reason?: string,
    /** How many times the request was sent (idempotent reads are tried again). */
    readonly attempts = 1,
    /** How long the server asked to wait before asking again (`Retry-After`), in ms. */
    readonly retryAfterMs?: number
  ) {
    super(typeof message === 'string' ? message : message(english));
    if (typeof message !== 'string') {
      this.say = message;
    }
    this.name = 'NbcraftApiError';
  }
}

/** Read the `_xsrf` cookie that jupyter_server sets, as its own client does. */
export function readXsrfCookie(cookie: string): string | undefined {
  const match = /(?:^|;\s*)_xsrf=([^;]*)/.exec(cookie);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/**
 * An axios client for `<base_url>/nbcraft/...`: the Jupyter token and the XSRF
 * header are added here, once, so no widget handles credentials.
 */
/** How failed reads are tried again (see retry.ts); tests pass their own waits. */
export interface IRetryOptions {
  delaysMs?: readonly number[];
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Wait `ms`, or less: when `signal` aborts (its owner was disposed), the timer is cleared
 * and the wait rejects, so nothing is sent after the owner is gone.
 */
export function abortableSleep(
  ms: number,
  signal?: AbortSignal
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The wait was aborted.', 'AbortError'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('The wait was aborted.', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** How long the browser waits for an nbcraft route (other than the tracking proxy). */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * How long the browser waits for a proxied tracking request: longer than the proxy's own
 * `c.NbcraftTracking.request_timeout` (60 s) plus its connect timeout (5 s), so a slow
 * search ends with the proxy's 504 `timeout` (which names the setting to raise), not with
 * the browser giving up first.
 */
export const PROXY_TIMEOUT_MS = 90_000;

const PROXY_PATH = /^\/?mlflow\//;

export function createNbcraftClient(
  settings: ServerConnection.ISettings = ServerConnection.makeSettings(),
  retry: IRetryOptions = {}
): AxiosInstance {
  const client = axios.create({
    baseURL: URLExt.join(settings.baseUrl, 'nbcraft') + '/',
    timeout: REQUEST_TIMEOUT_MS,
    // The interceptor below sends Jupyter's `_xsrf`; axios's own XSRF cookie (XSRF-TOKEN,
    // which Jupyter never sets) is read through the async CookieStore API, which held
    // every request back ~60 ms on a busy page (measured in bench/tracking-bench.mjs).
    withXSRFToken: false
  });
  client.interceptors.request.use(config => {
    if (settings.token) {
      config.headers.set('Authorization', `token ${settings.token}`);
    }
    const xsrf =
      typeof document === 'undefined'
        ? undefined
        : readXsrfCookie(document.cookie);
    if (xsrf) {
      config.headers.set('X-XSRFToken', xsrf);
    }
    if (
      config.timeout === REQUEST_TIMEOUT_MS &&
      PROXY_PATH.test(config.url ?? '')
    ) {
      config.timeout = PROXY_TIMEOUT_MS;
    }
    return config;
  });
  const delays = retry.delaysMs ?? RETRY_DELAYS_MS;
  const sleep = retry.sleep ?? abortableSleep;
  client.interceptors.response.use(undefined, async (error: unknown) => {
    const apiError = toApiError(error);
    const config =
      error instanceof AxiosError
        ? (error.config as (typeof error.config & ITries) | undefined)
        : undefined;
    if (!config) {
      throw apiError;
    }
    const tries = config.nbcraftTries ?? 1;
    const wait = retryDelay(config, apiError, tries, delays);
    if (wait === null) {
      throw tries > 1 ? withAttempts(apiError, tries) : apiError;
    }
    // A transient failure of a read (the tracking server did not answer, or is restarting):
    // send it again after a short wait; after the last try the error says how many. A
    // request whose signal aborts meanwhile (its sidebar was disposed) is not sent again.
    const signal = config.signal as AbortSignal | undefined;
    try {
      await sleep(wait, signal);
    } catch {
      throw apiError;
    }
    if (signal?.aborted) {
      throw apiError;
    }
    config.nbcraftTries = tries + 1;
    return client.request(config);
  });
  return client;
}

/** The try count a request carries through the retry interceptor. */
interface ITries {
  nbcraftTries?: number;
}

function withAttempts(
  error: NbcraftApiError,
  attempts: number
): NbcraftApiError {
  return new NbcraftApiError(
    tr => tr.__('%1 (tried %2 times)', errorText(error, tr), attempts),
    error.status,
    error.hint,
    error.reason,
    attempts,
    error.retryAfterMs
  );
}

/**
 * `Retry-After` in ms: seconds or an HTTP date (RFC 9110 10.2.3); the JSON body's
 * `retry_after` when no header came through. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: unknown,
  now: number = Date.now()
): number | undefined {
  if (typeof value === 'number' && value >= 0) {
    return value * 1000;
  }
  if (typeof value !== 'string' || !value.trim()) {
    return undefined;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Turn any failure into an NbcraftApiError whose message a user can act on. */
export function toApiError(error: unknown): NbcraftApiError {
  if (error instanceof NbcraftApiError) {
    return error;
  }
  if (error instanceof AxiosError) {
    const status = error.response?.status ?? 0;
    const data: unknown = error.response?.data;
    // Hand-made responses (adapters, tests) may come without headers.
    const headers = error.response?.headers as
      Record<string, unknown> | undefined;
    const header = headers?.['retry-after'];
    let retryAfterMs = parseRetryAfter(header);
    if (data && typeof data === 'object') {
      const body = data as {
        message?: unknown;
        hint?: unknown;
        reason?: unknown;
        retry_after?: unknown;
      };
      retryAfterMs ??= parseRetryAfter(body.retry_after);
      if (typeof body.message === 'string') {
        return new NbcraftApiError(
          body.message,
          status,
          typeof body.hint === 'string' ? body.hint : undefined,
          typeof body.reason === 'string' ? body.reason : undefined,
          1,
          retryAfterMs
        );
      }
    }
    if (
      status === 0 &&
      (error.code === AxiosError.ECONNABORTED ||
        error.code === AxiosError.ETIMEDOUT)
    ) {
      // The browser gave up waiting: Jupyter is there, the request was slow.
      const seconds = Math.round((error.config?.timeout ?? 0) / 1000);
      return new NbcraftApiError(
        tr => tr.__('No answer within %1 s.', seconds),
        0,
        undefined,
        'timeout'
      );
    }
    if (status === 0) {
      return new NbcraftApiError(
        tr =>
          tr.__(
            'The Jupyter server did not answer. Check that it is still running.'
          ),
        0
      );
    }
    const detail = error.message;
    return new NbcraftApiError(
      tr => tr.__('%1 (HTTP %2)', detail, status),
      status,
      undefined,
      undefined,
      1,
      retryAfterMs
    );
  }
  return new NbcraftApiError(String(error), 0);
}

/** GET a route and validate its JSON with a zod schema. */
export async function getJson<T>(
  client: AxiosInstance,
  path: string,
  schema: z.ZodType<T>,
  params?: Record<string, unknown>,
  signal?: AbortSignal
): Promise<T> {
  const response = await client.get<unknown>(path, { params, signal });
  return parseResponse(schema, response.data, path);
}

/** POST JSON to a route and validate the reply with a zod schema. */
export async function postJson<T>(
  client: AxiosInstance,
  path: string,
  body: unknown,
  schema: z.ZodType<T>,
  signal?: AbortSignal
): Promise<T> {
  const response = await client.post<unknown>(path, body, { signal });
  return parseResponse(schema, response.data, path);
}

/** A reply checked with its zod schema, or an error that names the route and the field. */
export function parseResponse<T>(
  schema: z.ZodType<T>,
  data: unknown,
  path: string
): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : '(root)';
    throw new NbcraftApiError(
      tr =>
        tr.__('Unexpected reply from %1: %2: %3', path, where, issue.message),
      502
    );
  }
  return parsed.data;
}
