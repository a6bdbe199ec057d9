/**
 * Reading the files a promotion may write, for the preview: what the folder listings say,
 * and, for a name they leave out, what the server says is there.
 *
 * jupyter_server's listings leave out what `ContentsManager.hide_globs` matches (a `test_*`
 * or `__init__.py` glob, say): read from the listings alone, an existing hidden test file
 * was previewed as a new file and the accept was then refused (the rename onto it, 409).
 * Asking the contents API for each missing name would answer, but a missing file is a 404
 * in the browser's console; `GET /nbcraft/promote/existing` answers "is something there?"
 * without one, confined and authorized as Contents is (nbcraft/promote/handlers.py). A
 * path under jupyter_server's hidden-file rule (a name starting with `.`) is answered
 * "hidden" without saying whether it exists: Contents neither reads nor writes it, so the
 * preview says it cannot tell and blocks the accept.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import type { FolderReader } from '../core/folderReader';
import { readTextOrNull, type ContentsReader } from '../core/folderReader';
import { TranslatableError } from '../core/translatable';

/** What the server says is at a path ('hidden': its hidden-file rule covers it). */
export type PathKind = 'file' | 'directory' | 'hidden' | null;

/** What is at `path`, as the server says, or undefined when it cannot be asked. */
export type AskPath = (path: string) => Promise<PathKind | undefined>;

/**
 * Asks `/nbcraft/promote/existing` with the contents manager's own server settings, once
 * per path. Without the server extension (a 404) it stops asking and answers undefined:
 * the listings are all there is, and the rename at the accept still refuses to overwrite.
 */
export function existingPathAsker(
  settings: ServerConnection.ISettings
): AskPath {
  const asked = new Map<string, Promise<PathKind | undefined>>();
  let unavailable = false;
  const ask = async (path: string): Promise<PathKind | undefined> => {
    if (unavailable) {
      return undefined;
    }
    const url =
      URLExt.join(settings.baseUrl, 'nbcraft', 'promote', 'existing') +
      URLExt.objectToQueryString({ path });
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(url, {}, settings);
    } catch {
      return undefined;
    }
    if (response.status === 404) {
      unavailable = true;
      return undefined;
    }
    if (!response.ok) {
      return undefined;
    }
    const body = (await response.json()) as {
      paths?: Record<string, unknown>;
    };
    const kind = body.paths?.[path];
    return kind === 'file' ||
      kind === 'directory' ||
      kind === 'hidden' ||
      kind === null
      ? kind
      : undefined;
  };
  return path => {
    let kind = asked.get(path);
    if (!kind) {
      kind = ask(path);
      asked.set(path, kind);
    }
    return kind;
  };
}

/**
 * A file's text for the preview, or null when nothing is there: the listings first, then,
 * for a name they leave out, the server. A file they hid is read through Contents (its
 * `get` reaches what `hide_globs` hides); a folder or a hidden path is refused with what to
 * do, which blocks the accept.
 */
export function plannedFileReader(
  reader: FolderReader,
  contents: ContentsReader,
  askPath: AskPath
): (path: string) => Promise<string | null> {
  return async path => {
    const text = await reader.readText(path);
    if (text !== null) {
      return text;
    }
    const kind = await askPath(path);
    if (kind === 'file') {
      return readTextOrNull(contents, path);
    }
    if (kind === 'directory') {
      throw new TranslatableError(tr =>
        tr.__(
          '%1 is a folder: choose another module path or tests folder.',
          path
        )
      );
    }
    if (kind === 'hidden') {
      throw new TranslatableError(tr =>
        tr.__(
          '%1 is hidden (a name starting with "."): Jupyter neither reads nor writes it, so promote cannot tell whether it exists. Choose a module path and tests folder without hidden names.',
          path
        )
      );
    }
    return null;
  };
}
