/**
 * One route asked again and again, by itself, with backoff: the one owner of how a panel
 * waits for Jupyter (or the server behind it) to answer again. The status bar watches the
 * tracking status route with it (statusWatch.ts); each panel whose reads Jupyter refused
 * watches a route of its own scope with it, since one scope granted says nothing of another
 * (`nbcraft-tracking` and `nbcraft-jobs` are separate resources to Jupyter's Authorizer).
 */
import { Signal, type ISignal } from '@lumino/signaling';

import { NbcraftApiError } from '../core/api';
import { backoffDelay } from './poller';

/** A route's last answer as seen; `changed` fires on every answer or failure. */
export interface IRouteWatch<T> {
  /** The last answer, null before the first one. */
  readonly status: T | null;
  /** Why the last request failed (Jupyter did not answer, or the route is missing). */
  readonly error: string | null;
  /** The last request's error itself (null after an answer), to tell refusals apart. */
  readonly failure: unknown;
  /** The server has no such route (an older nbcraft): nothing to watch. */
  readonly absent: boolean;
  readonly changed: ISignal<IRouteWatch<T>, void>;
  /** Ask now (and keep asking while the answer says to, or the request fails). */
  refresh(): Promise<T | null>;
  /**
   * Jupyter refused a read of this user's (isForbidden) and live refresh is paused: keep
   * asking, 5 s then each wait doubled up to 5 min, so the answer that comes once Jupyter
   * serves the user again resumes it (nothing else asks while it is paused).
   */
  noteRefused(): void;
}

export interface IRouteWatchOptions {
  /** Delay between questions while the answer says "soon" (`isStarting`; 1 s). */
  startingMs?: number;
  /** Delay before asking again after a failed request (5 s). */
  retryMs?: number;
  /**
   * The longest delay (5 min): a server that stays down (or never finishes starting) is
   * asked ever less often, each delay double the last, never more than this.
   */
  maxMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  /** The clock (tests pass their own). */
  now?: () => number;
  clearTimer?: (handle: unknown) => void;
}

export class RouteWatch<T> implements IRouteWatch<T> {
  /**
   * @param fetchAnswer asks the route once
   * @param options the delays, and the timers and clock tests pass
   * @param isStarting whether an answer means "ask again soon" (an embedded server starting)
   */
  constructor(
    private readonly fetchAnswer: () => Promise<T>,
    private readonly options: IRouteWatchOptions = {},
    private readonly isStarting: (answer: T | null) => boolean = () => false
  ) {}

  get status(): T | null {
    return this._status;
  }
  get error(): string | null {
    return this._error;
  }
  get failure(): unknown {
    return this._failure;
  }
  get absent(): boolean {
    return this._absent;
  }
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  async refresh(): Promise<T | null> {
    this.clear();
    this._inFlight += 1;
    try {
      this._status = await this.fetchAnswer();
      this._error = null;
      this._failure = null;
    } catch (error) {
      this._failure = error;
      this._error = error instanceof Error ? error.message : String(error);
      this._absent = error instanceof NbcraftApiError && error.status === 404;
    } finally {
      this._inFlight -= 1;
    }
    if (this._disposed) {
      return this._status;
    }
    this._changed.emit();
    const starting = this._error === null && this.isStarting(this._status);
    const failing = this._error !== null && !this._absent;
    if (starting || failing) {
      // Back off while the answer stays the same: 1 s, 2 s, 4 s … while starting, 5 s, 10 s …
      // after failures, up to `maxMs`. Any other answer starts over.
      const state = starting ? 'starting' : 'failing';
      this._repeats = state === this._lastState ? this._repeats + 1 : 0;
      this._lastState = state;
      const base = starting
        ? (this.options.startingMs ?? 1000)
        : (this.options.retryMs ?? 5000);
      this.schedule(
        backoffDelay(base, this._repeats, this.options.maxMs ?? 300_000)
      );
    } else {
      this._lastState = null;
      this._repeats = 0;
    }
    return this._status;
  }

  noteRefused(): void {
    if (this._disposed || this._timer !== null || this._inFlight > 0) {
      // asking already: a question out now schedules the next one itself if it fails
      return;
    }
    const now = (this.options.now ?? Date.now)();
    const maxMs = this.options.maxMs ?? 300_000;
    // Refused again soon after an answer (this route answers, the read does not):
    // each wait doubles; refused after a long quiet spell: from 5 s again.
    const quiet = now - this._refusedAt > 2 * maxMs;
    this._refusals = quiet ? 0 : this._refusals + 1;
    this._refusedAt = now;
    const base = this.options.retryMs ?? 5000;
    this.schedule(backoffDelay(base, this._refusals, maxMs));
  }

  /** The route answered another request (the panel's own read): nothing to ask for now. */
  noteAnswered(): void {
    this.clear();
    this._lastState = null;
    this._repeats = 0;
  }

  dispose(): void {
    this._disposed = true;
    this.clear();
    Signal.clearData(this);
  }

  /** One timer at most: a pending one is replaced, never left to start a second chain. */
  private schedule(ms: number): void {
    this.clear();
    const set =
      this.options.setTimer ??
      ((fn: () => void, delay: number) => setTimeout(fn, delay));
    const handle = set(() => {
      if (this._timer === handle) {
        this._timer = null;
      }
      void this.refresh();
    }, ms);
    this._timer = handle;
  }

  private clear(): void {
    if (this._timer !== null) {
      const clear =
        this.options.clearTimer ??
        ((handle: unknown) => {
          clearTimeout(handle as number);
        });
      clear(this._timer);
      this._timer = null;
    }
  }

  private _status: T | null = null;
  private _error: string | null = null;
  private _failure: unknown = null;
  private _absent = false;
  private _timer: unknown = null;
  /** questions out now (refresh() called while another is out makes two) */
  private _inFlight = 0;
  private _disposed = false;
  private _lastState: 'starting' | 'failing' | null = null;
  private _repeats = 0;
  private _refusals = 0;
  private _refusedAt = -Infinity;
  private _changed = new Signal<this, void>(this);
}
