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

  refresh(): Promise<TrustState | null> {
    return this.read(Date.now());
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
   * `refresh`, unless the state was read less than `RECHECK_MS` ago: for re-checks the lab
   * sets off on its own (the window shown again, the palette asking which trust command
   * applies), whose listeners then probe every compute target.
   */
  recheck(now = Date.now()): Promise<TrustState | null> | null {
    if (this._lastCheck !== null && now - this._lastCheck < RECHECK_MS) {
      return null;
    }
    return this.read(now);
  }

  /** Every read counts as a check: `recheck` does not ask again right after one. */
  private async read(now: number): Promise<TrustState | null> {
    this._lastCheck = now;
    this.set(await fetchTrust(this.client));
    return this._state;
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

  private _state: TrustState | null = null;
  private _changed = new Signal<INbcraftTrust, TrustState | null>(this);
}
