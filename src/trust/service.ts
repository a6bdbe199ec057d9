/**
 * The trust state shared by the notice, the commands and the compute status item: one
 * place that asks the server and says when the answer changed.
 */
import { Signal } from '@lumino/signaling';
import type { AxiosInstance } from 'axios';

import { fetchTrust, postTrust, revokeTrust, type TrustState } from './api';
import type { INbcraftTrust } from './tokens';

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

  private set(state: TrustState): void {
    this._state = state;
    this._changed.emit(state);
  }

  private _state: TrustState | null = null;
  private _changed = new Signal<INbcraftTrust, TrustState | null>(this);
}
