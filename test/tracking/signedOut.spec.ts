/**
 * Jupyter refusing the lab (restarted with a new token, session expired) is not the tracking
 * server refusing nbcraft's credentials: the sidebar says "sign in again" for the first and
 * "credentials refused" for the second. The answers' shapes are the real server's, checked in
 * nbcraft/tests/tracking/test_jupyter_refusal.py and test_upstream_faults.py.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { nullTranslator } from '@jupyterlab/translation';

import { NbcraftApiError } from '../../src/core/api';
import {
  isJupyterRefusal,
  jupyterForbiddenText,
  signedOutText
} from '../../src/core/retry';
import type { TrackingClient } from '../../src/tracking/client';
import { TrackingController } from '../../src/tracking/controller';
import {
  serverStateLabel,
  trackingStatusLabel
} from '../../src/tracking/statusItem';
import { marked } from '../core/markedTranslator';
import { attachedSidebar } from './attachedSidebar';
import { act } from 'react';

(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

const trans = nullTranslator.load('nbcraft');
const READY = { reachable: true, state: 'ready', message: '', hint: '' };

/** What Jupyter answers a stale token with (nbcraft's handlers; an older one: no reason). */
const jupyterRefused = (reason?: string) =>
  new NbcraftApiError('Forbidden', 403, undefined, reason);
/** What the proxy answers when MLflow refused nbcraft's credentials. */
const mlflowRefused = new NbcraftApiError(
  'The tracking server at http://127.0.0.1:5000 denied access (403)',
  403,
  'MLFLOW_TRACKING_TOKEN',
  'upstream-auth'
);

function clientFailingWith(failure: { error: Error | null }) {
  const fail = () =>
    failure.error ? Promise.reject(failure.error) : undefined;
  return {
    status: () => fail() ?? Promise.resolve(READY),
    searchExperiments: () =>
      fail() ?? Promise.resolve([{ experiment_id: '9', name: 'e' }]),
    getExperiment: () => Promise.resolve({ experiment_id: '9', name: 'e' }),
    experimentOfNotebook: () => Promise.resolve('9'),
    experimentOfNewestRun: () => Promise.resolve('9'),
    searchRuns: () => fail() ?? Promise.resolve({ runs: [] })
  } as unknown as TrackingClient;
}

async function followed(failure: { error: Error | null }) {
  const controller = new TrackingController(clientFailingWith(failure), {
    isHidden: () => false,
    pollMinMs: 2000,
    pollMaxMs: 30_000
  });
  await controller.loadStatus();
  await controller.setNotebook({ path: 'a.ipynb', linkedExperimentId: '9' });
  await controller.shown();
  expect(controller.ready).toBe(true);
  return controller;
}

describe('isJupyterRefusal', () => {
  it.each([
    ['jupyter-auth', true],
    [undefined, false], // not nbcraft's answer: something in front of Jupyter refused
    ['jupyter-forbidden', false], // a signed-in user refused: reloading does not help
    ['upstream-auth', false], // MLflow refused nbcraft's credentials
    ['not-allowed', false] // the proxy's allow-list
  ])('%s → %s', (reason, expected) => {
    expect(isJupyterRefusal(reason)).toBe(expected);
  });
});

