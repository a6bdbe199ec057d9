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
 * hook). A refused path blocks the accept with the server's reason, and so does a path the
 * server could not be asked about (no server extension, a 500, a proxy's login page): the
 * link check does not fail open. The accept asks again about every path it writes
 * (`executeWrites`), as a link may be planted while the dialog is open.
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

/** The server's answer for a path, or why there is none (`unchecked`). */
export type PathAnswer = PathKind | { unchecked: string };

/** What is at each of `paths`, as the server says, or why it could not be asked. */
export type AskPaths = (
  paths: readonly string[]
) => Promise<Map<string, PathAnswer>>;

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
 * paths of one call in one request (20 a request at most), remembering each answer unless
 * `remember` is false (the accept's check, which must see what is there now). Without the
 * server extension (a 404) it stops asking and answers `unchecked` with why. Any other
 * failure (a 500, a body that is not JSON: a proxy's login page, a kind it does not know)
 * answers `unchecked` for that call only and is asked again next time.
 */
export function existingPathAsker(
  settings: ServerConnection.ISettings,
  { remember = true }: { remember?: boolean } = {}
): AskPaths {
  const known = new Map<string, PathKind>();
  let unavailable: string | undefined;
  const request = async (
    paths: string[],
    answers: Map<string, PathAnswer>
  ): Promise<void> => {
    const url =
      URLExt.join(settings.baseUrl, 'nbcraft', 'promote', 'existing') +
      // one `path` each (objectToQueryString would join them with commas)
      '?' +
      new URLSearchParams(paths.map(path => ['path', path])).toString();
    let body: {
      paths?: Record<string, unknown>;
      refused?: Record<string, unknown>;
    } | null;
    // a 200 whose body leaves the path out, or names a kind this lab does not know
    let why = 'the server gave no answer for it';
    try {
      const response = await ServerConnection.makeRequest(url, {}, settings);
      if (response.status === 404) {
        unavailable =
          "the server has no /nbcraft/promote/existing (404: nbcraft's server extension is not enabled)";
        return;
      }
      if (response.ok) {
        body = (await response.json()) as typeof body;
      } else {
        why = `the server answered ${response.status}`;
        body = null;
      }
    } catch (error) {
      // a body that is not JSON (a proxy's login page), or no answer at all
      const message = error instanceof Error ? error.message : String(error);
      why = `the server's answer could not be read (${message})`;
      body = null;
    }
    for (const path of paths) {
      // each path on its own: one refused does not leave the others unknown
      const kind = pathKind(body?.paths?.[path], body?.refused?.[path]);
      if (kind === undefined) {
        answers.set(path, { unchecked: why });
      } else {
        answers.set(path, kind);
        if (remember) {
          known.set(path, kind);
        }
      }
    }
  };
  return async paths => {
    const answers = new Map<string, PathAnswer>(known);
    const missing = [...new Set(paths)].filter(path => !known.has(path));
    for (let at = 0; at < missing.length && !unavailable; at += MAX_PATHS) {
      await request(missing.slice(at, at + MAX_PATHS), answers);
    }
    const unasked = { unchecked: unavailable ?? 'not asked' };
    return new Map(paths.map(path => [path, answerOf(answers, path, unasked)]));
  };
}

/** The answer for `path` (null, nothing there, is an answer), or `unasked`. */
export function answerOf(
  answers: ReadonlyMap<string, PathAnswer>,
  path: string,
  unasked: PathAnswer = { unchecked: 'not asked' }
): PathAnswer {
  return answers.has(path) ? (answers.get(path) as PathAnswer) : unasked;
}

/**
 * The refusal of a path the server refused, with its reason, or could not be asked about,
 * with why; null for any other answer. The preview's and the accept's (one wording), or,
 * `forUndo`, Undo Promote's (rollBack.ts).
 */
export function pathRefusal(
  path: string,
  answer: PathAnswer,
  forUndo = false
): TranslatableError | null {
  if (answer === null || typeof answer !== 'object') {
    return null;
  }
  // escaped, as the server's hint for a hidden character says it is; the reason too, in
  // case a server names what it should not
  const shown = showControlCharacters(path);
  if ('refused' in answer) {
    const reason = showControlCharacters(answer.refused);
    if (forUndo) {
      return new TranslatableError(tr =>
        tr.__('Undo Promote will not touch %1 (%2).', shown, reason)
      );
    }
    return new TranslatableError(tr =>
      tr.__(
        'Promote will not write %1 (%2): choose another module path or tests folder.',
        shown,
        reason
      )
    );
  }
  const why = showControlCharacters(answer.unchecked);
  if (forUndo) {
    return new TranslatableError(tr =>
      tr.__(
        'Undo Promote will not touch %1: could not check for links: %2. Try again once the server answers.',
        shown,
        why
      )
    );
  }
  return new TranslatableError(tr =>
    tr.__(
      'Promote will not write %1: could not check for links: %2. Try again once the server answers.',
      shown,
      why
    )
  );
}

/** The refusal of the first of `paths` the server refuses or cannot answer for, asked at once. */
export async function firstRefusal(
  askPaths: AskPaths,
  paths: readonly string[]
): Promise<TranslatableError | null> {
  const answers = await askPaths(paths);
  for (const path of paths) {
    const refused = pathRefusal(path, answerOf(answers, path));
    if (refused) {
      return refused;
    }
  }
  return null;
}

/**
 * `FolderReaderOptions.askKind` from the route: 'file', 'directory' or null (nothing there)
 * as the server says, without the 404 a Contents GET of a missing path logs; undefined
 * (the reader then asks Contents) for a hidden, refused or unanswered path.
 */
export function kindAsker(
  askPaths: AskPaths
): (path: string) => Promise<string | null | undefined> {
  return async path => {
    const answer = answerOf(await askPaths([path]), path);
    return answer === null || answer === 'file' || answer === 'directory'
      ? answer
      : undefined;
  };
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
    resolve: (kind: Promise<PathAnswer>) => void;
  }[] = [];
  const flush = (): void => {
    const batch = waiting;
    waiting = [];
    if (batch.length) {
      const kinds = askPaths(batch.map(item => item.path));
      for (const item of batch) {
        item.resolve(kinds.then(answer => answerOf(answer, item.path)));
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
    const asked = new Promise<PathAnswer>(resolve => {
      waiting.push({ path, resolve });
    });
    if (listing === 0) {
      flush();
    }
    const kind = await asked;
    const refused = pathRefusal(path, kind);
    if (refused) {
      throw refused;
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
