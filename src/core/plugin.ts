import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Token } from '@lumino/coreutils';
import type { AxiosInstance } from 'axios';

import { createNbcraftClient, getJson, NbcraftApiError } from './api';
import { ServerInfoSchema, type ServerInfo } from './info';
import { errorText } from './translatable';

/** What the core plugin gives the capability plugins. */
export interface INbcraftCore {
  /** The authenticated client for `<base_url>/nbcraft/...`. */
  readonly client: AxiosInstance;
  /** The server extension's info, or null when it is not enabled. */
  readonly serverInfo: Promise<ServerInfo | null>;
}

/** The token of nbcraft's core plugin. */
export const INbcraftCore = new Token<INbcraftCore>(
  'nbcraft:INbcraftCore',
  'The nbcraft server client and server extension info.'
);

/**
 * The core plugin: one API client for every capability, and a clear message when
 * the server extension is missing, instead of each feature failing on its own.
 */
export const corePlugin: JupyterFrontEndPlugin<INbcraftCore> = {
  id: 'nbcraft:core',
  description:
    'The nbcraft server client; warns when the server extension is missing.',
  autoStart: true,
  provides: INbcraftCore,
  optional: [ITranslator],
  activate: (_app: JupyterFrontEnd, translator: ITranslator | null) => {
    const trans = (translator ?? nullTranslator).load('nbcraft');
    const client = createNbcraftClient();
    const serverInfo = getJson(client, 'info', ServerInfoSchema).catch(
      (error: unknown) => {
        const status = error instanceof NbcraftApiError ? error.status : 0;
        const message =
          status === 404
            ? trans.__(
                'The nbcraft server extension is not enabled. Run `jupyter server extension enable nbcraft` and restart JupyterLab.'
              )
            : trans.__(
                'nbcraft could not reach its server extension: %1',
                errorText(error, trans)
              );
        Notification.warning(message, { autoClose: false });
        return null;
      }
    );
    return { client, serverInfo };
  }
};
