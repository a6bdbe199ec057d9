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
    readonly attempts = 1
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
  sleep?: (ms: number) => Promise<void>;
}

export function createNbcraftClient(
  settings: ServerConnection.ISettings = ServerConnection.makeSettings(),
  retry: IRetryOptions = {}
): AxiosInstance {
  const client = axios.create({
    baseURL: URLExt.join(settings.baseUrl, 'nbcraft') + '/',
    timeout: 30_000,
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
    return config;
  });
  const delays = retry.delaysMs ?? RETRY_DELAYS_MS;
  const sleep =
    retry.sleep ??
    ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));
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
    // send it again after a short wait; after the last try the error says how many.
    await sleep(wait);
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
    attempts
  );
}

/** Turn any failure into an NbcraftApiError whose message a user can act on. */
export function toApiError(error: unknown): NbcraftApiError {
  if (error instanceof NbcraftApiError) {
    return error;
  }
  if (error instanceof AxiosError) {
    const status = error.response?.status ?? 0;
    const data: unknown = error.response?.data;
    if (data && typeof data === 'object') {
      const body = data as {
        message?: unknown;
        hint?: unknown;
        reason?: unknown;
      };
      if (typeof body.message === 'string') {
        return new NbcraftApiError(
          body.message,
          status,
          typeof body.hint === 'string' ? body.hint : undefined,
          typeof body.reason === 'string' ? body.reason : undefined
        );
      }
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
      status
    );
  }
  return new NbcraftApiError(String(error), 0);
}

/** GET a route and validate its JSON with a zod schema. */
export async function getJson<T>(
  client: AxiosInstance,
  path: string,
  schema: z.ZodType<T>,
  params?: Record<string, unknown>
): Promise<T> {
  const response = await client.get<unknown>(path, { params });
  return parseResponse(schema, response.data, path);
}

/** POST JSON to a route and validate the reply with a zod schema. */
export async function postJson<T>(
  client: AxiosInstance,
  path: string,
  body: unknown,
  schema: z.ZodType<T>
): Promise<T> {
  const response = await client.post<unknown>(path, body);
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
