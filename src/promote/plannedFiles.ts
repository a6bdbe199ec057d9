/**
 * Reading the files a promotion may write, for the preview: what the folder listings say,
 * and, for a name they leave out, what the server says is there.
 *
 * jupyter_server's listings leave out what `ContentsManager.hide_globs` matches (a `test_*`
 * or `__init__.py` glob, say): read from the listings alone, an existing hidden test file
 * was previewed as a new file and the accept was then refused (the rename onto it, 409).
 * Asking the contents API for each missing name would answer, but a missing file is a 404
 * in the browser's console; `GET /nbcraft/promote/existing` answers "is something there?"
 * without one, authorized as Contents is (nbcraft/promote/handlers.py), for up to 20
 * names a request: the names one preview step looks for go in one. A path under
 * jupyter_server's hidden-file rule (a name starting with `.`, a hidden flag, a folder it
 * cannot read) is answered "hidden" without saying whether it exists: Contents neither
 * reads nor writes it, so the preview says it cannot tell and blocks the accept.
 *
 * Every path is asked, a listed file too: the route refuses a path with a symbolic link at
 * it or on its way, or below `.git`, as Contents' save would write where the link leads (a
 * planted `src/utils.py -> ../.git/hooks/pre-commit` got the function appended to a git
 * hook). A refused path blocks the accept with the server's reason.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { showControlCharacters } from '@nbcraft/lint-rules';

import type { FolderReader } from '../core/folderReader';
import { readTextOrNull, type ContentsReader } from '../core/folderReader';
import { TranslatableError } from '../core/translatable';

/**
 * What the server says is at a path ('hidden': its hidden-file rule covers it; `refused`:
 * it will not look there, and why).
 */
export type PathKind =
  'file' | 'directory' | 'hidden' | null | { refused: string };

/** What is at each of `paths`, as the server says; undefined where it cannot be asked. */
export type AskPaths = (
  paths: readonly string[]
) => Promise<Map<string, PathKind | undefined>>;

/** The most paths one request asks about (the route's `MAX_PATHS`). */
const MAX_PATHS = 20;

function pathKind(kind: unknown, reason: unknown): PathKind | undefined {
  if (kind === 'refused') {
    return {
      refused: typeof reason === 'string' ? reason : 'refused by the server'
    };
  }
  return kind === 'file' ||
    kind === 'directory' ||
    kind === 'hidden' ||
    kind === null
    ? kind
    : undefined;
}

/**
 * Asks `/nbcraft/promote/existing` with the contents manager's own server settings, all the
 * paths of one call in one request (20 a request at most), remembering each answer. Without
 * the server extension (a 404) it stops asking and answers undefined: the listings are all
 * there is, and the rename at the accept still refuses to overwrite. Any other failure (a
 * 500, a body that is not JSON: a proxy's login page) answers undefined for that call only
 * and is asked again next time.
 */
export function existingPathAsker(
  settings: ServerConnection.ISettings
): AskPaths {
  const known = new Map<string, PathKind>();
  let unavailable = false;
  const request = async (paths: string[]): Promise<void> => {
    const url =
      URLExt.join(settings.baseUrl, 'nbcraft', 'promote', 'existing') +
      // one `path` each (objectToQueryString would join them with commas)
      '?' +
      new URLSearchParams(paths.map(path => ['path', path])).toString();
    let body: {
      paths?: Record<string, unknown>;
      refused?: Record<string, unknown>;
    } | null;
    try {
      const response = await ServerConnection.makeRequest(url, {}, settings);
      if (response.status === 404) {
        unavailable = true;
        return;
      }
      body = response.ok ? ((await response.json()) as typeof body) : null;
    } catch {
      return;
    }
    for (const path of paths) {
      // each path on its own: one refused does not leave the others unknown
      const kind = pathKind(body?.paths?.[path], body?.refused?.[path]);
      if (kind !== undefined) {
        known.set(path, kind);
      }
    }
  };
  return async paths => {
    const missing = [...new Set(paths)].filter(path => !known.has(path));
    for (let at = 0; at < missing.length && !unavailable; at += MAX_PATHS) {
      await request(missing.slice(at, at + MAX_PATHS));
    }
    return new Map(paths.map(path => [path, known.get(path)]));
  };
}

/** The preview's refusal of a path the server refused, with the server's reason. */
function refusedError(path: string, reason: string): TranslatableError {
  return new TranslatableError(tr =>
    tr.__(
      'Promote will not write %1 (%2): choose another module path or tests folder.',
      // escaped, as the server's hint for a hidden character says it is
      showControlCharacters(path),
      reason
    )
  );
}

/**
 * A file's text for the preview, or null when nothing is there: the listings first, then
 * the server, for every name. A path the server refuses (a symbolic link) is refused with
 * its reason, listed or not; a file the listings hid is read through Contents (its `get`
 * reaches what `hide_globs` hides); a folder or a hidden path is refused with what to do.
 * Each refusal blocks the accept.
 *
 * Reads started together (the preview's module and test file, its pytest config files) ask
 * the server once, when the last of them has had its listing.
 */
export function plannedFileReader(
  reader: FolderReader,
  contents: ContentsReader,
  askPaths: AskPaths
): (path: string) => Promise<string | null> {
  let listing = 0;
  let waiting: {
    path: string;
    resolve: (kind: Promise<PathKind | undefined>) => void;
  }[] = [];
  const flush = (): void => {
    const batch = waiting;
    waiting = [];
    if (batch.length) {
      const kinds = askPaths(batch.map(item => item.path));
      for (const item of batch) {
        item.resolve(kinds.then(answer => answer.get(item.path)));
      }
    }
  };
  return async path => {
    listing++;
    let read: { text: string | null } | { error: unknown };
    try {
      read = { text: await reader.readText(path) };
    } catch (error) {
      // asked all the same: a listed dangling link fails to read, with the server's own
      // words (its absolute path); the refusal names the link instead
      read = { error };
    }
    listing--;
    // every path, listed or not: a listed file may be a symbolic link, which the server
    // refuses (Contents would write where it leads: a git hook, another notebook)
    const asked = new Promise<PathKind | undefined>(resolve => {
      waiting.push({ path, resolve });
    });
    if (listing === 0) {
      flush();
    }
    const kind = await asked;
    if (kind !== null && typeof kind === 'object') {
      throw refusedError(path, kind.refused);
    }
    if ('error' in read) {
      throw read.error;
    }
    if (read.text !== null) {
      return read.text;
    }
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
          '%1 is hidden from Jupyter (a name starting with ".", a hidden flag, or a folder the server cannot read): Jupyter neither reads nor writes it, so promote cannot tell whether it exists. Choose a module path and tests folder without hidden names.',
          path
        )
      );
    }
    return null;
  };
}
