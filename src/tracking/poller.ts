/**
 * Live refresh with backoff: the one owner of how long the sidebar (and the Jobs panel)
 * waits before asking again. Pure scheduling around a `tick` that re-reads:
 * - fast while something is active or changed, doubling up to `maxMs` while all is quiet;
 * - while reads fail (the server is gone, refused the credentials, limits the rate), each
 *   wait at least doubles with every failure in a row, and a `Retry-After` is waited out;
 *   a kick polls at once but does not shorten that wait, only an answered read ends it;
 * - a long active run (with `activeFastMs`): fast for that long after the user last looked
 *   (start, kick, touch), then every ACTIVE_SLOW_MS while its data changes and backing off
 *   while it does not, so a training run of hours does not cost a read every 2 s;
 * - no requests at all while paused (sidebar hidden, tab in background): a paused poller sets
 *   no timer either and sleeps until `kick()`;
 * - none either after a refusal that asking again does not change (`stopUntilAsked`: Jupyter
 *   refused this user): until the user acts (`kick()`: refresh, the panel shown again; `start()`;
 *   new settings, `setRates`).
 * `backoffDelay` is the one doubling rule; the status watch uses it too.
 */

/** The wait after a 429 that named none. */
export const RATE_LIMITED_MS = 30_000;

/**
 * Something active (a run, a job) is read at the fastest rate for this long after the user
 * last looked (the sidebar or panel shown, refresh, a cell scheduled, a run's details
 * opened); then every ACTIVE_SLOW_MS while its data changes, backing off while it does not.
 */
export const ACTIVE_FAST_MS = 120_000;

/** Past the fast window, a changing active run is read at most this often (10 s). */
export const ACTIVE_SLOW_MS = 10_000;

/** `baseMs` doubled `steps` times, never more than `maxMs`. */
export function backoffDelay(
  baseMs: number,
  steps: number,
  maxMs: number
): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(steps, 0), 30));
}

