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
    get: (path: string, options?: { content?: boolean }) => {
      this.gets.push(path);
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
      this.misses.push(path);
      return Promise.reject(
        Object.assign(new Error(`${path} not found`), {
          response: { status: 404 }
        })
      );
    },
    save: (path: string, options?: { type?: string; content?: unknown }) => {
      const parent = path.includes('/')
        ? path.slice(0, path.lastIndexOf('/'))
        : '';
      if (!this.folders.has(parent)) {
        return Promise.reject(
          Object.assign(new Error(`no folder ${parent}`), {
            response: { status: 404 }
          })
        );
      }
      this.saves.push(path);
      if (options?.type === 'directory') {
        this.folders.add(path);
      } else {
        this.files.set(path, String(options?.content));
      }
      return Promise.resolve({ path } as never);
    }
  };
}
