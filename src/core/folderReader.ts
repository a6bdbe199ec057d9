/**
 * Reading files through the Jupyter contents API without asking for paths that are not
 * there: a 404 is logged by the browser as a console error, and a promote preview or a lint
 * config lookup looks for many files that mostly do not exist.
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';

/** The part of the contents manager these readers use. */
export type ContentsReader = Pick<Contents.IManager, 'get'>;

/** The HTTP status of a failed contents request, if it carries one. */
export function responseStatus(error: unknown): number | undefined {
  return (error as { response?: { status?: number } } | null)?.response?.status;
}

export function isNotFound(error: unknown): boolean {
  return responseStatus(error) === 404;
}

/** A file's text through the contents API, or null when it does not exist. */
export async function readTextOrNull(
  contents: ContentsReader,
  path: string
): Promise<string | null> {
  try {
    const model = await contents.get(path, {
      type: 'file',
      format: 'text',
      content: true
    });
    return typeof model.content === 'string' ? model.content : null;
  } catch (error) {
    if (isNotFound(error)) {
      return null;
    }
    throw error;
  }
}

/**
 * Listings longer than this are not asked for again: jupyter_server stats every entry, so
 * a folder of 10^5 files took seconds on each preview and accept. Later readers ask the
 * server for each path in such a folder instead (a missing one is then a 404).
 */
export const LARGE_LISTING = 2000;

/** Folders whose listing was larger than `LARGE_LISTING`, for the page's life. */
const largeFolders = new Set<string>();

/** What a folder holds: each entry's name and contents type ('file', 'directory', ...). */
type Listing = Map<string, string>;

/**
 * A name as a case-insensitive file system (macOS, Windows) compares it, near enough:
 * NFC-normalised (macOS lists names decomposed) and lower-cased. It is not the file
 * system's own folding (APFS folds `ſ` to `s` and `ς` to `σ`; Windows ignores a trailing
 * dot or space and knows 8.3 names), and listings leave out what `hide_globs` hides: a
 * listing only informs the preview. What keeps promote's writes safe is the server
 * itself: new files and folders are made under a temporary name and renamed, which
 * jupyter_server refuses (409) when anything is at the target (see `writePlan.ts`).
 */
export function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Parents first: `a/b/c.py` -> ['a', 'a/b']. */
export function parentFolders(path: string): string[] {
  const folders: string[] = [];
  for (
    let folder = PathExt.dirname(path);
    folder !== '';
    folder = PathExt.dirname(folder)
  ) {
    folders.unshift(folder);
  }
  return folders;
}

export interface FolderReaderOptions {
  /**
   * A path that exists (the notebook's): its folders are known to be there, so each is
   * listed directly, never through its parent's listing. A preview then lists neither the
   * Jupyter root (with `$HOME` as root, thousands of entries) nor the notebook's ancestors
   * unless it reads a file in them.
   */
  existingPath?: string;
  /**
   * Asks the server what is at a path without a 404 for a missing one (promote's
   * `/nbcraft/promote/existing`, `kindAsker` in plannedFiles.ts): used where a listing cannot
   * answer (a name differing only in case from a listed one, a folder too large to list);
   * `undefined` when it cannot tell, and then the contents API is asked (a 404 in the
   * console when nothing is there).
   */
  askKind?: (path: string) => Promise<string | null | undefined>;
}

/**
 * Reads files and asks whether folders exist without asking the server for paths that
 * are not there: each folder is listed once (a folder not known to exist only after its
 * parent's listing says it is there) and a path missing from its folder's listing is
 * answered from that listing. A preview looks for a dozen files that mostly do not exist
 * (config files up the folders, the module, its test, pytest's config); asked one by one,
 * each was a 404 in the browser's console.
 *
 * A name missing from the listing while an entry differs from it only in case or Unicode
 * normalization (`feat.py` beside `Feat.py`) is asked of the server itself: on a
 * case-insensitive file system it is that entry, and a write to it would overwrite it; on
 * a case-sensitive one the answer is a 404 (a rare one) and the name is free.
 *
 * Listings are kept for the reader's life (a failed one is not): make a new reader where
 * the folders may have changed since (the writes make their own).
 */
export class FolderReader {
  private readonly known: Set<string>;
  private readonly askKind: FolderReaderOptions['askKind'];

  constructor(
    private readonly contents: ContentsReader,
    options: FolderReaderOptions = {}
  ) {
    this.askKind = options.askKind;
    this.known = new Set(
      options.existingPath === undefined
        ? []
        : parentFolders(options.existingPath)
    );
  }

  /** A file's text, or null when it does not exist (or is a folder). */
  async readText(path: string): Promise<string | null> {
    const kind = await this.kind(path);
    if (kind === null || kind === 'directory') {
      return null;
    }
    return readTextOrNull(this.contents, path);
  }

  /** The contents type of what is at `path` ('' is the root), or null when nothing is. */
  async kind(path: string): Promise<string | null> {
    if (path === '' || this.known.has(path)) {
      return 'directory';
    }
    const folder = PathExt.dirname(path);
    if (largeFolders.has(folder) && !this.listings.has(folder)) {
      // listing it again would cost more than the 404s of asking for each path
      return this.askServer(path);
    }
    const listing = await this.list(folder);
    if (!listing) {
      return null;
    }
    const name = PathExt.basename(path);
    const exact = listing.get(name);
    if (exact !== undefined) {
      return exact;
    }
    const folded = foldName(name);
    for (const entry of listing.keys()) {
      if (foldName(entry) === folded) {
        return this.askServer(path);
      }
    }
    return null;
  }

  private readonly listings = new Map<string, Promise<Listing | null>>();
  private readonly asked = new Map<string, Promise<string | null>>();

  /** What the server says is at `path` (null on a 404), asked once. */
  private askServer(path: string): Promise<string | null> {
    return this.once(this.asked, path, async () => {
      const answer = await this.askKind?.(path).catch(() => undefined);
      if (answer !== undefined) {
        return answer;
      }
      try {
        const model = await this.contents.get(path, { content: false });
        return model.type;
      } catch (error) {
        if (isNotFound(error)) {
          return null;
        }
        throw error;
      }
    });
  }

  private list(folder: string): Promise<Listing | null> {
    return this.once(this.listings, folder, async () => {
      if ((await this.kind(folder)) !== 'directory') {
        return null;
      }
      const model = await this.contents.get(folder, {
        type: 'directory',
        content: true
      });
      const entries = Array.isArray(model.content)
        ? (model.content as { name: string; type: string }[])
        : [];
      if (entries.length > LARGE_LISTING) {
        largeFolders.add(folder);
      }
      return new Map(entries.map(entry => [entry.name, entry.type]));
    });
  }

  /** `load(key)` made once per key; a failure is dropped, so the next call asks again. */
  private once<T>(
    cache: Map<string, Promise<T>>,
    key: string,
    load: () => Promise<T>
  ): Promise<T> {
    let value = cache.get(key);
    if (!value) {
      const loading = load();
      value = loading;
      cache.set(key, loading);
      loading.catch(() => {
        if (cache.get(key) === loading) {
          cache.delete(key);
        }
      });
    }
    return value;
  }
}
