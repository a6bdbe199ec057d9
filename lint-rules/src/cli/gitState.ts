/**
 * The git state of each notebook's repository, for the rules that need it
 * (RuleContext.repository): the library cannot run git, so the CLI asks here, once per
 * folder and once per repository.
 *
 * A project folder is not trusted: git would run commands its `.git/config` names
 * (`core.fsmonitor`, the `clean`/`process` filters `git status` applies to changed files, the
 * remote a partial clone lazily fetches a missing object from, e.g. `ext::sh -c ...`,
 * submodules' own configs), so every call turns those off.
 *
 * Without git on PATH, what is certain from the files alone is still said (rootWithoutGit):
 * where the repository's root is, or that there is none, found by the walk git itself would
 * make, reading only names, HEAD and a worktree's `.git` file (nothing is run). Whether the
 * notebook is tracked and whether the tree is dirty stays unknown.
 */
import { execFileSync } from 'child_process';
import { existsSync, realpathSync, statSync } from 'fs';
import * as path from 'path';
import type { RepositoryState } from '../engine/types';
import { codeChangedPaths } from './notebookCode';
import { joinName, relativePath, resolvePath } from './paths';
import { isGitDirectory, readGitFile } from './writeTargets';

/** Runs git with the given arguments in `cwd`; throws as execFileSync does. */
export type GitRunner = (args: string[], cwd: string) => string;

const SAFE = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.untrackedCache=false',
  // no transport at all: a partial clone's lazy fetch would run the remote's command
  '-c',
  'protocol.allow=never',
  ...['ext', 'file', 'ssh', 'git', 'http', 'https'].flatMap(p => [
    '-c',
    `protocol.${p}.allow=never`
  ]),
  '-c',
  'core.sshCommand=false'
];

export const runGit: GitRunner = (args, cwd) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      GIT_OPTIONAL_LOCKS: '0',
      GIT_NO_LAZY_FETCH: '1',
      GIT_PROTOCOL_FROM_USER: '0',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      // untranslated messages: "not a git repository" is how a folder in none is told apart
      // (LC_ALL=C also makes gettext ignore LANGUAGE); paths and -z output are bytes either way
      LC_ALL: 'C'
    }
  });

/** Environment variables that change where git looks for a repository. */
const DISCOVERY_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM'
];

interface RepoStatus {
  root: string;
  tracked: Set<string>;
  dirtyPaths: string[];
}

/** `-c filter.<name>.clean= ...` for every filter the repository's config defines. */
function filterOverrides(run: GitRunner, root: string): string[] {
  let listed = '';
  try {
    listed = run(
      [
        ...SAFE,
        'config',
        '-z',
        '--get-regexp',
        '^filter\\..*\\.(clean|process|smudge)$'
      ],
      root
    );
  } catch {
    return []; // exit 1: no filters
  }
  const names = new Set<string>();
  for (const entry of listed.split('\0')) {
    const key = entry.split('\n')[0];
    const m = /^filter\.(.+)\.(clean|process|smudge)$/.exec(key);
    if (m) {
      names.add(m[1]);
    }
  }
  return [...names].flatMap(name => [
    '-c',
    `filter.${name}.clean=`,
    '-c',
    `filter.${name}.smudge=`,
    '-c',
    `filter.${name}.process=`,
    '-c',
    `filter.${name}.required=false`
  ]);
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/**
 * Paths of `git status --porcelain -z` entries (the new name of a rename); with
 * `unstagedOnly`, only those whose working copy differs from the index (`XY` with `Y` not
 * blank): staged changes are what a commit in progress (a pre-commit hook) is about to record.
 */
export function porcelainPaths(out: string, unstagedOnly = false): string[] {
  const parts = out.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i];
    if (entry.length < 4) {
      continue;
    }
    if (!unstagedOnly || entry[1] !== ' ') {
      paths.push(entry.slice(3));
    }
    if (entry.startsWith('R') || entry.startsWith('C')) {
      i++; // the original path follows
    }
  }
  return paths;
}

/**
 * Answers "what is the repository of this file?" for many files, asking git as little as it
 * can. Returns undefined when git cannot say (not installed, an error): the rules stay quiet.
 */
export class RepositoryStates {
  constructor(private readonly run: GitRunner = runGit) {}

