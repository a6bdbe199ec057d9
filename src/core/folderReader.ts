/**
 * Reading files through the Jupyter contents API without asking for paths that are not
 * there: a 404 is logged by the browser as a console error, and a promote preview or a lint
 * config lookup looks for many files that mostly do not exist.
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';

/** The part of the contents manager these readers (and promote's writes) use. */
export type ContentsAccess = Pick<Contents.IManager, 'get' | 'save'>;

export function isNotFound(error: unknown): boolean {
  const response = (error as { response?: { status?: number } } | null)
    ?.response;
  return response?.status === 404;
}

/** A file's text through the contents API, or null when it does not exist. */
export async function readTextOrNull(
  contents: ContentsAccess,
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

/** What a folder holds: each entry's name and contents type ('file', 'directory', ...). */
type Listing = Map<string, string>;

/**
 * Reads files and asks whether folders exist without asking the server for paths that
 * are not there: each folder is listed once (parents first, from the Jupyter root) and a
 * path missing from its folder's listing is answered from that listing. A preview looks for
 * a dozen files that mostly do not exist (config files up the folders, the module, its
 * test, pytest's config); asked one by one, each was a 404 in the browser's console.
 * Listings are kept for the reader's life: make a new reader where the folders may have
 * changed since (the writes make their own).
 */
export class FolderReader {
  constructor(private readonly contents: ContentsAccess) {}

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
    if (path === '') {
      return 'directory';
    }
    const listing = await this.list(PathExt.dirname(path));
    return listing?.get(PathExt.basename(path)) ?? null;
  }

  private readonly listings = new Map<string, Promise<Listing | null>>();

  private list(folder: string): Promise<Listing | null> {
    let listing = this.listings.get(folder);
    if (!listing) {
      listing = this.kind(folder).then(async kind => {
        if (kind !== 'directory') {
          return null;
        }
        const model = await this.contents.get(folder, {
          type: 'directory',
          content: true
        });
        const entries = Array.isArray(model.content)
          ? (model.content as { name: string; type: string }[])
          : [];
        return new Map(entries.map(entry => [entry.name, entry.type]));
      });
      this.listings.set(folder, listing);
    }
    return listing;
  }
}
