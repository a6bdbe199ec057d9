import { ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';
import { AxiosError } from 'axios';
import { act } from 'react';

import { createNbcraftClient, NbcraftApiError } from '../../src/core/api';
import type { IJobRequest, Job, JobCreated } from '../../src/jobs/api';
import { JobsApi, JobSchema } from '../../src/jobs/api';
import { JobsModel, type IJobsSource } from '../../src/jobs/jobsModel';
import { JobsPanel } from '../../src/jobs/panel';
import { TrackingClient } from '../../src/tracking/client';
import { TrackingStatusWatch } from '../../src/tracking/statusWatch';
import { marked } from '../core/markedTranslator';
import { markedBundle } from '../tracking/attachedSidebar';

(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

const HOUR = 60 * 60 * 1000;

function job(fields: Partial<Record<string, unknown>>): Job {
  return JobSchema.parse({
    id: 'j1',
    notebook: 'train.ipynb',
    target: 'spark-local',
    parameters: { alpha: 0.5, name: 'x' },
    status: 'queued',
    experiment: 'exp',
    created: '2026-12-05T09:00:00Z',
    ...fields
  });
}

/** A source that answers each list() with the next scripted listing (or error). */
class ScriptedSource implements IJobsSource {
  listings: (Job[] | Error)[] = [];
  lists = 0;
  submitted: IJobRequest[] = [];
  pipelines: [string, string | undefined][] = [];
  cancelled: string[] = [];
  private last: Job[] = [];

  list(): Promise<{ jobs: Job[] }> {
    this.lists++;
    const next = this.listings.shift() ?? this.last;
    if (next instanceof Error) {
      return Promise.reject(next);
    }
    this.last = next;
    return Promise.resolve({ jobs: next });
  }
  submit(request: IJobRequest): Promise<JobCreated> {
    this.submitted.push(request);
    return Promise.resolve({ id: 'j2', status: 'queued' });
  }
  runPipeline(pipeline: string, from?: string): Promise<JobCreated> {
    this.pipelines.push([pipeline, from]);
    return Promise.resolve({ id: 'p2', status: 'queued' });
  }
  cancel(id: string): Promise<void> {
    this.cancelled.push(id);
    return Promise.resolve();
  }
}

function model(source: IJobsSource, hidden = { value: false }) {
  const timers: (() => void)[] = [];
  return new JobsModel(source, {
    isHidden: () => hidden.value,
    setTimer: fn => {
      timers.push(fn);
      return fn;
    },
    clearTimer: () => undefined
  });
}

describe('JobsModel', () => {
  it('follows a job from queued through running to finished, and reports the end once', async () => {
    const source = new ScriptedSource();
    source.listings = [
      [job({ status: 'queued' })],
      [job({ status: 'running', progress: { cell: 1, cells: 2 } })],
      [job({ status: 'running', progress: { cell: 1, cells: 2 } })],
      [job({ status: 'finished' })]
    ];
    const m = model(source);
    let changes = 0;
    const ended: string[] = [];
    m.changed.connect(() => changes++);
    m.ended.connect((_, jobs) => ended.push(...jobs.map(j => j.status)));
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const changed = await m.refresh();
      seen.push(`${m.jobs[0].status}:${String(changed)}`);
    }
    expect(seen).toEqual([
      'queued:true',
      'running:true',
      'running:false',
      'finished:true'
    ]);
    expect(changes).toBe(3);
    expect(ended).toEqual(['finished']);
  });

  it('keeps the list shown when a listing fails, and says why', async () => {
    const source = new ScriptedSource();
    source.listings = [[job({})], new Error('server gone')];
    const m = model(source);
    await m.refresh();
    expect(await m.refresh()).toBe(false);
    expect(m.error).toBe('server gone');
    expect(m.jobs).toHaveLength(1);
    await m.refresh();
    expect(m.error).toBeNull();
  });

  it('re-runs a job with the same notebook, target, parameters and experiment', async () => {
    const source = new ScriptedSource();
    const m = model(source);
    const created = await m.rerun(job({ status: 'failed' }));
    expect(created.id).toBe('j2');
    expect(source.submitted).toEqual([
      {
        notebook: 'train.ipynb',
        target: 'spark-local',
        parameters: { alpha: 0.5, name: 'x' },
        experiment: 'exp'
      }
    ]);
  });

  it('does not re-run a job with secret parameters as <redacted>', async () => {
    const source = new ScriptedSource();
    const m = model(source);
    const secret = job({
      status: 'finished',
      parameters: { alpha: 0.5, db_password: '<redacted>' },
      secret_parameters: ['db_password']
    });
    await expect(m.rerun(secret)).rejects.toThrow(/db_password/);
    expect(source.submitted).toEqual([]);
  });

  it('does not re-run a NaN parameter an older nbcraft stored as the string "NaN"', async () => {
    const source = new ScriptedSource();
    const m = model(source);
    const stored = {
      id: 'old1',
      status: 'finished',
      parameters: { alpha: 'NaN', name: 'x' },
      non_finite_parameters: ['alpha']
    };
    const older = job(stored);
    await expect(m.rerun(older)).rejects.toThrow(
      /old1 ran with alpha as NaN or Infinity.*pass alpha explicitly/
    );
    // with a secret beside it too: this reason, not the dialog that would send "NaN"
    const both = job({ ...stored, secret_parameters: ['name'] });
    await expect(m.rerun(both)).rejects.toThrow(/alpha as NaN/);
    expect(source.submitted).toEqual([]);
    // the string "NaN" given as one (no non_finite_parameters) runs again as it was
    await m.rerun(job({ status: 'finished', parameters: { alpha: 'NaN' } }));
    expect(source.submitted.map(r => r.parameters)).toEqual([{ alpha: 'NaN' }]);
  });

  it('re-runs a pipeline whole, or from a step', async () => {
    const source = new ScriptedSource();
    const m = model(source);
    const run = job({ status: 'failed', pipeline: 'train', kind: 'pipeline' });
    await m.rerun(run);
    await m.rerunPipeline(run, 'fit');
    expect(source.pipelines).toEqual([
      ['train', undefined],
      ['train', 'fit']
    ]);
    expect(source.submitted).toEqual([]);
    await expect(m.rerunPipeline(job({}), 'fit')).rejects.toThrow(
      /not a pipeline/
    );
  });

  it('asks nothing while the panel is hidden', async () => {
    const source = new ScriptedSource();
    source.listings = [[job({})]];
    const hidden = { value: true };
    const m = model(source, hidden);
    await m.poller.kick();
    expect(m.loaded).toBe(false);
    hidden.value = false;
    await m.poller.kick();
    expect(m.loaded).toBe(true);
  });

  describe('while Jupyter refuses or is gone, with a job still running', () => {
    /** What Jupyter answers a signed-in user it refuses (its Authorizer). */
    const refused = new NbcraftApiError(
      'User is not authorized to read on resource: nbcraft-jobs.',
      403,
      undefined,
      'jupyter-forbidden'
    );

    /** A model that listed a running job and polls on the real timers, faked by jest. */
    async function followingARunningJob() {
      const source = new ScriptedSource();
      const running = [job({ status: 'running' })];
      source.listings = [running];
      const m = new JobsModel(source, { isHidden: () => false });
      await m.refresh();
      m.poller.start();
      return { source, running, m };
    }

    beforeEach(() => {
      jest.useFakeTimers();
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it.each([
      [
        'signed out',
        new NbcraftApiError('Forbidden', 403, undefined, 'jupyter-auth')
      ],
      ['Jupyter gone', new NbcraftApiError('Network Error', 0)],
      // a proxy or gateway in front of Jupyter: no nbcraft reason (before: 60 listings)
      ['a 403 without a reason', new NbcraftApiError('Forbidden', 403)]
    ])(
      '%s: the listing backs off, and the fast rate comes back after an answer',
      async (_, refusal) => {
        const { source, running, m } = await followingARunningJob();
        source.listings = Array<Error>(200).fill(refusal);
        const before = source.lists;
        await jest.advanceTimersByTimeAsync(60_000);
        const refused = source.lists - before;
        // Before: a listing a second while the job ran (60 in this minute).
        expect(refused).toBeGreaterThanOrEqual(3);
        expect(refused).toBeLessThanOrEqual(10);
        expect(m.jobs).toEqual(running);
        // Jupyter answers again: the next listing brings the 1 s rate back.
        source.listings = [];
        await jest.advanceTimersByTimeAsync(15_000);
        expect(m.error).toBeNull();
        const back = source.lists;
        await jest.advanceTimersByTimeAsync(5_000);
        expect(source.lists - back).toBeGreaterThanOrEqual(4);
        m.dispose();
      }
    );

    it('a user Jupyter refuses: live refresh stops, the jobs route alone is asked again ever less often, the refusal kept shown', async () => {
      const { source, running, m } = await followingARunningJob();
      source.listings = Array<Error>(500).fill(refused);
      const before = source.lists;
      await jest.advanceTimersByTimeAsync(HOUR);
      // Before the refusal stopped it: a listing every 15 s for as long as the lab stayed open
      // (about 240 an hour); now only the route's own watch asks, 5 s doubling to 5 min.
      expect(m.poller.stopped).toBe(true);
      expect(source.lists - before).toBeGreaterThanOrEqual(5);
      expect(source.lists - before).toBeLessThanOrEqual(20);
      expect(m.error).toBe(
        'Jupyter refused the request: User is not authorized to read on resource: nbcraft-jobs.'
      );
      expect(m.jobs).toEqual(running);
      // Refresh (or the panel shown again: a kick) asks once more; still refused, stops again.
      const refreshed = source.lists;
      await m.poller.kick();
      expect(source.lists).toBe(refreshed + 1);
      expect(m.poller.stopped).toBe(true);
      await jest.advanceTimersByTimeAsync(HOUR);
      expect(source.lists - refreshed).toBeLessThanOrEqual(20);
      // Allowed now: the next Refresh brings live refresh back at the fast rate.
      source.listings = [];
      await m.poller.kick();
      expect(m.error).toBeNull();
      const back = source.lists;
      await jest.advanceTimersByTimeAsync(5_000);
      expect(source.lists - back).toBeGreaterThanOrEqual(4);
      m.dispose();
    });

    it('the watch answered: its listing is shown as it is, no second listing; live refresh resumes from the next poll', async () => {
      const { source, running, m } = await followingARunningJob();
      source.listings = [refused];
      await m.poller.kick();
      expect(m.poller.stopped).toBe(true);
      // Jupyter serves the user again; the watch asks after 5 s and is answered.
      const finished = [job({ status: 'finished' })];
      source.listings = [finished];
      const before = source.lists;
      await jest.advanceTimersByTimeAsync(5_000);
      // Before: the answer was thrown away and a kick listed again at once (2 requests).
      expect(source.lists - before).toBe(1);
      expect(m.jobs).toEqual(finished);
      expect(m.error).toBeNull();
      expect(m.poller.stopped).toBe(false);
      expect(m.poller.scheduled).toBe(true); // live refresh again, from the next poll
      expect(running).not.toEqual(finished);
      m.dispose();
    });

    it("the user's own Refresh answered: the watch's question in wait is not asked any more", async () => {
      const source = new ScriptedSource();
      source.listings = [[job({ status: 'running' })]];
      const hidden = { value: false };
      const m = new JobsModel(source, { isHidden: () => hidden.value });
      await m.refresh();
      m.poller.start();
      source.listings = [refused];
      await m.poller.kick();
      expect(m.poller.stopped).toBe(true); // the watch asks in 5 s
      source.listings = [[job({ status: 'finished' })]];
      await m.poller.kick(); // Refresh, answered
      hidden.value = true; // the panel put away: the poller lists nothing more
      const before = source.lists;
      await jest.advanceTimersByTimeAsync(HOUR);
      // Before: the watch's timer, left over, listed once more at 5 s.
      expect(source.lists - before).toBe(0);
      m.dispose();
    });

    it("resumes on an answer from the jobs route itself: the tracking route's answer says nothing of the jobs scope; until then the panel says live refresh is paused", async () => {
      // A fake Jupyter whose Authorizer grants each nbcraft resource on its own, as a
      // JupyterHub scope does (`custom:jupyter_server:read:nbcraft-jobs`): an axios adapter
      // under nbcraft's own client, so the scopes can be granted and revoked mid-test.
      const granted = { 'nbcraft-tracking': true, 'nbcraft-jobs': true };
      const asked = { status: 0, jobs: 0 };
      const running = [job({ status: 'running' })];
      const client = createNbcraftClient(
        ServerConnection.makeSettings({ baseUrl: 'http://127.0.0.1:9399/' })
      );
      client.defaults.adapter = config => {
        const route = config.url ?? '';
        const resource = route === 'jobs' ? 'nbcraft-jobs' : 'nbcraft-tracking';
        if (route === 'jobs') {
          asked.jobs++;
        } else if (route === 'mlflow/status') {
          asked.status++;
        } else {
          throw new Error(`no route ${route} in this fake server`);
        }
        const answer = (status: number, data: unknown) => ({
          status,
          statusText: String(status),
          data,
          headers: {},
          config
        });
        if (!granted[resource]) {
          const response = answer(403, {
            message: `User is not authorized to read on resource: ${resource}.`,
            reason: 'jupyter-forbidden'
          });
          return Promise.reject(
            new AxiosError('Forbidden', '403', config, null, response)
          );
        }
        return Promise.resolve(
          route === 'jobs'
            ? answer(200, { jobs: running, total: 1 })
            : answer(200, { reachable: true, state: 'ready' })
        );
      };
      // As the plugins wire them: the tracking plugin's status watch, the Jobs panel's model.
      const watch = new TrackingStatusWatch(() =>
        new TrackingClient(client).status()
      );
      await watch.refresh();
      const m = new JobsModel(new JobsApi(client), { isHidden: () => false });
      await m.refresh();
      m.poller.start();
      const panel = new JobsPanel(m, markedBundle, {
        openOutput: () => undefined,
        showRun: () => undefined,
        cancel: () => undefined,
        rerun: () => undefined,
        rerunFrom: () => undefined
      });
      act(() => {
        Widget.attach(panel, document.body);
      });
      const paused = () =>
        [...panel.node.querySelectorAll('.jp-nbcraft-jobs-paused')].map(
          node => node.textContent
        );
      expect(paused()).toEqual([]);

      // An administrator revokes the jobs scope; the tracking scope stays granted.
      granted['nbcraft-jobs'] = false;
      await act(async () => {
        await jest.advanceTimersByTimeAsync(60_000);
      });
      expect(m.liveRefreshPaused).toBe(true);
      expect(paused()).toEqual([
        '«Live refresh is paused: asking again now would be refused again. It resumes by itself once Jupyter answers again, or when you press Refresh.»[]'
      ]);
      const jobsBefore = asked.jobs;
      const statusBefore = asked.status;
      await act(async () => {
        await jest.advanceTimersByTimeAsync(HOUR);
      });
      // The jobs route alone is asked again, ever less often (5 s doubling to 5 min); before,
      // the panel asked the tracking status route, whose answers resumed it to be refused.
      expect(asked.status).toBe(statusBefore);
      expect(asked.jobs - jobsBefore).toBeGreaterThanOrEqual(5);
      expect(asked.jobs - jobsBefore).toBeLessThanOrEqual(20);
      expect(m.liveRefreshPaused).toBe(true);
      expect(m.jobs).toEqual(running);

      // The jobs scope granted again, the tracking scope revoked: the jobs route's answer
      // resumes the panel (before: it waited on the refused status route, paused for good).
      granted['nbcraft-jobs'] = true;
      granted['nbcraft-tracking'] = false;
      await act(async () => {
        await jest.advanceTimersByTimeAsync(10 * 60_000);
      });
      expect(m.liveRefreshPaused).toBe(false);
      expect(m.error).toBeNull();
      expect(paused()).toEqual([]);
      const resumed = asked.jobs;
      await act(async () => {
        await jest.advanceTimersByTimeAsync(60_000);
      });
      // live refresh goes on (at its quiet rate by now: the listing does not change)
      expect(asked.jobs - resumed).toBeGreaterThanOrEqual(4);
      act(() => {
        panel.dispose();
      });
      watch.dispose();
      m.dispose();
    });

    it('an hour of a job whose progress moves all the time costs a bounded number of listings', async () => {
      const source = new ScriptedSource();
      let cell = 0;
      source.list = () => {
        source.lists++;
        cell++; // every listing sees the job one cell further: the panel would change
        return Promise.resolve({
          jobs: [job({ status: 'running', progress: { cell, cells: 10_000 } })]
        });
      };
      const m = new JobsModel(source, { isHidden: () => false });
      await m.refresh();
      m.poller.start();
      await jest.advanceTimersByTimeAsync(60_000);
      // right after the panel is opened, a listing a second
      expect(source.lists).toBeGreaterThanOrEqual(50);
      await jest.advanceTimersByTimeAsync(HOUR - 60_000);
      // Before: a listing a second for as long as the job ran, 3,600 an hour.
      expect(source.lists).toBeLessThanOrEqual(500);
      m.dispose();
    });

    it('an hour of a job whose listing does not change backs off to the slowest rate', async () => {
      const source = new ScriptedSource();
      source.listings = [[job({ status: 'running' })]];
      const m = new JobsModel(source, { isHidden: () => false });
      await m.refresh();
      m.poller.start();
      await jest.advanceTimersByTimeAsync(HOUR);
      // Before: 3,600. A fast window after the panel is opened, then doubling to 15 s.
      expect(source.lists).toBeLessThanOrEqual(400);
      // opening the panel again (a kick) makes it fast again
      const before = source.lists;
      await m.poller.kick();
      await jest.advanceTimersByTimeAsync(10_000);
      expect(source.lists - before).toBeGreaterThanOrEqual(9);
      m.dispose();
    });

    it("says signed out in the lab's words, and a refused user gets Jupyter's message", async () => {
      const source = new ScriptedSource();
      source.listings = [
        new NbcraftApiError('Forbidden', 403, undefined, 'jupyter-auth'),
        new NbcraftApiError('not for you', 403, undefined, 'jupyter-forbidden')
      ];
      const m = new JobsModel(source, { isHidden: () => false });
      await m.refresh();
      expect(m.error).toMatch(/Reload the page to sign in again/);
      expect(m.errorIn(marked)).toMatch(
        /^«Jupyter refused the request: the server restarted/
      );
      await m.refresh();
      expect(m.errorIn(marked)).toBe(
        '«Jupyter refused the request: %1»[not for you]'
      );
      m.dispose();
    });
  });
});