  of(file: string): RepositoryState | undefined {
    const abs = resolvePath(file);
    const folder = path.dirname(abs);
    const root = this.rootOf(folder);
    if (root === undefined) {
      return undefined;
    }
    if (root === null) {
      return { root: null };
    }
    if (this.withoutGit.has(root)) {
      // git's root is a physical path: the notebook's path below it from the physical folder
      const rel = toPosix(
        relativePath(root, joinName(realpathSync(folder), path.basename(abs)))
      );
      return { root: toPosix(root), notebookPath: rel };
    }
    const status = this.statusOf(root);
    if (!status) {
      return undefined;
    }
    const rel = toPosix(relativePath(root, abs));
    return {
      root: toPosix(root),
      notebookPath: rel,
      notebookTracked: status.tracked.has(rel),
      dirty: status.dirtyPaths.length > 0,
      dirtyPaths: status.dirtyPaths
    };
  }

  private rootOf(folder: string): string | null | undefined {
    if (this.roots.has(folder)) {
      return this.roots.get(folder);
    }
    // folders with the same discovery key get the same answer from git: ask once per key
    const key = this.discoveryKey(folder);
    if (key !== undefined && this.rootsByKey.has(key)) {
      const known = this.rootsByKey.get(key);
      this.roots.set(folder, known);
      return known;
    }
    let root: string | null | undefined;
    try {
      root = path.resolve(
        this.run([...SAFE, 'rev-parse', '--show-toplevel'], folder).trim()
      );
    } catch (err) {
      const e = err as { code?: string; status?: number; stderr?: string };
      // 128 with "not a git repository": no repository; no git at all: what the files say;
      // anything else: cannot tell
      if (e.code === 'ENOENT') {
        root = rootWithoutGit(folder, process.env);
        if (root) {
          this.withoutGit.add(root);
        }
      } else {
        root =
          e.code === undefined && /not a git repository/i.test(String(e.stderr))
            ? null
            : undefined;
      }
    }
    this.roots.set(folder, root);
    if (key !== undefined) {
      this.rootsByKey.set(key, root);
    }
    return root;
  }

  /**
   * Where git's discovery would stop for `folder`: the nearest folder at or above it holding a
   * `.git` (a directory or a worktree's file) or looking like a git directory itself (a bare
   * repository: HEAD and objects/), or '' when none does. Git walks up the same way, so every
   * folder with the same key gets the same `rev-parse --show-toplevel` answer, and a tree of
   * notebooks costs one git process per repository instead of one per folder. Undefined (ask
   * git for this folder alone) when the environment changes discovery (GIT_DIR,
   * GIT_CEILING_DIRECTORIES, ...). Like git, the walk stops below a mount point.
   */
  private discoveryKey(folder: string): string | undefined {
    if (DISCOVERY_ENV.some(name => process.env[name] !== undefined)) {
      return undefined;
    }
    let device: number;
    try {
      device = this.deviceOf(folder);
    } catch {
      return undefined;
    }
    const walked: string[] = [];
    let found: string | undefined;
    for (let dir = folder; found === undefined; dir = path.dirname(dir)) {
      try {
        // git stops below a mount point (unless GIT_DISCOVERY_ACROSS_FILESYSTEM): no repository
        if (this.deviceOf(dir) !== device) {
          found = '';
          break;
        }
      } catch {
        return undefined;
      }
      found = this.keys.get(dir); // a folder met on an earlier walk (same device: checked)
      if (found !== undefined) break;
      walked.push(dir);
      if (
        existsSync(joinName(dir, '.git')) ||
        (existsSync(joinName(dir, 'HEAD')) &&
          existsSync(joinName(dir, 'objects')))
      ) {
        found = dir;
      } else if (path.dirname(dir) === dir) {
        found = ''; // the filesystem's root: no repository above
      }
    }
    for (const d of walked) this.keys.set(d, found);
    return found;
  }

  /** The device of a folder, from one stat per folder (the walks up share their folders). */
  private deviceOf(dir: string): number {
    let device = this.devices.get(dir);
    if (device === undefined) {
      device = statSync(dir).dev;
      this.devices.set(dir, device);
    }
    return device;
  }

  private statusOf(root: string): RepoStatus | undefined {
    if (this.statuses.has(root)) {
      return this.statuses.get(root);
    }
    let status: RepoStatus | undefined;
    try {
      const safe = [...SAFE, ...filterOverrides(this.run, root)];
      const tracked = new Set(
        this.run([...safe, 'ls-files', '-z'], root)
          .split('\0')
          .filter(Boolean)
      );
      const listed = porcelainPaths(
        this.run(
          [
            ...safe,
            'status',
            '--porcelain=v1',
            '-z',
            '--untracked-files=no',
            '--ignore-submodules=all'
          ],
          root
        ),
        true // the CLI runs in pre-commit hooks and CI: staged changes are being committed
      );
      // a notebook saved with outputs only is no change of code; against the index, as the
      // unstaged changes listed are (what a pre-commit hook is committing stays out)
      const dirtyPaths = codeChangedPaths(
        (args, cwd) => this.run([...safe, ...args], cwd),
        root,
        listed,
        'index'
      );
      status = { root, tracked, dirtyPaths };
    } catch {
      status = undefined;
    }
    this.statuses.set(root, status);
    return status;
  }

