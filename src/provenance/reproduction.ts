/**
 * One "Reproduce" press: POST, then poll the reproduction until it ends. No widget; the
 * wait between polls is injected, so tests drive it without timers.
 */
import type { IReproduceOptions, Reproduction } from './api';
import { isFinished } from './model';

/** The two routes the watch needs (ProvenanceApi has them). */
export interface IReproductionRoutes {
  reproduce(runId: string, options?: IReproduceOptions): Promise<string>;
  reproduction(id: string): Promise<Reproduction>;
}

export type ReproductionPhase =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; id: string; latest: Reproduction | null }
  | { phase: 'done'; result: Reproduction }
  | { phase: 'error'; message: string; id?: string };

export interface IReproductionWatchOptions {
  routes: IReproductionRoutes;
  onChange: (state: ReproductionPhase) => void;
  /** resolves when the next poll is due (default: after `intervalMs`) */
  wait?: (ms: number) => Promise<void>;
  intervalMs?: number;
  /** consecutive failed polls before giving up (a restarting server misses a few) */
  maxFailures?: number;
}

const defaultWait = (ms: number) =>
  new Promise<void>(resolve => {
    setTimeout(resolve, ms);
  });

export class ReproductionWatch {
  constructor(private readonly options: IReproductionWatchOptions) {}

  get state(): ReproductionPhase {
    return this._state;
  }

  /** Stop polling (the details were closed); the reproduction itself goes on on the server. */
  dispose(): void {
    this._disposed = true;
  }

  /** Start a reproduction and follow it to its end; resolves with the last state. */
  async start(
    runId: string,
    options: IReproduceOptions = {}
  ): Promise<ReproductionPhase> {
    if (this._state.phase === 'starting' || this._state.phase === 'running') {
      return this._state;
    }
    this.set({ phase: 'starting' });
    let id: string;
    try {
      id = await this.options.routes.reproduce(runId, options);
    } catch (error) {
      return this.set({ phase: 'error', message: messageOf(error) });
    }
    return this.follow(id);
  }

  /** Follow a reproduction already started (by id). */
  async follow(id: string): Promise<ReproductionPhase> {
    const wait = this.options.wait ?? defaultWait;
    const interval = this.options.intervalMs ?? 1000;
    const maxFailures = this.options.maxFailures ?? 5;
    let failures = 0;
    this.set({ phase: 'running', id, latest: null });
    while (!this._disposed) {
      try {
        const latest = await this.options.routes.reproduction(id);
        failures = 0;
        if (isFinished(latest.status)) {
          return this.set({ phase: 'done', result: latest });
        }
        this.set({ phase: 'running', id, latest });
      } catch (error) {
        if (++failures >= maxFailures) {
          return this.set({ phase: 'error', message: messageOf(error), id });
        }
      }
      await wait(interval);
    }
    return this._state;
  }

  private set(state: ReproductionPhase): ReproductionPhase {
    this._state = state;
    if (!this._disposed) {
      this.options.onChange(state);
    }
    return state;
  }

  private _state: ReproductionPhase = { phase: 'idle' };
  private _disposed = false;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
