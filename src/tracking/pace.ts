/**
 * How fast the runs sidebar may ask the tracking server, apart from any timer or request:
 * the controller tells it what happened (a read answered or failed, a cell was scheduled,
 * the notebook's run appeared) and asks it how long to wait at least, whether a busy
 * kernel still warrants the fastest rate, and whether a busy tick may look across
 * experiments for the notebook's runs.
 */

/** After a cell is scheduled, poll at the fastest rate this long at most (a run it starts shows). */
export const BUSY_FAST_MS = 90_000;

/**
 * While the kernel is busy past the fast window, look across experiments for the notebook's
 * runs on every Nth tick only (within the window, on each: the run should show at once).
 */
export const BUSY_LOOKUP_EVERY = 3;

/** The wait after a 429 that named none. */
export const RATE_LIMITED_MS = 30_000;

export class PollPace {
  constructor(private readonly now: () => number = () => Date.now()) {}

  private _failedReads = 0;
  private _holdUntil = 0;
  private _busySince: number | null = null;
  private _busyTicks = 0;

  /** Reads that failed in a row (server gone, credentials refused, rate-limited). */
  get failedReads(): number {
    return this._failedReads;
  }

  /** The runs were read: the server answers again, back to the normal rates. */
  readSucceeded(): void {
    this._failedReads = 0;
  }

  /**
   * A read failed for a reason that asking again soon does not fix; `retryAfterMs` is how
   * long the server asked to be left alone (a 429's `Retry-After`).
   */
  readFailed(retryAfterMs?: number): void {
    this._failedReads += 1;
    if (retryAfterMs !== undefined) {
      this._holdUntil = Math.max(this._holdUntil, this.now() + retryAfterMs);
    }
  }

  /** A cell of the followed notebook was scheduled: poll fast for a while again. */
  executionScheduled(): void {
    this._busySince = this.now();
    this._busyTicks = 0;
  }

  /**
   * Whether a busy kernel still warrants the fastest rate: only for BUSY_FAST_MS after the
   * cell was scheduled (or the kernel was first seen busy), and not once the notebook's run
   * has appeared (an active run keeps the rate fast on its own while it runs).
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

  /**
   * The shortest wait before the next poll: what a 429 asked for, and while reads keep
   * failing, the backoff they earned (a "ready" from the status route does not reset it).
   */
  minDelay(minMs: number, maxMs: number): number {
    const hold = Math.max(0, this._holdUntil - this.now());
    const backoff =
      this._failedReads > 0
        ? Math.min(maxMs, minMs * 2 ** this._failedReads)
        : 0;
    return Math.max(hold, backoff);
  }
}
