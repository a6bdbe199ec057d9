/**
 * The trust and revoke commands, each offered only while it applies: "Trust the Project
 * Settings…" until the file's current content is trusted, "Stop Trusting…" while it is. The
 * palette and menus look again whenever the trust state changes, and asking them reads a
 * stale state again.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { TranslationBundle } from '@jupyterlab/translation';
import { notTrustedIcon, trustedIcon } from '@jupyterlab/ui-components';

import { CommandIDs } from '../core/commandIds';
import type { TrustState } from './api';
import type { INbcraftTrust } from './tokens';

/**
 * Whether trusting applies: before the first answer (the command then asks the server and
 * says what it found), for an untrusted file that asks for something, and for a trusted file
 * whose content changed (the server answers `trusted: false` then). Not while the current
 * content is trusted, nor when the root has no project file or it asks for nothing.
 */
export function canTrust(state: TrustState | null): boolean {
  return (
    state === null ||
    (state.path !== null && !state.trusted && state.requests.length > 0)
  );
}

/** Whether revoking applies: while the current content is trusted. */
export function canRevoke(state: TrustState | null): boolean {
  return state?.trusted ?? false;
}

export function addTrustCommands(
  commands: JupyterFrontEnd['commands'],
  service: INbcraftTrust,
  trans: TranslationBundle,
  run: {
    trust: () => Promise<void>;
    revoke: () => Promise<void>;
    /** read the trust state again unless it is fresh (TrustService.recheck) */
    recheck: () => void;
  }
): void {
  // The state may be stale (the file edited in a terminal, trust revoked in another tab
  // while this window kept focus): each time the palette asks, a state older than
  // RECHECK_MS is read again, and `changed` below updates the palette when it differs.
  const current = () => {
    if (service.state !== null) {
      run.recheck(); // before the first answer, the plugin's own first read is on its way
    }
    return service.state;
  };
  const trustApplies = () => canTrust(current());
  const revokeApplies = () => canRevoke(current());
  commands.addCommand(CommandIDs.trustProjectConfig, {
    label: trans.__('Trust the Project Settings (nbcraft.json)…'),
    caption: trans.__(
      'Let the config file at the Jupyter root set the tracking server and compute targets'
    ),
    icon: trustedIcon,
    isEnabled: trustApplies,
    isVisible: trustApplies,
    execute: run.trust
  });
  commands.addCommand(CommandIDs.revokeProjectConfig, {
    label: trans.__('Stop Trusting the Project Settings'),
    caption: trans.__(
      'The config file at the Jupyter root no longer sets the tracking server or compute targets'
    ),
    icon: notTrustedIcon,
    isEnabled: revokeApplies,
    isVisible: revokeApplies,
    execute: run.revoke
  });
  service.changed.connect(() => {
    commands.notifyCommandChanged(CommandIDs.trustProjectConfig);
    commands.notifyCommandChanged(CommandIDs.revokeProjectConfig);
  });
}
