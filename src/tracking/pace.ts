/**
 * The busy kernel's part of the runs sidebar's pace, apart from any timer or request: the
 * controller tells it a cell was scheduled or the notebook's run appeared, and asks whether
 * a busy kernel still warrants the fastest rate and whether a busy tick may look across
 * experiments for the notebook's runs. Waits and backoffs are the poller's (poller.ts).
 */

/** After a cell is scheduled, poll at the fastest rate this long at most (a run it starts shows). */
export const BUSY_FAST_MS = 90_000;

/**
 * While the kernel is busy past the fast window, look across experiments for the notebook's
 * runs on every Nth tick only (within the window, on each: the run should show at once).
 */
export const BUSY_LOOKUP_EVERY = 3;

export class PollPace {
  constructor(private readonly now: () => number = () => Date.now()) {}

  private _busySince: number | null = null;
  private _busyTicks = 0;

  /** A cell of the followed notebook was scheduled: poll fast for a while again. */
  executionScheduled(): void {
    this._busySince = this.now();
    this._busyTicks = 0;
  }

  /**
   * Whether a busy kernel still warrants the fastest rate: only for BUSY_FAST_MS after the
   * cell was scheduled (or the kernel was first seen busy), and not once the notebook's run
   * has appeared (an active run has its own pace: see LivePoller's `activeFastMs`).
   */
  busyFast(busy: boolean, runAppeared: boolean): boolean {
    if (!busy) {
      this._busySince = null;
      return false;
    }
    const now = this.now();
    this._busySince ??= now;
    if (runAppeared) {
      this._busySince = Math.min(this._busySince, now - BUSY_FAST_MS);
    }
    return now - this._busySince < BUSY_FAST_MS;
  }

  /** Whether this tick may look across experiments for the notebook's runs. */
  lookupNow(busy: boolean, fast: boolean): boolean {
    if (!busy || fast) {
      this._busyTicks = 0;
      return true;
    }
    const due = this._busyTicks % BUSY_LOOKUP_EVERY === 0;
    this._busyTicks += 1;
    return due;
  }
}
