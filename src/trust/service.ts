/**
 * The trust state shared by the notice, the commands and the compute status item: one
 * place that asks the server and says when the answer changed.
 */
import { Signal } from '@lumino/signaling';
import type { AxiosInstance } from 'axios';

import { fetchTrust, postTrust, revokeTrust, type TrustState } from './api';
import type { INbcraftTrust } from './tokens';

/** The least time between two re-checks the lab sets off on its own. */
export const RECHECK_MS = 5000;

/** What listeners of `changed` act on: the file, its content, and whether it applies. */
function trustKey(s: TrustState): string {
  return JSON.stringify([s.path, s.sha256, s.trusted, s.heldBack]);
}

export class TrustService implements INbcraftTrust {
  constructor(private readonly client: AxiosInstance) {}

  get state(): TrustState | null {
    return this._state;
  }

  get changed(): Signal<INbcraftTrust, TrustState | null> {
    return this._changed;
  }

  get heldBack(): boolean {
    return this._state?.heldBack ?? false;
  }

  async refresh(): Promise<TrustState | null> {
    this._lastRead = Date.now();
    this.set(await fetchTrust(this.client));
    return this._state;
  }

  /** Trust `shown`, the state the user looked at; the server refuses a changed file. */
  async trust(shown: TrustState): Promise<TrustState> {
    const state = await postTrust(this.client, shown);
    this.set(state);
    return state;
  }

  async revoke(): Promise<TrustState> {
    const state = await revokeTrust(this.client);
    this.set(state);
    return state;
  }

  /**
   * `refresh`, at most once per `RECHECK_MS`, for re-checks the lab sets off on its own, whose
   * listeners then probe every compute target. `afterAnyRead` (the palette asking which trust
   * command applies, many times a minute) also skips a state any read just fetched; the
   * window shown or focused again skips only another re-check, so a file changed outside the
   * lab (git pull) right after a save in it is still read.
   */
  recheck(
    now = Date.now(),
    afterAnyRead = false
  ): Promise<TrustState | null> | null {
    const last = afterAnyRead
      ? Math.max(this._lastCheck ?? -Infinity, this._lastRead ?? -Infinity)
      : (this._lastCheck ?? -Infinity);
    if (now - last < RECHECK_MS) {
      return null;
    }
    this._lastCheck = now;
    return this.refresh();
  }

  /** `changed` fires only when the answer differs in what its listeners act on. */
  private set(state: TrustState): void {
    const before = this._state;
    this._state = state;
    if (before === null || trustKey(before) !== trustKey(state)) {
      this._changed.emit(state);
    }
  }

  private _lastCheck: number | null = null;
  private _lastRead: number | null = null;

  private _state: TrustState | null = null;
  private _changed = new Signal<INbcraftTrust, TrustState | null>(this);
}
