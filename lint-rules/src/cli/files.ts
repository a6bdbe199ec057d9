/** PATH|GLOB arguments -> notebook candidate files, honouring .gitignore files from the repo root down. */
import type FastGlob from 'fast-glob';
import ignore, { Ignore } from 'ignore';
import { existsSync, readFileSync } from 'fs';
import { readdir } from 'fs/promises';
import * as path from 'path';
import type { CliIo } from './io';
import { relativePath, resolvePath } from './paths';

export const NOTEBOOK_EXTENSIONS = ['ipynb', 'py'];
/** folders never looked into, at any depth */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  '.ipynb_checkpoints',
  '__pycache__',
  '.venv'
]);
const ALWAYS_SKIPPED = [...SKIPPED_DIRS].map(name => `**/${name}/**`);

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** Finds the folder holding .git above `start` (the root of .gitignore lookups), else `start`. */
export function gitRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      return start;
    }
  }
}

/** .gitignore matcher for files under `root`, reading each folder's .gitignore once. */
export class GitignoreFilter {
  private readonly cache = new Map<string, Ignore | null>();

  constructor(private readonly root: string) {}

  private load(dir: string): Ignore | null {
    if (!this.cache.has(dir)) {
      const file = path.join(dir, '.gitignore');
      let ig: Ignore | null = null;
      if (existsSync(file)) {
        try {
          ig = ignore().add(readFileSync(file, 'utf8'));
        } catch {
          ig = null;
        }
      }
      this.cache.set(dir, ig);
    }
    return this.cache.get(dir) ?? null;
  }

  ignores(absFile: string): boolean {
    const rel = path.relative(this.root, absFile);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      return false;
    }
    const parts = rel.split(path.sep);
    let dir = this.root;
    for (let i = 0; i < parts.length; i++) {
      const ig = this.load(dir);
      if (ig?.ignores(parts.slice(i).join('/'))) {
        return true;
      }
      dir = path.join(dir, parts[i]);
    }
    return false;
  }
}

export interface ExpandedFile {
  /** absolute path */
  abs: string;
  /** named explicitly on the command line (linted even when gitignored) */
  explicit: boolean;
}

/** fast-glob loaded on first use: explicit file lists (pre-commit, CI diffs) never pay its load time */
let fastGlob: typeof FastGlob | undefined;
async function loadFastGlob(): Promise<typeof FastGlob> {
  fastGlob ??= (await import('fast-glob')).default;
  return fastGlob;
}

export async function expandTargets(
  targets: readonly string[],
  io: CliIo
): Promise<ExpandedFile[]> {
  const list = targets.length ? targets : ['.'];
  const gitignore = new GitignoreFilter(gitRoot(io.cwd));
  const out = new Map<string, ExpandedFile>();
  for (const target of list) {
    const abs = resolvePath(target, io.cwd);
    const kind = await io.kind(abs);
    if (kind === 'file') {
      out.set(abs, { abs, explicit: true });
      continue;
    }
    let matches: string[];
    const fg = kind === 'dir' ? undefined : await loadFastGlob();
    if (kind === 'dir') {
      matches = await walkNotebooks(abs);
    } else if (fg?.isDynamicPattern(target)) {
      matches = await fg(toPosix(target), {
        cwd: io.cwd,
        absolute: true,
        ignore: ALWAYS_SKIPPED,
        onlyFiles: true
      });
      matches = matches.filter(m => /\.(ipynb|py)$/i.test(m));
    } else {
      throw new UsageError(`no such file or folder: ${target}`);
    }
    if (matches.length === 0 && kind !== 'dir') {
      throw new UsageError(`no notebooks match ${target}`);
    }
    for (const m of matches) {
      const file = resolvePath(m);
      if (!out.has(file) && !gitignore.ignores(file)) {
        out.set(file, { abs: file, explicit: false });
      }
    }
  }
  return [...out.values()].sort((a, b) =>
    a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0
  );
}

const NOTEBOOK_NAME = new RegExp(`\\.(?:${NOTEBOOK_EXTENSIONS.join('|')})$`);

/**
 * The notebooks under `root`, as fast-glob matched `**` / `*.{ipynb,py}` under them:
 * no hidden names, none of SKIPPED_DIRS, no symbolic links. Walked by hand because picomatch's
 * regexes use `.`, which skips any path holding LF, CR, U+2028 or U+2029.
 */
async function walkNotebooks(root: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        continue; // removed while walking, as fast-glob did
      }
      throw e;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.')) {
        continue;
      }
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) {
          pending.push(path.join(dir, name));
        }
      } else if (entry.isFile() && NOTEBOOK_NAME.test(name)) {
        found.push(path.join(dir, name));
      }
    }
  }
  return found;
}

export function displayPath(abs: string, cwd: string): string {
  const rel = relativePath(cwd, abs);
  return toPosix(rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel);
}
