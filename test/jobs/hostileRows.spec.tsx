import { Widget } from '@lumino/widgets';
import { act } from 'react';

import type { IJobRequest, JobCreated } from '../../src/jobs/api';
import { JobListSchema } from '../../src/jobs/api';
import { JobsModel, type IJobsSource } from '../../src/jobs/jobsModel';
import { JobsPanel } from '../../src/jobs/panel';
import { markedBundle } from '../tracking/attachedSidebar';

(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

// A second review of s15: `.nbcraft/jobs.db` may ship with an untrusted project, and one row
// the schema rejected (notebook: 5, target: null, steps: [{}]...) failed the whole listing,
// so the Jobs panel showed no job at all. Each row is now read on its own.
const good = (id: string) => ({
  id,
  notebook: 'train.ipynb',
  target: 'local',
  parameters: {},
  status: 'finished',
  created: '2026-12-06T00:00:00Z'
});
const HOSTILE = [
  { ...good('a'), notebook: 5 },
  { ...good('b'), target: null },
  { ...good('c'), error: ['x'] },
  { ...good('d'), steps: [{}] },
  { ...good('e'), created: {} },
  { ...good('f'), secret_parameters: 'abc' },
  { ...good('g'), status: 'exploded' },
  'not a job'
];

describe('a listing with rows the lab cannot read', () => {
  it('keeps every other job and counts the rows it dropped', () => {
    const page = JobListSchema.parse({
      jobs: [good('j1'), ...HOSTILE, good('j2')],
      total: 10
    });
    expect(page.jobs.map(j => j.id)).toEqual(['j1', 'j2']);
    expect(page.dropped).toBe(HOSTILE.length);
    expect(page.total).toBe(10);
    const bare = JobListSchema.parse([HOSTILE[0], good('j3')]);
    expect(bare.jobs.map(j => j.id)).toEqual(['j3']);
    expect(bare).toMatchObject({ dropped: 1, total: 2 });
  });

  it('shows the jobs it could read and says how many it could not', async () => {
    const answers = [
      { jobs: [good('j1'), ...HOSTILE], total: 1 + HOSTILE.length },
      { jobs: [good('j1')], total: 1 }
    ];
    const source: IJobsSource = {
      list: () => Promise.resolve(JobListSchema.parse(answers.shift())),
      submit: (_: IJobRequest) => Promise.reject<JobCreated>(new Error('no')),
      runPipeline: () => Promise.reject<JobCreated>(new Error('no')),
      cancel: () => Promise.resolve()
    };
    const m = new JobsModel(source, { isHidden: () => true });
    expect(await m.refresh()).toBe(true);
    expect(m.error).toBeNull();
    expect(m.jobs.map(j => j.id)).toEqual(['j1']);
    expect(m.dropped).toBe(HOSTILE.length);
    const panel = new JobsPanel(m, markedBundle, {
      openOutput: () => undefined,
      showRun: () => undefined,
      cancel: () => undefined,
      rerun: () => undefined,
      rerunFrom: () => undefined
    });
    await act(async () => {
      Widget.attach(panel, document.body);
      await new Promise(resolve => setTimeout(resolve, 0));
    });
    const note = () =>
      [...panel.node.querySelectorAll('.jp-nbcraft-jobs-dropped')].map(
        node => node.textContent
      );
    expect(note()).toEqual([
      expect.stringContaining('could not be read and are not shown')
    ]);
    expect(note()[0]).toContain(String(HOSTILE.length));
    // the next listing reads every row: the note goes
    expect(await m.refresh()).toBe(true);
    expect(m.dropped).toBe(0);
    await act(async () => {
      await new Promise(resolve => setTimeout(resolve, 0));
    });
    expect(note()).toEqual([]);
    act(() => {
      Widget.detach(panel);
    });
  });
});
