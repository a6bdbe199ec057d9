import { JobSchema, type Job } from '../../src/jobs/api';
import {
  isLive,
  jobActions,
  jobDuration,
  layoutPipeline,
  listingChanged,
  newlyEnded,
  progressFraction,
  progressStep,
  rerunValues
} from '../../src/jobs/model';

function job(fields: Partial<Record<string, unknown>> = {}): Job {
  return JobSchema.parse({
    id: 'j1',
    notebook: 'nb/train.ipynb',
    target: 'local',
    parameters: { alpha: 0.1 },
    status: 'queued',
    mlflow_run_id: null,
    created: '2026-12-05T09:00:00.000Z',
    started: null,
    ended: null,
    progress: null,
    error: null,
    ...fields
  });
}

const T0 = Date.parse('2026-12-05T09:00:00.000Z');

describe('JobSchema', () => {
  it('reads the route’s ISO times as epoch milliseconds', () => {
    const j = job({
      started: '2026-12-05T09:00:01.500Z',
      ended: '2026-12-05T09:00:04.000Z'
    });
    expect(j.created).toBe(T0);
    expect(j.started).toBe(T0 + 1500);
    expect(j.ended).toBe(T0 + 4000);
  });

  it('refuses a status the panel does not know, naming the field', () => {
    expect(() => job({ status: 'paused' })).toThrow(/status/);
  });
});

describe('progress', () => {
  it('is cell i of n while running; i - 1 cells are done', () => {
    const j = job({ status: 'running', progress: { cell: 3, cells: 4 } });
    expect(progressStep(j)).toEqual({ cell: 3, total: 4 });
    expect(progressFraction(j)).toBe(0.5);
  });

  it('is full once finished, and nothing without numbers', () => {
    expect(progressFraction(job({ status: 'finished' }))).toBe(1);
    const none = job({
      status: 'running',
      progress: { cell: null, cells: 4 }
    });
    expect(progressStep(none)).toBeNull();
    expect(progressFraction(none)).toBe(0);
  });
});

describe('jobDuration', () => {
  it('counts to the end, or to now while live, and is null before the start', () => {
    expect(jobDuration(job(), T0 + 9000)).toBeNull();
    const running = job({
      status: 'running',
      started: '2026-12-05T09:00:01.000Z'
    });
    expect(jobDuration(running, T0 + 9000)).toBe(8000);
    const done = job({
      status: 'failed',
      started: '2026-12-05T09:00:01.000Z',
      ended: '2026-12-05T09:00:03.000Z'
    });
    expect(jobDuration(done, T0 + 9000)).toBe(2000);
  });
});

describe('jobActions', () => {
  it('offers cancel while live, and output, run and re-run once done', () => {
    expect(jobActions(job({ status: 'queued' }))).toEqual({
      openOutput: false,
      showRun: false,
      cancel: true,
      rerun: false
    });
    const failed = job({
      status: 'failed',
      started: '2026-12-05T09:00:01.000Z',
      ended: '2026-12-05T09:00:02.000Z',
      mlflow_run_id: 'abc'
    });
    expect(jobActions(failed)).toEqual({
      openOutput: true,
      showRun: true,
      cancel: false,
      rerun: true
    });
    // A lost job's kernel died with the server: no executed notebook to open.
    const lost = job({ status: 'lost', started: '2026-12-05T09:00:01.000Z' });
    expect(jobActions(lost).openOutput).toBe(false);
    expect(isLive('lost')).toBe(false);
  });
});

describe('listingChanged and newlyEnded', () => {
  it('notices a new progress step, and jobs that just ended', () => {
    const a = [job({ status: 'running', progress: { cell: 1, cells: 3 } })];
    const same = [job({ status: 'running', progress: { cell: 1, cells: 3 } })];
    const next = [job({ status: 'running', progress: { cell: 2, cells: 3 } })];
    expect(listingChanged(a, same)).toBe(false);
    expect(listingChanged(a, next)).toBe(true);
    const done = [job({ status: 'finished' })];
    expect(newlyEnded(a, done).map(j => j.id)).toEqual(['j1']);
    expect(newlyEnded(done, done)).toEqual([]);
    expect(newlyEnded([], done)).toEqual([]);
  });
});

describe('layoutPipeline', () => {
  it('puts a parallel pair in one column between its neighbours', () => {
    const layout = layoutPipeline([
      { name: 'prep', needs: [], status: 'finished' },
      { name: 'fit-a', needs: ['prep'], status: 'running' },
      { name: 'fit-b', needs: ['prep'], status: 'failed' },
      { name: 'eval', needs: ['fit-a', 'fit-b'], status: 'pending' }
    ]);
    expect(layout.steps.map(s => [s.name, s.column, s.row])).toEqual([
      ['prep', 0, 0],
      ['fit-a', 1, 0],
      ['fit-b', 1, 1],
      ['eval', 2, 0]
    ]);
    expect(layout.columns).toBe(3);
    expect(layout.rows).toBe(2);
    expect(layout.edges).toContainEqual({ from: 'fit-b', to: 'eval' });
    expect(layout.edges).toHaveLength(4);
  });

  it('survives a cycle and an unknown step in needs (the server reports both)', () => {
    const layout = layoutPipeline([
      { name: 'a', needs: ['b'], status: 'pending' },
      { name: 'b', needs: ['a', 'ghost'], status: 'pending' }
    ]);
    expect(layout.steps).toHaveLength(2);
    expect(layout.edges.some(e => e.from === 'ghost')).toBe(false);
  });
});

describe('rerunValues', () => {
  it('fills the dialog with the job’s values, a secret one empty', () => {
    const j = job({
      parameters: {
        alpha: 0.1,
        name: 'forest',
        db_password: '<redacted>',
        db_url: 'postgresql://admin:<redacted>@db/sales'
      },
      secret_parameters: ['db_password', 'db_url']
    });
    expect(rerunValues(j)).toEqual({
      alpha: '0.1',
      name: "'forest'",
      db_password: '',
      db_url: ''
    });
    expect(job({}).secret_parameters).toEqual([]); // an older server's job: none
  });
});
