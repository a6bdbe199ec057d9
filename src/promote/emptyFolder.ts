/**
 * A refused promotion's roll-back removing a folder it made, through
 * `POST /nbcraft/promote/remove-folder` (nbcraft/promote/handlers.py), not the contents API:
 * Contents' listing leaves out hidden names (`.gitkeep`, `.DS_Store`, a checkpoint) and
 * `hide_globs` (`__pycache__`), so a folder someone wrote one into looked empty, and its
 * `DELETE` takes a folder with all it holds (send2trash; `rmtree` when it holds only
 * checkpoints). The server removes the folder only when it holds nothing, hidden names
 * included, and says so.
 */
import { URLExt } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';
import { ServerConnection } from '@jupyterlab/services';

import { TranslatableError } from '../core/translatable';
import type { RemoveEmptyFolder } from './writePlan';

/**
 * Asks the server, with the contents manager's own settings, to remove an empty folder:
 * true when it did (or nothing is there any more), false when the folder holds something
 * and was left. Throws when the server cannot tell (no server extension, a contents manager
 * that keeps no files on disk, a refusal) and for a folder on another lab drive
 * (`Drive:proj/pkg`), which the server does not see: the roll-back then leaves the folder
 * and names it.
 */
export function emptyFolderRemover(
  contents: Pick<Contents.IManager, 'serverSettings' | 'driveName'>
): RemoveEmptyFolder {
  const settings = contents.serverSettings;
  const url = URLExt.join(
    settings.baseUrl,
    'nbcraft',
    'promote',
    'remove-folder'
  );
  return async (folder, emptyInit = false) => {
    const drive = contents.driveName(folder);
    if (drive !== '') {
      throw new TranslatableError(tr =>
        tr.__(
          'it is on the drive %1, which the Jupyter server cannot look into',
          drive
        )
      );
    }
    const response = await ServerConnection.makeRequest(
      url,
      {
        method: 'POST',
        body: JSON.stringify(
          emptyInit ? { path: folder, empty_init: true } : { path: folder }
        )
      },
      settings
    );
    let body: {
      removed?: unknown;
      missing?: unknown;
      message?: unknown;
    } | null;
    try {
      body = (await response.json()) as typeof body;
    } catch {
      body = null; // a proxy's page, or Jupyter's own 404 without the extension
    }
    if (response.ok && typeof body?.removed === 'boolean') {
      // missing: nothing there any more, which leaves nothing behind
      return body.removed || body.missing === true;
    }
    if (response.status === 501 && typeof body?.message === 'string') {
      // the server's reason, which says what to do (nbcraft/promote/handlers.py: a contents
      // manager that keeps no files on disk has no "remove only if empty", and a listing
      // then a delete would take a file written between the two; README, Promote). A 501
      // without it (a proxy's page) is told as any other answer below.
      const reason = body.message;
      throw new TranslatableError(() => reason);
    }
    const message =
      typeof body?.message === 'string' ? body.message : response.statusText;
    throw new TranslatableError(tr =>
      tr.__(
        'the server did not say the folder was empty (HTTP %1: %2)',
        response.status,
        message
      )
    );
  };
}
