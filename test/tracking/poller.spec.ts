import { LivePoller } from '../../src/tracking/poller';

/** A manual clock: timers fire only when the test says so. */
function manualTimers() {
  const timers: { fn: () => void; ms: number }[] = [];
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h: unknown) => {
      const i = timers.indexOf(h as { fn: () => void; ms: number });
      if (i >= 0) {
        timers.splice(i, 1);
      }
    },
    async fire() {
      const t = timers.shift();
      t?.fn();
      await new Promise(r => setTimeout(r, 0));
      return t?.ms;
    }
  };
}

describe('LivePoller', () => {
  it('backs off while nothing changes and resets when something does', async () => {
    const clock = manualTimers();
    let changed = false;
    let ticks = 0;
    const poller = new LivePoller({
      tick: () => {
        ticks++;
        return Promise.resolve(changed);
      },
      isActive: () => false,
      isPaused: () => false,
      minMs: 1000,
      maxMs: 8000,
      ...clock
    });
    poller.start();
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push(await clock.fire());
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000]);
    changed = true;
    await clock.fire();
    expect(poller.interval).toBe(1000);
    expect(ticks).toBe(6);
    poller.dispose();
    expect(clock.timers).toHaveLength(0);
  });

  it('stays fast while runs are active', async () => {
    const clock = manualTimers();
    const poller = new LivePoller({
      tick: () => Promise.resolve(false),
      isActive: () => true,
      isPaused: () => false,
      minMs: 500,
      maxMs: 8000,
      ...clock
    });
    poller.start();
    await clock.fire();
    await clock.fire();
    expect(poller.interval).toBe(500);
    poller.dispose();
  });

  it('fetches nothing while paused, and kick() polls at once', async () => {
    const clock = manualTimers();
    let paused = true;
    let ticks = 0;
    const poller = new LivePoller({
      tick: () => {
        ticks++;
        return Promise.resolve(false);
      },
      isActive: () => false,
      isPaused: () => paused,
      minMs: 1000,
      maxMs: 8000,
      ...clock
    });
    poller.start();
    await clock.fire();
    expect(ticks).toBe(0);
    // Paused, it sleeps: no timer wakes it every few seconds while the sidebar is hidden.
    expect(clock.timers).toHaveLength(0);
    expect(poller.scheduled).toBe(false);
    await poller.kick();
    expect(ticks).toBe(0);
    expect(clock.timers).toHaveLength(0);
    paused = false;
    await poller.kick();
    expect(ticks).toBe(1);
    expect(poller.interval).toBe(2000);
    expect(poller.scheduled).toBe(true);
    poller.dispose();
  });

  it('treats a failing tick as no change and keeps polling', async () => {
    const clock = manualTimers();
    const poller = new LivePoller({
      tick: () => Promise.reject(new Error('down')),
      isActive: () => false,
      isPaused: () => false,
      minMs: 1000,
      maxMs: 8000,
      ...clock
    });
    poller.start();
    await clock.fire();
    expect(clock.timers).toHaveLength(1);
    expect(poller.interval).toBe(2000);
    poller.dispose();
  });

  it('takes new rates from changed settings at the next poll', async () => {
    const clock = manualTimers();
    const poller = new LivePoller({
      tick: () => Promise.resolve(false),
      isActive: () => false,
      isPaused: () => false,
      minMs: 1000,
      maxMs: 8000,
      ...clock
    });
    poller.start();
    await clock.fire(); // 1000, next 2000
    await clock.fire(); // 2000, next 4000
    poller.setRates(500, 3000);
    expect([poller.minMs, poller.maxMs]).toEqual([500, 3000]);
    expect(poller.interval).toBe(3000);
    await clock.fire();
    expect(clock.timers.map(t => t.ms)).toEqual([3000]);
    poller.dispose();
  });
});
