/**
 * An in-memory stand-in for the Jupyter contents manager's `get`/`save`/`rename`/`delete`,
 * answering missing paths with the 404 shape ServerConnection.ResponseError has, and a
 * rename onto anything that exists with 409, as jupyter_server's FileContentsManager does
 * (`rename_file`: `os.path.exists(new) and not samefile(old, new)`). It lets the write
 * logic be tested without a server; the Galata test drives the real contents API.
 */
import type {
  ContentsAccess,
  PlannedFiles,
  RemoveEmptyFolder
} from '../../src/promote/writePlan';

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
  /** renames made, as `from -> to` */
  renames: string[] = [];
  deletes: string[] = [];
  /**
   * Names left out of listings, as `ContentsManager.hide_globs` does; `get`, `save` and
   * `rename` still reach them, as in jupyter_server.
   */
  hidden: (name: string) => boolean = () => false;
  /** called before each save (a kernel or another tab writing meanwhile) */
  beforeSave: (path: string) => void = () => undefined;

  constructor(private readonly caseInsensitive = false) {}

  private exists(path: string): boolean {
    return this.files.has(path) || this.folders.has(path);
  }

  private reject(message: string, status: number): Promise<never> {
    return Promise.reject(
      Object.assign(new Error(message), { response: { status } })
    );
  }

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
    const entries = [
      ...[...this.folders]
        .filter(path => path !== '' && parentOf(path) === folder)
        .map(path => ({ name: nameOf(path), type: 'directory' })),
      ...[...this.files.keys()]
        .filter(path => parentOf(path) === folder)
        .map(path => ({ name: nameOf(path), type: 'file' }))
    ];
    return entries.filter(entry => !this.hidden(entry.name));
  }

  /**
   * The server's removal of an empty folder (POST /nbcraft/promote/remove-folder): the
   * folder goes only when nothing is in it, names `hidden` leaves out of listings included.
   */
  readonly removeEmptyFolder: RemoveEmptyFolder = folder => {
    const path = this.resolve(folder);
    if (!this.folders.has(path)) {
      return Promise.resolve(!this.files.has(path));
    }
    const inside = [...this.folders, ...this.files.keys()].some(known =>
      known.startsWith(`${path}/`)
    );
    if (!inside) {
      this.folders.delete(path);
    }
    return Promise.resolve(!inside);
  };

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
      this.beforeSave(asked);
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
    },
    rename: (from: string, to: string) => {
      const source = this.resolve(from);
      const target = this.resolve(to);
      if (!this.exists(source)) {
        return this.reject(`${from} not found`, 404);
      }
      if (this.exists(target) && target !== source) {
        return this.reject(`File already exists: ${to}`, 409);
      }
      this.renames.push(`${from} -> ${to}`);
      // the target's folders as stored, its own name as asked
      const slash = to.lastIndexOf('/');
      const destination =
        slash < 0
          ? to
          : `${this.resolve(to.slice(0, slash))}${to.slice(slash)}`;
      const moved = (path: string) =>
        path === source || path.startsWith(`${source}/`)
          ? destination + path.slice(source.length)
          : path;
      this.files = new Map(
        [...this.files].map(([path, text]) => [moved(path), text])
      );
      this.folders = new Set([...this.folders].map(moved));
      return Promise.resolve({ path: to } as never);
    },
    delete: (asked: string) => {
      const path = this.resolve(asked);
      if (!this.exists(path)) {
        return this.reject(`${asked} not found`, 404);
      }
      this.deletes.push(asked);
      for (const known of [...this.files.keys()]) {
        if (known === path || known.startsWith(`${path}/`)) {
          this.files.delete(known);
        }
      }
      for (const known of [...this.folders]) {
        if (known === path || known.startsWith(`${path}/`)) {
          this.folders.delete(known);
        }
      }
      return Promise.resolve();
    }
  };
}

/** A promotion of `proj/src/pkg/feat.py` with its test in `proj/tests`, both new. */
export const files: PlannedFiles = {
  root: 'proj',
  modulePath: 'src/pkg/feat.py',
  moduleName: 'pkg.feat',
  moduleText: 'def f():\n    return 1\n',
  existingModuleText: null,
  testPath: 'tests/test_feat.py',
  testText: 'from pkg.feat import f\n',
  existingTestText: null
};

/** The temporary items (`name.nbcraft-xxxx.tmp`) a write left in `memory`. */
export const temporaries = (memory: MemoryContents): string[] =>
  [...memory.files.keys(), ...memory.folders].filter(path =>
    path.includes('.nbcraft-')
  );
