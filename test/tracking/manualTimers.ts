/** A manual clock for the pollers' tests: timers fire only when the test says so. */
export function manualTimers() {
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
    /** fires the oldest timer, lets its promise settle, returns its delay */
    async fire() {
      const t = timers.shift();
      t?.fn();
      await new Promise(r => setTimeout(r, 0));
      return t?.ms;
    }
  };
}
