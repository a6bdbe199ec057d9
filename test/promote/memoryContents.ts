/**
 * An in-memory stand-in for the Jupyter contents manager's `get`/`save`, answering
 * missing paths with the 404 shape ServerConnection.ResponseError has. It lets the write
 * logic be tested without a server; the Galata test drives the real contents API.
 */
import type { ContentsAccess } from '../../src/promote/writePlan';

export class MemoryContents {
  files = new Map<string, string>();
  folders = new Set<string>(['']);
  saves: string[] = [];
  /** every path asked for that was not there: each is a 404 in the browser's console */
  misses: string[] = [];
  /** every path asked for */
  gets: string[] = [];
  /** the status `get` answers for a path, once each (403, 500, ...), before it answers again */
  failures = new Map<string, number>();

  /**
   * @param caseInsensitive - a file system like macOS's or Windows': names are kept as
   * created but found whatever their case or Unicode normalization, so saving `feat.py`
   * beside `Feat.py` overwrites `Feat.py`.
   */
  constructor(private readonly caseInsensitive = false) {}

  /** The stored path that `path` names (itself when none does). */
  private resolve(path: string): string {
    if (!this.caseInsensitive) {
      return path;
    }
    const fold = (p: string) => p.normalize('NFC').toLowerCase();
    const stored = [...this.folders, ...this.files.keys()].find(
      known => fold(known) === fold(path)
    );
    if (stored !== undefined || path === '') {
      return stored ?? path;
    }
    const slash = path.lastIndexOf('/');
    return slash < 0
      ? path
      : `${this.resolve(path.slice(0, slash))}${path.slice(slash)}`;
  }

  /** A folder's entries as the contents API lists them (name and type). */
  private listing(folder: string): { name: string; type: string }[] {
    const parentOf = (path: string) =>
      path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
    return [
      ...[...this.folders]
        .filter(path => path !== '' && parentOf(path) === folder)
        .map(path => ({ name: nameOf(path), type: 'directory' })),
      ...[...this.files.keys()]
        .filter(path => parentOf(path) === folder)
        .map(path => ({ name: nameOf(path), type: 'file' }))
    ];
  }

  readonly access: ContentsAccess = {
    get: (asked: string, options?: { content?: boolean }) => {
      this.gets.push(asked);
      const status = this.failures.get(asked);
      if (status !== undefined) {
        this.failures.delete(asked);
        return Promise.reject(
          Object.assign(new Error(`${asked}: ${status}`), {
            response: { status }
          })
        );
      }
      const path = this.resolve(asked);
      if (this.files.has(path)) {
        return Promise.resolve({
          type: 'file',
          content: this.files.get(path)
        } as never);
      }
      if (this.folders.has(path)) {
        return Promise.resolve({
          type: 'directory',
          content: options?.content === false ? null : this.listing(path)
        } as never);
      }
      this.misses.push(asked);
      return Promise.reject(
        Object.assign(new Error(`${path} not found`), {
          response: { status: 404 }
        })
      );
    },
    save: (asked: string, options?: { type?: string; content?: unknown }) => {
      const path = this.resolve(asked);
      const parent = this.resolve(
        path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : ''
      );
      if (!this.folders.has(parent)) {
        return Promise.reject(
          Object.assign(new Error(`no folder ${parent}`), {
            response: { status: 404 }
          })
        );
      }
      this.saves.push(asked);
      if (options?.type === 'directory') {
        this.folders.add(path);
      } else {
        this.files.set(path, String(options?.content));
      }
      return Promise.resolve({ path } as never);
    }
  };
}
