import { AxiosError, type AxiosAdapter } from 'axios';

import { createNbcraftClient, NbcraftApiError } from '../../src/core/api';
import {
  isConnectionLost,
  isIdempotentRead,
  isTransientFailure,
  retryDelay,
  MAX_RETRY_AFTER_MS
} from '../../src/core/retry';
import { TrackingClient } from '../../src/tracking/client';
import { DEFAULT_SORT } from '../../src/tracking/query';

describe('isTransientFailure', () => {
  it.each([
    [504, undefined, true],
    [504, 'timeout', true],
    [502, 'unreachable', true],
    [502, undefined, true], // a proxy in front of Jupyter, no nbcraft JSON
    [503, 'starting', true],
    [503, 'restarting', true],
    [503, undefined, true],
    [502, 'upstream-error', false], // MLflow's own 500: the same again
    [502, 'redirect-refused', false],
    [502, 'tls', false],
    [502, 'auth-failed', false],
    [502, 'malformed-response', false],
    [503, 'config-error', false],
    [503, 'embedded-failed', false],
    [401, undefined, false],
    [404, 'upstream-not-found', false],
    [429, 'busy', false],
    [0, undefined, false]
  ])('%s %s -> %s', (status, reason, expected) => {
    expect(isTransientFailure(status, reason)).toBe(expected);
  });

  it('takes a Jupyter that did not answer as a lost connection, not as retryable', () => {
    expect(isConnectionLost(0)).toBe(true);
    expect(isConnectionLost(502, 'unreachable')).toBe(true);
    expect(isConnectionLost(404)).toBe(false);
  });
});

describe('isIdempotentRead', () => {
  it.each([
    ['get', 'mlflow/api/2.0/mlflow/logged-models/m-1', true],
    ['GET', 'jobs', true],
    [undefined, 'mlflow/status', true],
    ['post', 'mlflow/api/2.0/mlflow/runs/search', true],
    ['post', 'mlflow/api/2.0/mlflow/logged-models/search', true],
    ['post', 'mlflow/api/2.0/mlflow/experiments/search?x=1', true],
    ['post', 'jobs', false],
    ['post', 'jobs/abc/cancel', false],
    ['post', 'mlflow/api/2.0/mlflow/runs/create', false],
    ['delete', 'mlflow/api/2.0/mlflow/runs/search', false]
  ])('%s %s -> %s', (method, url, expected) => {
    expect(isIdempotentRead(method, url)).toBe(expected);
  });
});

describe('retryDelay', () => {
  const get = { method: 'get', url: 'mlflow/api/2.0/mlflow/runs/get' };
  it('waits the short backoff, then gives up after the last try', () => {
    const timeout = { status: 504, reason: 'timeout' };
    expect(retryDelay(get, timeout, 1, [300, 1000])).toBe(300);
    expect(retryDelay(get, timeout, 2, [300, 1000])).toBe(1000);
    expect(retryDelay(get, timeout, 3, [300, 1000])).toBeNull();
  });
  it('never sends a mutating request or a lasting failure again', () => {
    const unreachable = { status: 502, reason: 'unreachable' };
    expect(retryDelay({ method: 'post', url: 'jobs' }, unreachable, 1)).toBe(
      null
    );
    expect(retryDelay(get, { status: 401 }, 1)).toBeNull();
  });
});

/**
 * The client's own retry, through axios with an adapter that plays the proxy's answers (the
 * browser's transport is not what is tested here: what the client does with the answers is).
 */
function clientAnswering(
  answers: { status: number; data: unknown; headers?: Record<string, string> }[]
) {
  const seen: string[] = [];
  const waits: number[] = [];
  const client = createNbcraftClient(
    { baseUrl: 'http://127.0.0.1:8950/', token: '' } as never,
    {
      delaysMs: [300, 1000],
      sleep: ms => {
        waits.push(ms);
        return Promise.resolve();
      }
    }
  );
  const adapter: AxiosAdapter = config => {
    seen.push(`${config.method} ${config.url}`);
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
    const response = {
      data: answer.data,
      status: answer.status,
      statusText: String(answer.status),
      headers: answer.headers ?? {},
      config
    };
    if (answer.status >= 400) {
      return Promise.reject(
        new AxiosError(
          `Request failed with status code ${answer.status}`,
          'ERR_BAD_RESPONSE',
          config,
          null,
          response
        )
      );
    }
    return Promise.resolve(response);
  };
  client.defaults.adapter = adapter;
  return { client, seen, waits };
}

const proxy504 = {
  status: 504,
  data: {
    error: true,
    status: 504,
    reason: 'timeout',
    message:
      'The tracking server at http://127.0.0.1:5000 (embedded) did not answer in time (Timeout while resolving 127.0.0.1).',
    hint: 'The server may be overloaded.'
  }
};

