import {
  ACTIVE_SLOW_MS,
  backoffDelay,
  LivePoller
} from '../../src/tracking/poller';
import { manualTimers } from './manualTimers';

/**
 * A started LivePoller on a manual clock (rates 1000..8000 ms unless given). The tick counts
 * itself and answers `state.changed`; activity and pause are read live from `state`, so a test
 * flips them between polls.
 */
function startedPoller(
  state: {
    changed?: boolean;
    active?: boolean;
    paused?: boolean;
    fail?: boolean;
  } = {},
  minMs = 1000
) {
  const clock = manualTimers();
  const counts = { ticks: 0 };
  const poller = new LivePoller({
    tick: () => {
      counts.ticks++;
      return state.fail
        ? Promise.reject(new Error('down'))
        : Promise.resolve(!!state.changed);
    },
    isActive: () => !!state.active,
    isPaused: () => !!state.paused,
    minMs,
    maxMs: 8000,
    ...clock
  });
  poller.start();
  return { clock, poller, counts };
}

describe('LivePoller', () => {
  it('backs off while nothing changes and resets when something does', async () => {
    const state = { changed: false };
    const { clock, poller, counts } = startedPoller(state);
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push(await clock.fire());
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000]);
    state.changed = true;
    await clock.fire();
    expect(poller.interval).toBe(1000);
    expect(counts.ticks).toBe(6);
    poller.dispose();
    expect(clock.timers).toHaveLength(0);
  });

  it('stays fast while runs are active', async () => {
    const { clock, poller } = startedPoller({ active: true }, 500);
    await clock.fire();
    await clock.fire();
    expect(poller.interval).toBe(500);
    poller.dispose();
  });

  it('fetches nothing while paused, and kick() polls at once', async () => {
    const state = { paused: true };
    const { clock, poller, counts } = startedPoller(state);
    await clock.fire();
    expect(counts.ticks).toBe(0);
    // Paused, it sleeps: no timer wakes it every few seconds while the sidebar is hidden.
    expect(clock.timers).toHaveLength(0);
    expect(poller.scheduled).toBe(false);
    await poller.kick();
    expect(counts.ticks).toBe(0);
    expect(clock.timers).toHaveLength(0);
    state.paused = false;
    await poller.kick();
    expect(counts.ticks).toBe(1);
    expect(poller.interval).toBe(2000);
    expect(poller.scheduled).toBe(true);
    poller.dispose();
  });

  it('treats a failing tick as no change and keeps polling', async () => {
    const { clock, poller } = startedPoller({ fail: true });
    await clock.fire();
    expect(clock.timers).toHaveLength(1);
    expect(poller.interval).toBe(2000);
    poller.dispose();
  });

  it('takes new rates from changed settings at the next poll', async () => {
    const { clock, poller } = startedPoller();
    await clock.fire(); // 1000, next 2000
    await clock.fire(); // 2000, next 4000
    poller.setRates(500, 3000);
    expect([poller.minMs, poller.maxMs]).toEqual([500, 3000]);
    expect(poller.interval).toBe(3000);
    await clock.fire();
    expect(clock.timers.map(t => t.ms)).toEqual([3000]);
    poller.dispose();
  });

  it('keeps a long active state fast only for a while after the user looked', async () => {
    const clock = manualTimers();
    let now = 0;
    const state = { changed: true };
    const poller = new LivePoller({
      tick: () => Promise.resolve(state.changed),
      isActive: () => true,
      isPaused: () => false,
      minMs: 1000,
      maxMs: 30_000,
      activeFastMs: 5000,
      now: () => now,
      ...clock
    });
    poller.start();
    now = 1000;
    expect(await clock.fire()).toBe(1000);
    expect(poller.interval).toBe(1000); // within the window: fastest
    now = 6000;
    await clock.fire();
    expect(poller.interval).toBe(ACTIVE_SLOW_MS); // changing, nobody looked for a while
    state.changed = false;
    await clock.fire();
    await clock.fire();
    expect(poller.interval).toBe(30_000); // unchanged: backs off to the slowest rate
    poller.touch(); // the user opened a run's details
    expect(clock.timers.map(t => t.ms)).toEqual([1000]);
    await clock.fire();
    expect(poller.interval).toBe(1000);
    poller.dispose();
  });

  it('waits out failed reads and a Retry-After; a kick does not shorten them', async () => {
    const clock = manualTimers();
    const poller = new LivePoller({
      tick: () => Promise.resolve(false),
      isActive: () => true,
      isPaused: () => false,
      minMs: 1000,
      maxMs: 16_000,
      now: () => 0,
      ...clock
    });
    poller.start();
    poller.readFailed();
    poller.readFailed();
    await poller.kick();
    expect(clock.timers.map(t => t.ms)).toEqual([
      backoffDelay(1000, 2, 16_000)
    ]);
    expect(clock.timers[0].ms).toBe(4000);
    poller.readFailed(60_000); // a 429 asking for a minute
    await poller.kick();
    expect(clock.timers.map(t => t.ms)).toEqual([60_000]);
    poller.readSucceeded();
    expect(poller.minDelay).toBe(60_000); // the server's own wait still holds
    poller.dispose();
  });
});
