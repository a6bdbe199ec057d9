import {
  ReproductionSchema,
  type Reproduction
} from '../../src/provenance/api';
import {
  ReproductionWatch,
  type IReproductionRoutes,
  type ReproductionPhase
} from '../../src/provenance/reproduction';

const answer = (status: string, extra: Record<string, unknown> = {}) =>
  ReproductionSchema.parse({ id: 'p1', run_id: 'r1', status, ...extra });

/** Routes that answer from a script: each poll takes the next answer (or throws it). */
function scripted(
  answers: (Reproduction | Error)[],
  start: string | Error = 'p1'
) {
  const calls = { reproduce: [] as unknown[], polls: 0 };
  const routes: IReproductionRoutes = {
    reproduce: (runId, options) => {
      calls.reproduce.push([runId, options]);
      return start instanceof Error
        ? Promise.reject(start)
        : Promise.resolve(start);
    },
    reproduction: id => {
      expect(id).toBe('p1');
      const next = answers[Math.min(calls.polls++, answers.length - 1)];
      return next instanceof Error
        ? Promise.reject(next)
        : Promise.resolve(next);
    }
  };
  return { routes, calls };
}

function watch(routes: IReproductionRoutes, maxFailures?: number) {
  const seen: ReproductionPhase[] = [];
  const waits: number[] = [];
  const w = new ReproductionWatch({
    routes,
    onChange: s => seen.push(s),
    wait: ms => {
      waits.push(ms);
      return Promise.resolve();
    },
    intervalMs: 500,
    maxFailures
  });
  return { w, seen, waits };
}

describe('ReproductionWatch', () => {
  it('posts, polls while running and ends with the result', async () => {
    const done = answer('reproduced', {
      new_run_id: 'r2',
      metrics: [
        { key: 'acc', original: 1, reproduced: 1, rel_diff: 0, ok: true }
      ]
    });
    const { routes, calls } = scripted([
      answer('running', { message: 'cell 2 of 5' }),
      answer('running', { message: 'cell 4 of 5' }),
      done
    ]);
    const { w, seen, waits } = watch(routes);
    const last = await w.start('r1', { rtol: 0.01 });
    expect(calls.reproduce).toEqual([['r1', { rtol: 0.01 }]]);
    expect(seen.map(s => s.phase)).toEqual([
      'starting',
      'running',
      'running',
      'running',
      'done'
    ]);
    expect(last).toEqual({ phase: 'done', result: done });
    expect(waits).toEqual([500, 500]);
  });

  it('shows a refused start (e.g. an unknown run) as an error, without polling', async () => {
    const { routes, calls } = scripted([], new Error('unknown run r9'));
    const { w } = watch(routes);
    expect(await w.start('r9')).toEqual({
      phase: 'error',
      message: 'unknown run r9'
    });
    expect(calls.polls).toBe(0);
  });

  it('rides out a few failed polls, and gives up after maxFailures in a row', async () => {
    const flaky = scripted([
      new Error('503'),
      answer('cannot', { message: 'commit not found' })
    ]);
    const a = watch(flaky.routes, 3);
    expect(await a.w.start('r1')).toMatchObject({
      phase: 'done',
      result: { status: 'cannot', message: 'commit not found' }
    });
    const down = scripted([new Error('server down')]);
    const b = watch(down.routes, 3);
    expect(await b.w.start('r1')).toEqual({
      phase: 'error',
      message: 'server down',
      id: 'p1'
    });
    expect(down.calls.polls).toBe(3);
  });

  it('stops polling once disposed and reports nothing more', async () => {
    const { routes, calls } = scripted([answer('running')]);
    const seen: string[] = [];
    const w = new ReproductionWatch({
      routes,
      onChange: s => seen.push(s.phase),
      wait: () => {
        w.dispose();
        return Promise.resolve();
      }
    });
    await w.start('r1');
    expect(calls.polls).toBe(1);
    expect(seen).toEqual(['starting', 'running', 'running']);
  });

  it('does not start twice while one reproduction runs', async () => {
    let release!: () => void;
    const gate = new Promise<void>(r => (release = r));
    const { routes, calls } = scripted([answer('reproduced')]);
    const slow: IReproductionRoutes = {
      reproduce: async (id, o) => {
        await gate;
        return routes.reproduce(id, o);
      },
      reproduction: id => routes.reproduction(id)
    };
    const { w } = watch(slow);
    const first = w.start('r1');
    expect((await w.start('r1')).phase).toBe('starting');
    release();
    expect((await first).phase).toBe('done');
    expect(calls.reproduce).toHaveLength(1);
  });
});