describe('createNbcraftClient retries transient failures of reads', () => {
  it('sends a GET again after a proxy 504 and returns the answer that came', async () => {
    const { client, seen, waits } = clientAnswering([
      proxy504,
      proxy504,
      { status: 200, data: { model: { info: { model_id: 'm-1' } } } }
    ]);
    const reply = await client.get('mlflow/api/2.0/mlflow/logged-models/m-1');
    expect(reply.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([300, 1000]);
  });

  it('after the last try, says how many tries, with the reason and hint kept', async () => {
    const { client, seen } = clientAnswering([proxy504]);
    const error = await client
      .get('mlflow/api/2.0/mlflow/logged-models/m-1')
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(NbcraftApiError);
    const apiError = error as NbcraftApiError;
    expect(apiError.status).toBe(504);
    expect(apiError.reason).toBe('timeout');
    expect(apiError.attempts).toBe(3);
    expect(apiError.message).toMatch(
      /did not answer in time.*\(tried 3 times\)$/
    );
    expect(apiError.hint).toBe('The server may be overloaded.');
  });

  it('sends an MLflow search again, but never a job submission or a 401', async () => {
    const search = clientAnswering([
      { status: 502, data: { reason: 'unreachable', message: 'Cannot reach' } },
      { status: 200, data: { runs: [] } }
    ]);
    await search.client.post('mlflow/api/2.0/mlflow/runs/search', {});
    expect(search.seen).toHaveLength(2);

    const job = clientAnswering([proxy504]);
    await expect(job.client.post('jobs', {})).rejects.toThrow(/did not answer/);
    expect(job.seen).toEqual(['post jobs']);

    const refused = clientAnswering([
      { status: 401, data: { reason: 'upstream-auth', message: 'refused' } }
    ]);
    const error = await refused.client
      .get('mlflow/api/2.0/mlflow/runs/get')
      .catch((e: unknown) => e as NbcraftApiError);
    expect(refused.seen).toHaveLength(1);
    expect((error as NbcraftApiError).attempts).toBe(1);
    expect((error as NbcraftApiError).message).toBe('refused');
  });
});

describe('the retry adds no load to a struggling server', () => {
  it('does not send a search that timed out again (the next refresh asks later)', async () => {
    const { client, seen, waits } = clientAnswering([proxy504]);
    const error = await client
      .post('mlflow/api/2.0/mlflow/runs/search', {})
      .catch((e: unknown) => e as NbcraftApiError);
    expect(seen).toEqual(['post mlflow/api/2.0/mlflow/runs/search']);
    expect(waits).toEqual([]);
    expect((error as NbcraftApiError).reason).toBe('timeout');
  });

  it('waits as long as a starting server asks (Retry-After) before trying again', async () => {
    const { client, seen, waits } = clientAnswering([
      {
        status: 503,
        data: {
          reason: 'starting',
          message: 'The embedded server is starting.'
        },
        headers: { 'retry-after': '2' }
      },
      { status: 200, data: { experiments: [] } }
    ]);
    await client.post('mlflow/api/2.0/mlflow/experiments/search', {});
    expect(seen).toHaveLength(2);
    expect(waits).toEqual([2000]);
  });

  it('gives up at once when Retry-After asks for longer than a request should wait', () => {
    const get = { method: 'get', url: 'mlflow/status' };
    const starting = { status: 503, reason: 'starting' };
    expect(retryDelay(get, { ...starting, retryAfterMs: 2000 }, 1)).toBe(2000);
    expect(
      retryDelay(get, { ...starting, retryAfterMs: MAX_RETRY_AFTER_MS + 1 }, 1)
    ).toBeNull();
  });
});

describe('a retry wait ends with its owner', () => {
  /** A client with the real (timer) wait, whose adapter answers every request 502. */
  function unreachableClient() {
    const seen: string[] = [];
    const client = createNbcraftClient({
      baseUrl: 'http://127.0.0.1:8950/',
      token: ''
    } as never);
    client.defaults.adapter = config => {
      seen.push(`${config.method} ${config.url}`);
      const response = {
        data: { reason: 'unreachable', message: 'Cannot reach' },
        status: 502,
        statusText: '502',
        headers: {},
        config
      };
      return Promise.reject(
        new AxiosError('502', 'ERR_BAD_RESPONSE', config, null, response)
      );
    };
    return { client, seen };
  }

  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends nothing after the signal aborts during the wait, and leaves no timer', async () => {
    const { client, seen } = unreachableClient();
    const abort = new AbortController();
    const pending = client
      .post('mlflow/api/2.0/mlflow/runs/search', {}, { signal: abort.signal })
      .catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100); // within the first 300 ms wait
    expect(seen).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(1);
    abort.abort();
    expect(jest.getTimerCount()).toBe(0); // the wait's timer is cleared at once
    await jest.advanceTimersByTimeAsync(5000);
    expect(seen).toHaveLength(1);
    const error = (await pending) as NbcraftApiError;
    expect(error).toBeInstanceOf(NbcraftApiError);
    expect(error.reason).toBe('unreachable');
  });

  it('a disposed TrackingClient sends no search again', async () => {
    const { client, seen } = unreachableClient();
    const tracking = new TrackingClient(client);
    const pending = tracking
      .searchRuns({
        experimentIds: ['1'],
        filter: '',
        sort: DEFAULT_SORT,
        pageSize: 50
      })
      .catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100);
    tracking.dispose();
    await jest.advanceTimersByTimeAsync(5000);
    expect(seen).toHaveLength(1);
    expect(await pending).toBeInstanceOf(NbcraftApiError);
  });
});
