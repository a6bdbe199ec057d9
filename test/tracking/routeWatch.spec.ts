import { NbcraftApiError } from '../../src/core/api';
import { JobsModel, type IJobsSource } from '../../src/jobs/jobsModel';
import { RouteWatch } from '../../src/tracking/routeWatch';
import { manualTimers } from './manualTimers';

const refused = () =>
  new NbcraftApiError(
    'User is not authorized to read on resource: nbcraft-jobs.',
    403,
    undefined,
    'jupyter-forbidden'
  );

/** A question the test answers by hand, to hold it in flight. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('RouteWatch', () => {
  it('a refusal noted while its own question is in flight starts no second chain', async () => {
    const clock = manualTimers();
    const out: ReturnType<typeof deferred<number>>[] = [];
    const watch = new RouteWatch<number>(() => {
      const d = deferred<number>();
      out.push(d);
      return d.promise;
    }, clock);
    watch.noteRefused(); // the first refusal: asks after 5 s
    expect(clock.timers.map(t => t.ms)).toEqual([5000]);
    void clock.fire(); // the question goes out, and is in flight
    await Promise.resolve();
    expect(out).toHaveLength(1);
    expect(clock.timers).toHaveLength(0);
    watch.noteRefused(); // a kick's read refused meanwhile: the question out answers for it
    expect(clock.timers).toHaveLength(0);
    out[0].reject(refused());
    await new Promise(r => setTimeout(r, 0));
    // the refused question schedules the next one: one timer, one chain
    expect(clock.timers).toHaveLength(1);
    watch.dispose();
    expect(clock.timers).toHaveLength(0); // nothing left to ask after dispose
  });

  it('scheduling again replaces a pending timer instead of losing its handle', async () => {
    const clock = manualTimers();
    const watch = new RouteWatch<number>(
      () => Promise.reject(new NbcraftApiError('no answer', 0)),
      clock
    );
    // two questions out at once (the status bar's Refresh while the watch asks): both fail,
    // and each schedules the next question; the second must replace the first's timer
    await Promise.all([watch.refresh(), watch.refresh()]);
    expect(clock.timers).toHaveLength(1);
    watch.dispose();
    expect(clock.timers).toHaveLength(0);
  });
});

describe('JobsModel refused, kicked while its watch asks', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  /** Listings in an hour of refusals, and after dispose, with or without a kick mid-question. */
  async function listings(kickDuringWatch: boolean) {
    jest.useFakeTimers();
    let lists = 0;
    let allowed = true;
    const source: IJobsSource = {
      list: () => {
        lists++;
        return new Promise((res, rej) =>
          setTimeout(() => {
            if (allowed) {
              res({ jobs: [] });
            } else {
              rej(refused());
            }
          }, 200)
        );
      },
      submit: () => Promise.reject(new Error('unused')),
      runPipeline: () => Promise.reject(new Error('unused')),
      cancel: () => Promise.resolve()
    };
    const model = new JobsModel(source, { isHidden: () => false });
    model.poller.start();
    await jest.advanceTimersByTimeAsync(1000);
    allowed = false;
    void model.poller.kick();
    await jest.advanceTimersByTimeAsync(300);
    expect(model.poller.stopped).toBe(true);
    // the watch's question goes out at 5 s and is in flight for 200 ms
    await jest.advanceTimersByTimeAsync(4750);
    if (kickDuringWatch) {
      void model.poller.kick(); // the panel shown again while the watch's question is out
    }
    const before = lists;
    await jest.advanceTimersByTimeAsync(3600_000);
    const perHour = lists - before;
    model.dispose();
    const disposedAt = lists;
    await jest.advanceTimersByTimeAsync(3600_000);
    return { perHour, afterDispose: lists - disposedAt };
  }

  it('lists no more often than without the kick, and not at all after dispose', async () => {
    const plain = await listings(false);
    const kicked = await listings(true);
    expect(plain.afterDispose).toBe(0);
    expect(kicked.afterDispose).toBe(0);
    // the kick itself lists once more; the back-off after it is the same single chain
    expect(kicked.perHour).toBeLessThanOrEqual(plain.perHour + 1);
  });
});
