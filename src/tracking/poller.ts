/**
 * Live refresh with backoff. Pure scheduling around a `tick` that re-reads the runs:
 * fast while runs are active or something changed, doubling up to `maxMs` while all
 * is quiet, and no requests at all while paused (sidebar hidden, tab in background).
 * A paused poller sets no timer either: it sleeps until `kick()` (the sidebar is shown
 * again, the tab comes back, a cell ran, the user refreshes).
 */
export interface IPollerOptions {
  /** Re-read; resolves to whether anything changed. Errors count as "no change". */
  tick: () => Promise<boolean>;
  /** Whether there are active runs (poll at the fastest rate). */
  isActive: () => boolean;
  /** Whether polling is paused now (checked before each tick). */
  isPaused: () => boolean;
  minMs?: number;
  maxMs?: number;
  /**
   * The shortest wait before the next poll now, whatever the rate (reads keep failing, the
   * server asked to wait): a kick polls at once but does not shorten it.
   */
  minDelay?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class LivePoller {
  constructor(private readonly options: IPollerOptions) {
    this._minMs = options.minMs ?? 2000;
    this._maxMs = options.maxMs ?? 30_000;
    this._interval = this._minMs;
  }

  get minMs(): number {
    return this._minMs;
  }
  get maxMs(): number {
    return this._maxMs;
  }

  /** New fastest and slowest rates (the user changed the settings): used from the next poll. */
  setRates(minMs: number, maxMs: number): void {
    this._minMs = minMs;
    this._maxMs = Math.max(minMs, maxMs);
    this._interval = Math.min(Math.max(this._interval, minMs), this._maxMs);
  }

  private _minMs: number;
  private _maxMs: number;
  private _interval: number;
  private _timer: unknown = null;
  private _running = false;
  private _ticking = false;
  private _disposed = false;

  /** The delay before the next poll. */
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

  start(): void {
    if (this._disposed || this._running) {
      return;
    }
    this._running = true;
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
    this._interval = this.minMs;
    this.clear();
    await this.poll();
  }

  dispose(): void {
    this._disposed = true;
    this.stop();
  }

  private schedule(): void {
    this.clear();
    if (!this._running || this._disposed) {
      return;
    }
    const set =
      this.options.setTimer ??
      ((fn: () => void, ms: number) => setTimeout(fn, ms));
    const delay = Math.max(this._interval, this.options.minDelay?.() ?? 0);
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
    this._interval =
      changed || this.options.isActive()
        ? this.minMs
        : Math.min(this._interval * 2, this.maxMs);
    this.schedule();
  }
}
