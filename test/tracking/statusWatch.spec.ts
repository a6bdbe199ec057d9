import { NbcraftApiError } from '../../src/core/api';
import type { TrackingStatus } from '../../src/tracking/schemas';
import { TrackingStatusWatch } from '../../src/tracking/statusWatch';
import { manualTimers } from './manualTimers';

const status = (state: string, reachable: boolean): TrackingStatus => ({
  kind: 'embedded',
  uri: 'http://127.0.0.1:5000',
  reachable,
  state,
  message: '',
  hint: ''
});

describe('TrackingStatusWatch', () => {
  it('asks after a second while the embedded server starts, then less often, and stops once it is ready', async () => {
    const clock = manualTimers();
    const answers = [
      status('starting', false),
      status('starting', false),
      status('ready', true)
    ];
    let asked = 0;
    const watch = new TrackingStatusWatch(
      () => Promise.resolve(answers[Math.min(asked++, answers.length - 1)]),
      clock
    );
    const seen: string[] = [];
    watch.changed.connect(() => seen.push(watch.status?.state ?? 'none'));
    await watch.refresh();
    expect(clock.timers.map(t => t.ms)).toEqual([1000]);
    expect(await clock.fire()).toBe(1000);
    expect(await clock.fire()).toBe(2000);
    expect(seen).toEqual(['starting', 'starting', 'ready']);
    expect(watch.status?.reachable).toBe(true);
    expect(clock.timers).toHaveLength(0); // ready: nothing more to ask
    watch.dispose();
  });

  it('asks again later when Jupyter did not answer, but not when the route is missing', async () => {
    const clock = manualTimers();
    const failing = new TrackingStatusWatch(
      () => Promise.reject(new NbcraftApiError('no answer', 0)),
      clock
    );
    await failing.refresh();
    expect(failing.error).toBe('no answer');
    expect(clock.timers.map(t => t.ms)).toEqual([5000]);
    failing.dispose();
    expect(clock.timers).toHaveLength(0);

    const absent = new TrackingStatusWatch(
      () => Promise.reject(new NbcraftApiError('Not Found', 404)),
      clock
    );
    await absent.refresh();
    expect(absent.absent).toBe(true);
    expect(clock.timers).toHaveLength(0);
    absent.dispose();
  });

  it('backs off while the server stays down, up to the longest delay, and starts over when it answers', async () => {
    const clock = manualTimers();
    let down = true;
    const watch = new TrackingStatusWatch(
      () =>
        down
          ? Promise.reject(new NbcraftApiError('no answer', 0))
          : Promise.resolve(status('starting', false)),
      { ...clock, maxMs: 40_000 }
    );
    await watch.refresh();
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push(await clock.fire());
    }
    expect(delays).toEqual([5000, 10_000, 20_000, 40_000, 40_000]);
    expect(clock.timers).toHaveLength(1); // one timer, never more
    down = false;
    await clock.fire();
    expect(clock.timers.map(t => t.ms)).toEqual([1000]);
    watch.dispose();
    expect(clock.timers).toHaveLength(0);
  });

  it('after a refused read it keeps asking, 5 s doubling, until answered; refused again soon after, it waits longer', async () => {
    const clock = manualTimers();
    let now = 0;
    const answers: (TrackingStatus | Error)[] = [status('ready', true)];
    const forbidden = new NbcraftApiError(
      'no',
      403,
      undefined,
      'jupyter-forbidden'
    );
    const watch = new TrackingStatusWatch(
      () => {
        const next = answers.shift() ?? status('ready', true);
        return next instanceof Error
          ? Promise.reject(next)
          : Promise.resolve(next);
      },
      { ...clock, now: () => now }
    );
    await watch.refresh();
    expect(clock.timers).toHaveLength(0); // answered: nothing asks again (before: never again)
    watch.noteRefused();
    watch.noteRefused(); // the sidebar and the Jobs panel both refused: one question
    expect(clock.timers.map(t => t.ms)).toEqual([5000]);
    answers.push(forbidden, forbidden);
    expect(await clock.fire()).toBe(5000);
    expect(await clock.fire()).toBe(5000);
    expect(await clock.fire()).toBe(10_000);
    expect(watch.failure).toBeNull(); // the third question is answered
    expect(clock.timers).toHaveLength(0);
    now += 1000; // the read it resumed is refused again at once: the next wait is longer
    watch.noteRefused();
    expect(clock.timers.map(t => t.ms)).toEqual([10_000]);
    await clock.fire();
    now += 60 * 60_000; // refused again after an hour of answers: from 5 s again
    watch.noteRefused();
    expect(clock.timers.map(t => t.ms)).toEqual([5000]);
    watch.dispose();
    expect(clock.timers).toHaveLength(0);
  });
});
