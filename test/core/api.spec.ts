import axios from 'axios';
import { z } from 'zod';

import {
  createNbcraftClient,
  getJson,
  NbcraftApiError,
  PROXY_TIMEOUT_MS,
  readXsrfCookie,
  REQUEST_TIMEOUT_MS,
  toApiError
} from '../../src/core/api';

describe('readXsrfCookie', () => {
  it('finds the _xsrf cookie among others and decodes it', () => {
    expect(readXsrfCookie('a=1; _xsrf=2%7Cabc; b=3')).toBe('2|abc');
  });
  it('returns undefined without one', () => {
    expect(readXsrfCookie('a=1; not_xsrf=2')).toBeUndefined();
  });
});

describe('createNbcraftClient', () => {
  it('targets <base_url>/nbcraft/ and adds the Jupyter token and XSRF header', async () => {
    document.cookie = '_xsrf=tok%3D1';
    const client = createNbcraftClient({
      baseUrl: 'http://127.0.0.1:8888/lab-base/',
      token: 'secret-token'
    } as never);
    expect(client.defaults.baseURL).toBe(
      'http://127.0.0.1:8888/lab-base/nbcraft/'
    );
    let seen: Record<string, unknown> = {};
    client.defaults.adapter = config => {
      seen = config.headers.toJSON();
      return Promise.resolve({
        data: { name: 'nbcraft', version: '1', capabilities: [] },
        status: 200,
        statusText: 'OK',
        headers: {},
        config
      });
    };
    await client.get('info');
    expect(seen.Authorization).toBe('token secret-token');
    expect(seen['X-XSRFToken']).toBe('tok=1');
  });
});

describe('toApiError', () => {
  it('keeps the server message and hint', () => {
    const error = new axios.AxiosError(
      'Request failed',
      'ERR',
      undefined,
      undefined,
      {
        status: 401,
        data: {
          message: 'Tracking server refused the credentials',
          hint: 'Set MLFLOW_TRACKING_TOKEN'
        }
      } as never
    );
    const apiError = toApiError(error);
    expect(apiError).toBeInstanceOf(NbcraftApiError);
    expect(apiError.status).toBe(401);
    expect(apiError.message).toBe('Tracking server refused the credentials');
    expect(apiError.hint).toBe('Set MLFLOW_TRACKING_TOKEN');
  });
  it('says the browser gave up waiting, not that Jupyter did not answer', () => {
    const apiError = toApiError(
      new axios.AxiosError(
        'timeout of 90000ms exceeded',
        axios.AxiosError.ECONNABORTED,
        { timeout: 90_000 } as never
      )
    );
    expect(apiError.status).toBe(0);
    expect(apiError.reason).toBe('timeout');
    expect(apiError.message).toBe('No answer within 90 s.');
    expect(apiError.message).not.toMatch(/Jupyter/);
  });
  it("keeps a 429's Retry-After, from the header or the proxy's JSON", () => {
    const limited = (headers: Record<string, string>, data: unknown) =>
      toApiError(
        new axios.AxiosError('Request failed', 'ERR', undefined, undefined, {
          status: 429,
          headers,
          data
        } as never)
      );
    expect(limited({ 'retry-after': '120' }, {}).retryAfterMs).toBe(120_000);
    expect(
      limited({}, { message: 'rate-limiting', retry_after: '7' }).retryAfterMs
    ).toBe(7000);
    expect(limited({}, {}).retryAfterMs).toBeUndefined();
  });
  it('explains a server that did not answer', () => {
    const apiError = toApiError(new axios.AxiosError('Network Error'));
    expect(apiError.status).toBe(0);
    expect(apiError.message).toMatch(/did not answer/);
  });
});

describe('the browser waits for the tracking proxy longer than the proxy waits', () => {
  it('gives proxied requests PROXY_TIMEOUT_MS (> the 60 s request_timeout), others 30 s', async () => {
    const client = createNbcraftClient({
      baseUrl: 'http://x/',
      token: ''
    } as never);
    const timeouts: Record<string, number | undefined> = {};
    client.defaults.adapter = config => {
      timeouts[config.url ?? ''] = config.timeout;
      return Promise.resolve({
        data: {},
        status: 200,
        statusText: 'OK',
        headers: {},
        config
      });
    };
    await client.post('mlflow/api/2.0/mlflow/runs/search', {});
    await client.get('jobs');
    expect(PROXY_TIMEOUT_MS).toBeGreaterThan(65_000);
    expect(timeouts['mlflow/api/2.0/mlflow/runs/search']).toBe(
      PROXY_TIMEOUT_MS
    );
    expect(timeouts.jobs).toBe(REQUEST_TIMEOUT_MS);
  });
});

describe('getJson', () => {
  it('rejects a reply that does not match the schema, naming the field', async () => {
    const client = createNbcraftClient({
      baseUrl: 'http://x/',
      token: ''
    } as never);
    client.defaults.adapter = config =>
      Promise.resolve({
        data: { count: 'three' },
        status: 200,
        statusText: 'OK',
        headers: {},
        config
      });
    await expect(
      getJson(client, 'thing', z.object({ count: z.number() }))
    ).rejects.toThrow(/Unexpected reply from thing: count:/);
  });
});
