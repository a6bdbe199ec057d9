/** The workspace-trust capability as other plugins see it. */
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';

import type { TrustState } from './api';

export const TRUST_PLUGIN_ID = 'nbcraft:trust';

/** The trust state of the Jupyter root's project config file. */
export interface INbcraftTrust {
  /** the last state the server gave; null before the first answer */
  readonly state: TrustState | null;
  /** emitted when the state changes (after a refresh, a trust or a revoke) */
  readonly changed: ISignal<INbcraftTrust, TrustState | null>;
  /** true when the project file asks for settings that are held back */
  readonly heldBack: boolean;
  /** ask the server again */
  refresh(): Promise<TrustState | null>;
}

export const INbcraftTrust = new Token<INbcraftTrust>(
  'nbcraft:INbcraftTrust',
  'Whether the project config file at the Jupyter root is trusted.'
);