describe('after a Jupyter restart with a new token', () => {
  it.each([['jupyter-auth']])(
    'a refused read (reason %s) says to sign in again, not "unreachable: Forbidden"',
    async reason => {
      const failure: { error: Error | null } = { error: null };
      const controller = await followed(failure);
      failure.error = jupyterRefused(reason);
      await controller.refresh();
      expect(controller.status?.state).toBe('signed-out');
      expect(controller.ready).toBe(false);
      // Before: statusError "Forbidden", shown under an "Unreachable" label.
      expect(controller.statusError).toBeNull();
      expect(controller.runsError).toBeNull();
      expect(serverStateLabel(controller.status, trans)).toBe('Signed out');
      expect(trackingStatusLabel('e', controller.status, trans)).toBe(
        'MLflow: signed out of Jupyter (reload)'
      );
      // It is asked again less and less often, as any failed read.
      expect(controller.poller.failedReads).toBeGreaterThan(0);
      controller.dispose();
    }
  );

  it('a 403 without nbcraft\'s reason stays the request\'s own error, not "signed out"', async () => {
    // A proxy or SSO gateway in front of Jupyter refused: nothing says the session ended.
    const failure: { error: Error | null } = { error: null };
    const controller = await followed(failure);
    failure.error = jupyterRefused(undefined);
    await controller.refresh();
    expect(controller.status?.state).toBe('ready');
    expect(controller.statusError).toBeNull();
    expect(controller.runsError).toBe('Forbidden');
    controller.dispose();
  });

  it('a user Jupyter refuses is shown its message, not "signed out"', async () => {
    const failure: { error: Error | null } = { error: null };
    const controller = await followed(failure);
    const message =
      'User is not authorized to read on resource: nbcraft-tracking.';
    failure.error = new NbcraftApiError(
      message,
      403,
      undefined,
      'jupyter-forbidden'
    );
    await controller.refresh();
    expect(controller.status?.state).toBe('forbidden');
    expect(controller.status?.message).toBe(message);
    expect(controller.statusError).toBeNull();
    expect(serverStateLabel(controller.status, trans)).toBe(
      'Refused by Jupyter'
    );
    expect(trackingStatusLabel('e', controller.status, trans)).toBe(
      'MLflow: refused by Jupyter'
    );
    // Asked again less and less often: a 403 per refresh would never end.
    expect(controller.poller.failedReads).toBeGreaterThan(0);
    // The frame is translated, the server's message kept as it came.
    const bundle = marked as unknown as TranslationBundle;
    expect(jupyterForbiddenText(message)(bundle)).toBe(
      `«Jupyter refused the request: %1»[${message}]`
    );
    controller.dispose();
  });

  it("the status watch's refused answer says so too", async () => {
    const failure: { error: Error | null } = { error: null };
    const controller = await followed(failure);
    await controller.takeStatus(
      READY,
      'Forbidden',
      jupyterRefused('jupyter-auth')
    );
    expect(controller.status?.state).toBe('signed-out');
    expect(controller.statusError).toBeNull();
    controller.dispose();
  });

  it('the tracking server refusing the credentials stays "credentials refused"', async () => {
    const failure: { error: Error | null } = { error: null };
    const controller = await followed(failure);
    failure.error = mlflowRefused;
    await controller.refresh();
    expect(controller.status?.state).toBe('unauthorized');
    expect(controller.status?.hint).toBe('MLFLOW_TRACKING_TOKEN');
    // Before: the sidebar's label said "Unreachable" here too.
    expect(serverStateLabel(controller.status, trans)).toBe(
      'Credentials refused'
    );
    controller.dispose();
  });

  it('says both through the translator', () => {
    const status = {
      reachable: false,
      state: 'signed-out',
      message: '',
      hint: ''
    };
    const bundle = marked as unknown as TranslationBundle;
    expect(serverStateLabel(status, bundle)).toBe('«Signed out»[]');
    expect(signedOutText(bundle)).toMatch(
      /^«Jupyter refused the request: .*Reload the page to sign in again\.»\[\]$/
    );
    expect(trackingStatusLabel(null, status, bundle)).toBe(
      '«MLflow: signed out of Jupyter (reload)»[]'
    );
    expect(
      serverStateLabel(
        { ...status, state: 'unauthorized', reachable: true },
        bundle
      )
    ).toBe('«Credentials refused»[]');
  });

  it.each([
    [
      'signed out',
      new NbcraftApiError('Forbidden', 403, undefined, 'jupyter-auth'),
      '«Jupyter refused the request: the server restarted with a new token, or your session expired. Reload the page to sign in again.»[]'
    ],
    [
      'a refused user',
      new NbcraftApiError(
        'User is not authorized to read on resource: nbcraft-tracking.',
        403,
        undefined,
        'jupyter-forbidden'
      ),
      '«Jupyter refused the request: %1»[User is not authorized to read on resource: nbcraft-tracking.]'
    ]
  ])(
    'the sidebar shows %s in a translated frame',
    async (_, refusal, shown) => {
      const failure: { error: Error | null } = { error: null };
      const controller = await followed(failure);
      failure.error = refusal;
      await controller.refresh();
      // The lab's bundle, with its `__` marking what it translated.
      const sidebar = attachedSidebar(controller);
      await act(async () => {
        await new Promise(resolve => setTimeout(resolve, 0));
      });
      const errors = [
        ...sidebar.node.querySelectorAll('.jp-nbcraft-tracking-error')
      ].map(node => node.textContent);
      expect(errors).toEqual([shown]);
      act(() => {
        sidebar.dispose();
      });
      controller.dispose();
    }
  );
});
