/**
 * Workspace trust in the lab: one notice per untrusted project config file that asks for
 * something (what it would set, and a Trust button), and the trust/revoke commands. The
 * compute picker and status item follow INbcraftTrust's `changed`.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import {
  ITranslator,
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';

import { INbcraftCore } from '../core/plugin';
import type { TrustState } from './api';
import { parseConfigText } from '@nbcraft/lint-rules';

import {
  describeRequest,
  nestedConfigHint,
  noticeKey,
  noticeText,
  projectConfigAt,
  rootOnlyKeysIn
} from './model';
import { addTrustCommands } from './commands';
import { TrustService } from './service';
import { CommandIDs } from '../core/commandIds';
import { INbcraftTrust, TRUST_PLUGIN_ID } from './tokens';
import { errorText } from '../core/translatable';

export const trustPlugin: JupyterFrontEndPlugin<INbcraftTrust> = {
  id: TRUST_PLUGIN_ID,
  description:
    'Asks before a project config file may set the tracking server or compute targets.',
  autoStart: true,
  requires: [INbcraftCore],
  optional: [ICommandPalette, ITranslator],
  provides: INbcraftTrust,
  activate: (
    app: JupyterFrontEnd,
    core: INbcraftCore,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbcraft');
    const service = new TrustService(core.client);
    const asked = new Set<string>();

    const trust = async (shown: TrustState): Promise<void> => {
      try {
        const state = await service.trust(shown);
        Notification.success(
          trans.__(
            'Trusted %1: its project settings now apply.',
            state.file ?? ''
          ),
          { autoClose: 5000 }
        );
        // The kernelspecs of the trusted targets now exist: show them in the Launcher.
        await app.serviceManager.kernelspecs.refreshSpecs();
      } catch (error) {
        Notification.error(
          trans.__(
            'Could not trust the project settings: %1',
            errorText(error, trans)
          ),
          { autoClose: false }
        );
        void notifyIfHeldBack(service, asked, trust, trans, true);
      }
    };

    // A re-read the lab sets off on its own (at most once per RECHECK_MS): a file that now
    // asks for something gets its notice, as on a save.
    const recheckNow = (afterAnyRead = false) => {
      const reading = service.recheck(Date.now(), afterAnyRead);
      if (reading) {
        void notifyIfHeldBack(service, asked, trust, trans, false, reading);
      }
    };

    void core.serverInfo.then(info => {
      if (!info) {
        return;
      }
      void notifyIfHeldBack(service, asked, trust, trans, false);
      // A project file added or changed mid-session, no reload needed: saved in the lab (the
      // contents API's fileChanged), or by git or an editor outside it (read again when the
      // lab's window is shown or focused again, or the palette asks for the trust commands, at
      // most once per RECHECK_MS). The compute picker and
      // status follow `changed`, which fires only when the answer changed.
      const recheck = () =>
        void notifyIfHeldBack(service, asked, trust, trans, false);
      const hinted = new Set<string>();
      app.serviceManager.contents.fileChanged.connect((_sender, change) => {
        const saved = change.newValue?.path;
        const paths = [change.oldValue?.path, saved].filter(
          (p): p is string => typeof p === 'string'
        );
        if (paths.some(p => projectConfigAt(p) === 'root')) {
          recheck();
        }
        if (saved !== undefined && projectConfigAt(saved) === 'nested') {
          void hintNestedConfig(app, saved, hinted, trans);
        }
      });
      // the tab shown again, or the window focused again (another app was in front)
      const shown = () => {
        if (document.visibilityState === 'visible') {
          recheckNow();
        }
      };
      document.addEventListener('visibilitychange', shown);
      window.addEventListener('focus', shown);
    });

    addTrustCommands(app.commands, service, trans, {
      trust: () => notifyIfHeldBack(service, asked, trust, trans, true),
      recheck: () => {
        recheckNow(true);
      },
      revoke: async () => {
        const state = await service.revoke();
        await app.serviceManager.kernelspecs.refreshSpecs();
        Notification.info(
          trans.__(
            '%1 is no longer trusted: its tracking server and compute targets are not used.',
            state.file ?? ''
          ),
          { autoClose: 5000 }
        );
      }
    });
    for (const command of [
      CommandIDs.trustProjectConfig,
      CommandIDs.revokeProjectConfig
    ]) {
      palette?.addItem({ command, category: 'nbcraft' });
    }
    return service;
  }
};

/** Ask once per file content (or again when `force`), if the file asks for something. */
async function notifyIfHeldBack(
  service: TrustService,
  asked: Set<string>,
  trust: (shown: TrustState) => Promise<void>,
  trans: TranslationBundle,
  force: boolean,
  reading?: Promise<TrustState | null>
): Promise<void> {
  let state: TrustState | null;
  try {
    state = await (reading ?? service.refresh());
  } catch (error) {
    console.warn('nbcraft: could not read the project trust state', error);
    return;
  }
  const key = state ? noticeKey(state) : null;
  if (!state || key === null) {
    if (force && state) {
      Notification.info(
        state.path
          ? trans.__('%1 asks for nothing that needs trust.', state.file ?? '')
          : trans.__('There is no nbcraft.json at the Jupyter root.'),
        { autoClose: 5000 }
      );
    }
    return;
  }
  if (asked.has(key) && !force) {
    return;
  }
  asked.add(key);
  const shown = state;
  Notification.warning(noticeText(shown, trans), {
    autoClose: false,
    actions: [
      {
        label: trans.__('Trust'),
        caption: trans.__('Trust this exact content of %1', shown.file ?? ''),
        displayType: 'accent',
        callback: () => void trust(shown)
      },
      {
        label: trans.__('Details…'),
        caption: trans.__(
          'What %1 would set, before you decide',
          shown.file ?? ''
        ),
        callback: () => void reviewAndTrust(shown, trust, trans)
      },
      {
        label: trans.__('Not now'),
        caption: trans.__('Keep the project settings held back'),
        callback: () => undefined
      }
    ]
  });
}

/**
 * A project file saved in a sub-folder that sets what only the root's file can: say so once
 * per file and keys, instead of ignoring it silently.
 */
async function hintNestedConfig(
  app: JupyterFrontEnd,
  path: string,
  hinted: Set<string>,
  trans: TranslationBundle
): Promise<void> {
  let keys: string[];
  try {
    const model = await app.serviceManager.contents.get(path, {
      type: 'file',
      format: 'text',
      content: true
    });
    keys = rootOnlyKeysIn(parseConfigText(path, String(model.content)));
  } catch {
    return; // unreadable or invalid: the lint banner names the problem
  }
  const key = `${path}#${keys.join(',')}`;
  if (keys.length === 0 || hinted.has(key)) {
    return;
  }
  hinted.add(key);
  Notification.info(nestedConfigHint(path, keys, trans), { autoClose: 15000 });
}

/** The full description, and Trust or Not now. */
async function reviewAndTrust(
  shown: TrustState,
  trust: (shown: TrustState) => Promise<void>,
  trans: TranslationBundle
): Promise<void> {
  const answer = await showDialog({
    title: trans.__('Trust %1?', shown.file ?? ''),
    body: describeRequest(shown, trans),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Not now') }),
      Dialog.warnButton({ label: trans.__('Trust') })
    ]
  });
  if (answer.button.accept) {
    await trust(shown);
  }
}