export interface IPollerOptions {
  /** Re-read; resolves to whether anything changed. Errors count as "no change". */
  tick: () => Promise<boolean>;
  /** Whether something is active (runs running, jobs live): poll at the fastest rate. */
  isActive: () => boolean;
  /**
   * Whether to poll at the fastest rate now for another reason, bounded by its owner (a
   * cell was just scheduled); asked only when nothing is active.
   */
  isUrgent?: () => boolean;
  /** Whether polling is paused now (checked before each tick). */
  isPaused: () => boolean;
  minMs?: number;
  maxMs?: number;
  /**
   * How long after the user last looked (start, kick, touch) an active state keeps the
   * fastest rate; after it, see ACTIVE_SLOW_MS. Unset: fast for as long as it is active.
   */
  activeFastMs?: number;
  /** The clock (Date.now unless given). */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class LivePoller {
  constructor(private readonly options: IPollerOptions) {
    this._minMs = options.minMs ?? 2000;
    this._maxMs = options.maxMs ?? 30_000;
    this._interval = this._minMs;
    this._lookedAt = this.now();
  }

  get minMs(): number {
    return this._minMs;
  }
  get maxMs(): number {
    return this._maxMs;
  }

  /**
   * New fastest and slowest rates (the user changed the settings): used from the next poll,
   * which comes again if a refusal stopped them (`stopUntilAsked`).
   */
  setRates(minMs: number, maxMs: number): void {
    this._minMs = minMs;
    this._maxMs = Math.max(minMs, maxMs);
    this._interval = Math.min(Math.max(this._interval, minMs), this._maxMs);
    if (this._stopped) {
      this._stopped = false;
      if (!this._ticking) {
        this.schedule();
      }
    }
  }

  private _minMs: number;
  private _maxMs: number;
  private _interval: number;
  private _timer: unknown = null;
  private _running = false;
  private _ticking = false;
  private _disposed = false;
  private _failedReads = 0;
  private _holdUntil = 0;
  private _stopped = false;
  private _lookedAt: number;

  /** The delay before the next poll, before any failure's wait (see `minDelay`). */
  get interval(): number {
    return this._interval;
  }
  /** Whether a poll is scheduled (false while asleep, paused). */
  get scheduled(): boolean {
    return this._timer !== null;
  }
  get running(): boolean {
    return this._running;
  }
  /** Whether a refusal stopped live polling until the user acts (see `stopUntilAsked`). */
  get stopped(): boolean {
    return this._stopped;
  }
  /** Reads that failed in a row (server gone, credentials refused, rate-limited). */
  get failedReads(): number {
    return this._failedReads;
  }

  /**
   * A read was answered: the server is back, to the normal rates; after an outage, active
   * runs get a fast window again (what happened meanwhile shows at once).
   */
  readSucceeded(): void {
    if (this._failedReads > 0) {
      this._lookedAt = this.now();
    }
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

  /**
   * A read was refused for good (Jupyter refused this user): asking again changes nothing, so
   * no poll is scheduled until the user acts: `kick()` (refresh, the panel shown again),
   * `start()` or new settings (`setRates`).
   */
  stopUntilAsked(): void {
    this._stopped = true;
    this.clear();
  }

  /**
   * The shortest wait before the next poll whatever the rate: what a 429 asked for, and
   * while reads keep failing, the backoff they earned.
   */
  get minDelay(): number {
    const hold = Math.max(0, this._holdUntil - this.now());
    const failed =
      this._failedReads > 0
        ? backoffDelay(this.minMs, this._failedReads, this.maxMs)
        : 0;
    return Math.max(hold, failed);
  }

  start(): void {
    if (this._disposed || this._running) {
      return;
    }
    this._running = true;
    this._stopped = false;
    this._lookedAt = this.now();
    this.schedule();
  }

  stop(): void {
    this._running = false;
    this.clear();
  }

  /**
   * Poll now and go back to the fastest rate: something probably changed (a cell
   * ran, the user pressed refresh, the sidebar became visible again).
   */
  async kick(): Promise<void> {
    this._stopped = false;
    this._interval = this.minMs;
    this._lookedAt = this.now();
    this.clear();
    await this.poll();
  }

  /**
   * A read answered elsewhere (the route's own watch, after a refusal stopped live polling):
   * live polling again at the fastest rate from the next poll, without polling now (the
   * answer is already in hand).
   */
  resume(): void {
    if (!this._stopped) {
      return;
    }
    this._stopped = false;
    this._interval = this.minMs;
    this._lookedAt = this.now();
    if (!this._ticking) {
      this.schedule();
    }
  }

  /**
   * The user is looking (opened a run's details): the fastest rate again from the next
   * poll, which comes no later than `minMs` from now (and no sooner than a failure's wait).
   */
  touch(): void {
    this._lookedAt = this.now();
    if (this._interval > this.minMs) {
      this._interval = this.minMs;
      if (this._timer !== null && !this._ticking) {
        this.schedule();
      }
    }
  }

  dispose(): void {
    this._disposed = true;
    this.stop();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private schedule(): void {
    this.clear();
    if (!this._running || this._disposed || this._stopped) {
      return;
    }
    const set =
      this.options.setTimer ??
      ((fn: () => void, ms: number) => setTimeout(fn, ms));
    const delay = Math.max(this._interval, this.minDelay);
    this._timer = set(() => {
      this._timer = null;
      void this.poll();
    }, delay);
  }

  private clear(): void {
    if (this._timer !== null) {
      const clear =
        this.options.clearTimer ??
        ((h: unknown) => {
          clearTimeout(h as number);
        });
      clear(this._timer);
      this._timer = null;
    }
  }

  private async poll(): Promise<void> {
    if (this._ticking || this._disposed) {
      return;
    }
    if (this.options.isPaused()) {
      // Nothing is fetched while paused, and nothing wakes up to check: `kick()` resumes.
      this._interval = this.minMs;
      this.clear();
      return;
    }
    this._ticking = true;
    let changed = false;
    try {
      changed = await this.options.tick();
    } catch {
      changed = false;
    } finally {
      this._ticking = false;
    }
    this._interval = this.next(changed);
    this.schedule();
  }

  /** The rate after a tick; failures add their own wait in `schedule`. */
  private next(changed: boolean): number {
    const quieter = Math.min(this._interval * 2, this.maxMs);
    if (this._failedReads > 0) {
      return quieter;
    }
    if (this.options.isActive()) {
      const window = this.options.activeFastMs ?? Infinity;
      if (this.now() - this._lookedAt < window) {
        return this.minMs;
      }
      // A long active run nobody touched for a while: still followed, at a bounded cost.
      const slow = Math.min(this.maxMs, Math.max(this.minMs, ACTIVE_SLOW_MS));
      return changed ? slow : quieter;
    }
    if (changed || this.options.isUrgent?.()) {
      return this.minMs;
    }
    return quieter;
  }
}