  private roots = new Map<string, string | null | undefined>();
  private rootsByKey = new Map<string, string | null | undefined>();
  private keys = new Map<string, string>();
  private devices = new Map<string, number>();
  private statuses = new Map<string, RepoStatus | undefined>();
  /** roots found without git (not installed): no tracked files, no status */
  private withoutGit = new Set<string>();
}

/** `dir` (or `file`) belongs to another user: git refuses it (safe.directory), so cannot tell. */
function foreign(file: string): boolean {
  return (
    typeof process.getuid === 'function' &&
    statSync(file).uid !== process.getuid()
  );
}

/**
 * What `.git` in `dir` makes of it for git: 'root' (a repository's working tree: a `.git`
 * directory, or a worktree's or submodule's `.git` file naming one, that git's
 * is_git_directory takes: isGitDirectory, a linked worktree's `commondir` read as git reads
 * it), 'none' (no `.git`: git goes on up), or 'unsure' (git stops there, or might).
 */
function dotGitAt(dir: string): 'root' | 'none' | 'unsure' {
  const dotGit = joinName(dir, '.git');
  let gitDir = dotGit;
  try {
    if (!statSync(dotGit).isDirectory()) {
      const named = readGitFile(dotGit); // (git's reading: setup.c, read_gitfile_gently)
      if (named === undefined) {
        return 'unsure'; // git stops with "invalid gitfile format"
      }
      gitDir = path.resolve(dir, named);
    }
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'none' : 'unsure';
  }
  // git refuses a repository any of these belongs to another user (safe.directory)
  return isGitDirectory(gitDir) &&
    !foreign(dir) &&
    !foreign(dotGit) &&
    !foreign(gitDir)
    ? 'root'
    : 'unsure';
}

/**
 * git's discovery without git: from `folder` (its physical path, as git's getcwd gives it) up
 * to the first folder holding a `.git`, stopping, as git does, at the filesystem's root, at a
 * mount point (unless GIT_DISCOVERY_ACROSS_FILESYSTEM) and before going up into a folder
 * named in GIT_CEILING_DIRECTORIES. A string: the repository's root; null: plainly none;
 * undefined: not certain (GIT_DIR and the like name the repository elsewhere, a folder that
 * looks like a bare repository, a `.git` git might refuse).
 */
export function rootWithoutGit(
  folder: string,
  env: Record<string, string | undefined>
): string | null | undefined {
  if (['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR'].some(n => env[n])) {
    return undefined;
  }
  const acrossMounts = /^(1|true|yes|on)$/i.test(
    env.GIT_DISCOVERY_ACROSS_FILESYSTEM ?? ''
  );
  try {
    const ceilings = new Set<string>();
    let resolveLinks = true; // entries after an empty one are taken as written
    for (const entry of (env.GIT_CEILING_DIRECTORIES ?? '').split(
      path.delimiter
    )) {
      if (!entry) {
        resolveLinks = false;
      } else if (path.isAbsolute(entry)) {
        ceilings.add(path.resolve(entry));
        if (resolveLinks && existsSync(entry)) {
          ceilings.add(realpathSync(entry));
        } else if (!resolveLinks && existsSync(entry)) {
          // git compares the written path with a physical one: a link makes it unsure
          if (realpathSync(entry) !== path.resolve(entry)) {
            return undefined;
          }
        }
      }
    }
    let dir = realpathSync(folder);
    const device = statSync(dir).dev;
    for (;;) {
      const found = dotGitAt(dir);
      if (found === 'root') {
        return dir;
      }
      if (
        found === 'unsure' ||
        (existsSync(joinName(dir, 'HEAD')) &&
          existsSync(joinName(dir, 'objects')))
      ) {
        return undefined;
      }
      const parent = path.dirname(dir);
      if (
        parent === dir ||
        ceilings.has(parent) ||
        (!acrossMounts && statSync(parent).dev !== device)
      ) {
        return null;
      }
      dir = parent;
    }
  } catch {
    return undefined;
  }
}
