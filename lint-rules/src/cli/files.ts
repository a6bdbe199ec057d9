/** PATH|GLOB arguments -> notebook candidate files, honouring .gitignore files from the repo root down. */
import type Picomatch from 'picomatch';
import type { Ignore } from 'ignore';
import { gitignoreMatcher, ignoresPath } from '../config/ignorePatterns';
import { existsSync, readFileSync } from 'fs';
import { readdir } from 'fs/promises';
import * as path from 'path';
import type { CliIo } from './io';
import { showControlCharacters } from '../promote/controlCharacters';
import { leavesFolder, relativePath, resolvePath } from './paths';

export const NOTEBOOK_EXTENSIONS = ['ipynb', 'py'];
/** folders never looked into, at any depth */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  '.ipynb_checkpoints',
  '__pycache__',
  '.venv'
]);

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
          ig = gitignoreMatcher(readFileSync(file, 'utf8'));
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
    if (leavesFolder(rel)) {
      return false;
    }
    const parts = rel.split(path.sep);
    let dir = this.root;
    for (let i = 0; i < parts.length; i++) {
      const ig = this.load(dir);
      if (ig && ignoresPath(ig, parts.slice(i).join('/'))) {
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

/** picomatch loaded on first use: explicit file lists (pre-commit, CI diffs) never pay its load time */
let picomatch: typeof Picomatch | undefined;
async function loadPicomatch(): Promise<typeof Picomatch> {
  picomatch ??= (await import('picomatch')).default;
  return picomatch;
}

export async function expandTargets(
  targets: readonly string[],
  io: CliIo
): Promise<ExpandedFile[]> {
  const list = targets.length ? targets : ['.'];
  const gitignore = new GitignoreFilter(gitRoot(io.cwd));
  const out = new Map<string, ExpandedFile>();
  // a link met by two targets (`nbcraft lint . sub`, a folder and a glob) is noted once
  const noted = new Set<string>();
  for (const target of list) {
    let abs = resolvePath(target, io.cwd);
    let kind = await io.kind(abs);
    let scan: ReturnType<typeof Picomatch.scan> | undefined;
    if (kind === null) {
      const pm = await loadPicomatch();
      // the fixed part with its escapes removed: `nb\[1\].ipynb` names nb[1].ipynb (POSIX;
      // on Windows `\` is a separator and toPosix made it `/`); the pattern keeps its escapes,
      // so `nb\[1\]*.ipynb` still means a literal `[1]` before the wildcard
      const posix = toPosix(target);
      scan = {
        ...pm.scan(posix),
        base: pm.scan(posix, { unescape: true }).base
      };
      if (!scan.isGlob) {
        abs = resolvePath(scan.base, io.cwd);
        kind = await io.kind(abs);
        if (kind === null)
          throw new UsageError(`no such file or folder: ${target}`);
      }
    }
    if (kind === 'file') {
      out.set(abs, { abs, explicit: true });
      continue;
    }
    let walked: Walked;
    if (kind === 'dir') {
      walked = await walkNotebooks(abs);
    } else {
      const pm = await loadPicomatch();
      walked =
        scan === undefined || scan.negated
          ? { found: [], links: [] }
          : await globNotebooks(pm, scan, io.cwd);
    }
    const matches = walked.found;
    for (const link of walked.links) {
      if (noted.has(resolvePath(link))) continue;
      noted.add(resolvePath(link));
      if (!gitignore.ignores(link))
        io.stderr(
          `nbcraft: skipped the symbolic link ${showControlCharacters(displayPath(link, io.cwd))} (links met in a folder or a glob are not followed; name it to lint it)\n`
        );
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
/** what a glob may match: fast-glob's old filter, extension in any case */
const NOTEBOOK_NAME_ANY_CASE = new RegExp(
  `\\.(?:${NOTEBOOK_EXTENSIONS.join('|')})$`,
  'i'
);

/**
 * The notebooks under `root`, as fast-glob matched `**` / `*.{ipynb,py}` under them:
 * no hidden names, none of SKIPPED_DIRS, no symbolic links. Walked by hand because picomatch's
 * regexes use `.`, which skips any path holding LF, CR, U+2028 or U+2029.
 */
function walkNotebooks(root: string): Promise<Walked> {
  return walk(root, {
    enter: name => !name.startsWith('.'),
    take: name => !name.startsWith('.') && NOTEBOOK_NAME.test(name)
  });
}

/**
 * The notebooks a glob names: picomatch splits it into the fixed folder and the pattern; the
 * folder is walked as a folder argument is (none of SKIPPED_DIRS, no symbolic links below it),
 * and each file's path below it is matched with the regex flag `s`, so that `*` and `**` match
 * names holding line breaks (fast-glob cannot pass that flag, and skipped such paths). Hidden
 * names match only where the pattern names them (picomatch's `dot: false`, as fast-glob had).
 */
async function globNotebooks(
  pm: typeof Picomatch,
  scan: ReturnType<typeof Picomatch.scan>,
  cwd: string
): Promise<Walked> {
  const root = resolvePath(scan.base || '.', cwd);
  if (
    toPosix(scan.base)
      .split('/')
      .some(part => SKIPPED_DIRS.has(part))
  ) {
    return { found: [], links: [] }; // fast-glob's ignore of **/node_modules/** & co covered the fixed part too
  }
  const isMatch = pm(scan.glob, { flags: 's', dot: false });
  // without `**` a pattern reaches only as deep as its own parts
  const depth = scan.glob.includes('**')
    ? Infinity
    : scan.glob.split('/').length;
  return walk(root, {
    enter: (_name, rel) => rel.split('/').length < depth,
    take: (name, rel) => NOTEBOOK_NAME_ANY_CASE.test(name) && isMatch(rel)
  });
}

/** What a walk kept, and the symbolic links it would have kept had they been files. */
interface Walked {
  found: string[];
  links: string[];
}

/** Files under `root` that `take` keeps (`rel`: the path below root, with `/`), entering the folders `enter` allows. */
async function walk(
  root: string,
  choose: {
    enter: (name: string, rel: string) => boolean;
    take: (name: string, rel: string) => boolean;
  }
): Promise<Walked> {
  const found: string[] = [];
  const links: string[] = [];
  const pending: [string, string][] = [[root, '']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [dir, relDir] = next;
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
      const rel = relDir ? `${relDir}/${name}` : name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(name) && choose.enter(name, rel)) {
          pending.push([path.join(dir, name), rel]);
        }
      } else if (entry.isFile() && choose.take(name, rel)) {
        found.push(path.join(dir, name));
      } else if (entry.isSymbolicLink() && choose.take(name, rel)) {
        links.push(path.join(dir, name));
      }
    }
  }
  return { found, links };
}

export function displayPath(abs: string, cwd: string): string {
  const rel = relativePath(cwd, abs);
  return toPosix(leavesFolder(rel) ? abs : rel);
}
