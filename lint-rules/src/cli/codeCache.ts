/**
 * Loads the CLI's one-file bundle with a V8 code cache, the way Python keeps `.pyc` files: a
 * one-shot `nbcraft lint` otherwise spends ~120 ms of its start compiling the same 1.7 MB of
 * JavaScript (lezer, zod, the rules) on every run. Node 20 has no built-in compile cache
 * (`module.enableCompileCache` came in Node 22), so this keeps one itself:
 *
 * - a cache file holds a copy of the exact bundle text it was made from, and is used only when
 *   that copy equals the bundle byte for byte (one native comparison: no hash to compute and no
 *   crypto module to load at start), so an edited bundle never meets a stale cache; its name
 *   carries the Node version, the CPU architecture, the bundle's size and mtime and the bundle
 *   file's device and inode, so caches of other Nodes and other bundles sit beside it, and V8
 *   checks it again
 *   (`cachedDataRejected`) before use;
 * - V8's own check compares only the source's length, so a planted cache would run someone
 *   else's code: a cache file is read only when no one but its owner can write it and that owner
 *   is this user, root or the bundle's owner (`trustedCacheFile`); of the folders' files the
 *   newest is used;
 * - it lives in `lib/cli/.v8-cache/` beside the bundle when that folder is writable (the build
 *   fills it), else in the user's cache folder (`$XDG_CACHE_HOME/nbcraft` or `~/.cache/nbcraft`);
 *   a folder is written to only when it is this user's own and no one else may write to it, and
 *   the temporary file is created exclusively (never through a link or a fifo found there);
 * - it is written when missing or rejected, at the end of the run, so it also holds the
 *   functions compiled while linting; writing one removes, in the same folder, the caches older
 *   than the bundle (earlier builds': a cache is written after the bundle it is for), and only
 *   files named as this module names them; any failure to read or write only costs the speed-up;
 * - `NBCRAFT_NO_CODE_CACHE=1` turns it off (the benchmark measures both).
 */
import * as fs from 'fs';
import Module from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

/** The bundle's file name in lib/cli/ (scripts/bundle-cli.js writes it). */
export const BUNDLE_FILE = 'nbcraft.bundle.js';

/**
 * The V8 flags bin/nbcraft.js sets before it loads the bundle. A one-shot lint runs most of its
 * code (reader, scope pass, 55 rules) only a few thousand times, so V8's optimising compiler,
 * inlining up to its default budget of 920 bytes of bytecode per function, spends more CPU
 * compiling on its background thread than the run gets back: with a budget of 200 a cold
 * `nbcraft lint` of ../shared/corpus took 18% less CPU and 12% less wall time, and of 596 other
 * notebooks 12% less CPU (lint-rules/bench/COST-HISTORY.md, "fifth pass"). Flags are part of what V8
 * checks a code cache against, so the build's cache is written with these flags set, and a
 * process without them finds it `rejected` (a test checks both).
 */
export const CLI_V8_FLAGS = '--max-inlined-bytecode-size-cumulative=200';

/** Folders to look in for the cache file, in order; the first writable one receives it. */
export function cacheDirs(
  bundle: string,
  env: Record<string, string | undefined> = process.env
): string[] {
  const dirs = [path.join(path.dirname(bundle), '.v8-cache')];
  // an empty or relative XDG_CACHE_HOME counts as unset (XDG Base Directory spec): a relative
  // one would put the cache in whatever folder the CLI runs in, a cloned project's among them
  const xdg = env.XDG_CACHE_HOME;
  const home =
    xdg !== undefined && path.isAbsolute(xdg)
      ? xdg
      : path.join(os.homedir(), '.cache');
  dirs.push(path.join(home, 'nbcraft', 'v8-cache'));
  return dirs;
}

/**
 * The cache files pruning may remove: this Node's and this architecture's
 * (`<node version>-<arch>-<bundle size>-<bundle mtime>-<device>-<inode>.bin`, and without the last
 * two as earlier versions of this module named them), and the sha256-named ones of earlier
 * versions of this module (24 hex digits). Another Node's caches are never removed: that Node may
 * still run this same bundle (a bundle whose mtime lies in the future would otherwise make two
 * Nodes delete each other's cache on every run).
 */
function prunableName(name: string): boolean {
  const own = `${process.version}-${process.arch}-`;
  return (
    (name.startsWith(own) &&
      /^\d+-\d+(-\d+-\d+)?\.bin$/.test(name.slice(own.length))) ||
    /^[0-9a-f]{24}\.bin$/.test(name)
  );
}

/**
 * The cache file's name for this bundle file, on this Node: its size and mtime, and the file's
 * identity (device and inode), from the stat already made. Size and mtime alone do not tell two
 * builds apart that sit side by side and share the user's cache folder (npm gives every file of a
 * package the same mtime; a version bump keeps the size): they would take turns overwriting one
 * cache and each miss. A hash of the text would, but costs ~12 ms of a cold start; the inode is
 * free. (Whether a cache is of this exact text is still checked byte for byte: cachedDataFor.)
 */
export function cacheName(bundleStat: {
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
}): string {
  return `${process.version}-${process.arch}-${bundleStat.size}-${Math.floor(bundleStat.mtimeMs)}-${bundleStat.dev}-${bundleStat.ino}.bin`;
}

/** A cache file: this magic, the bundle text's byte length (uint32 LE), that text, V8's data. */
const MAGIC = Buffer.from('nbcraft-v8-cache/2\n');
const HEADER = MAGIC.length + 4;

/**
 * V8's data from a cache file when the file was made from exactly `source`; 'other' when it is a
 * cache of other code (a rebuilt bundle of the same size and mtime), 'corrupt' when it is not a
 * cache file at all.
 */
export function cachedDataFor(
  file: Buffer,
  source: Buffer
): Buffer | 'other' | 'corrupt' {
  if (
    file.length < HEADER ||
    file.compare(MAGIC, 0, MAGIC.length, 0, MAGIC.length) !== 0
  ) {
    return 'corrupt';
  }
  const length = file.readUInt32LE(MAGIC.length);
  if (length > file.length - HEADER) {
    return 'corrupt';
  }
  if (
    length !== source.length ||
    file.compare(source, 0, source.length, HEADER, HEADER + length) !== 0
  ) {
    return 'other';
  }
  return file.subarray(HEADER + length);
}

/**
 * Whether a cache file may be run: V8 checks a cache only against the source's LENGTH and its own
 * flags, so a cache made from other code of the same length is accepted and runs that code. A
 * cache is therefore used only when it is a regular file that nobody but its owner can write,
 * owned by this user, by root, or by the owner of the bundle itself (a shared install: whoever
 * could write the cache could already write the bundle). Where there are no POSIX owners
 * (Windows), the folders' own ACLs decide.
 */
export function trustedCacheFile(
  stat: { uid: number; mode: number; isFile(): boolean },
  bundleOwner: number,
  uid: number | null = process.getuid?.() ?? null
): boolean {
  if (!stat.isFile()) {
    return false;
  }
  if (uid === null) {
    return true;
  }
  const owners = [uid, 0, bundleOwner];
  return owners.includes(stat.uid) && (stat.mode & 0o022) === 0;
}

/** Whether a folder is this user's own and no one else may write to it (where POSIX owners exist). */
function privateFolder(
  stat: { uid: number; mode: number; isDirectory(): boolean },
  uid: number | null = process.getuid?.() ?? null
): boolean {
  return (
    stat.isDirectory() &&
    (uid === null || (stat.uid === uid && (stat.mode & 0o022) === 0))
  );
}

/**
 * The newest trusted cache file named `name` in `dirs` that was made from exactly `source`, as
 * V8's data. The newest, not the first: when V8 rejects the cache in a read-only folder (other
 * flags, e.g. from NODE_OPTIONS), the one then written to the next folder must win next time.
 */
function readCache(
  dirs: readonly string[],
  name: string,
  source: Buffer,
  bundleOwner: number
): { data: Buffer | 'corrupt'; file: string } | undefined {
  const found: { fd: number; mtimeMs: number; file: string }[] = [];
  for (const dir of dirs) {
    let fd: number | undefined;
    try {
      // non-blocking: a fifo planted under the cache's name must not hang the CLI (Windows has
      // no O_NONBLOCK: undefined, which `|` takes as 0)
      const file = path.join(dir, name);
      fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      const stat = fs.fstatSync(fd); // of the file opened: no swap after the check
      if (trustedCacheFile(stat, bundleOwner)) {
        found.push({ fd, mtimeMs: stat.mtimeMs, file });
        fd = undefined;
      }
    } catch {
      // absent or unreadable here: try the next folder
    } finally {
      if (fd !== undefined) {
        fs.closeSync(fd);
      }
    }
  }
  found.sort((a, b) => b.mtimeMs - a.mtimeMs);
  let result: { data: Buffer | 'corrupt'; file: string } | undefined;
  for (const { fd, file } of found) {
    try {
      if (!(result?.data instanceof Buffer)) {
        const data = cachedDataFor(fs.readFileSync(fd), source);
        // a cache of other code (a rebuilt bundle of the same name) counts as none
        result = data === 'other' ? result : { data, file };
      }
    } catch {
      // unreadable: try the next one
    } finally {
      fs.closeSync(fd);
    }
  }
  return result;
}

/** Removes the caches in `dir` older than the bundle (made for earlier builds), but `keep`. */
function pruneCaches(dir: string, keep: string, bundleMtimeMs: number): void {
  for (const name of fs.readdirSync(dir)) {
    if (name === keep || !prunableName(name)) {
      continue;
    }
    const file = path.join(dir, name);
    try {
      if (fs.lstatSync(file).mtimeMs < bundleMtimeMs) {
        fs.unlinkSync(file);
      }
    } catch {
      // gone already, or not ours to remove
    }
  }
}

function writeCache(
  dirs: readonly string[],
  name: string,
  source: Buffer,
  data: Buffer,
  bundleMtimeMs: number
): string | null {
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header);
  header.writeUInt32LE(source.length, MAGIC.length);
  for (const dir of dirs) {
    const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
    let made = false;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (!privateFolder(fs.lstatSync(dir))) {
        continue; // another user's, or one others may write to: not ours to fill
      }
      // 'wx': a name taken already (a link or a fifo someone put there) is never opened
      fs.writeFileSync(tmp, Buffer.concat([header, source, data]), {
        mode: 0o600,
        flag: 'wx'
      });
      made = true;
      fs.renameSync(tmp, path.join(dir, name)); // readers never see half a cache
    } catch {
      if (made) {
        try {
          fs.unlinkSync(tmp); // no half-written file left behind
        } catch {
          // gone already
        }
      }
      continue; // not writable here: try the next folder
    }
    try {
      pruneCaches(dir, name, bundleMtimeMs);
    } catch {
      // an unlistable folder keeps its old caches
    }
    return path.join(dir, name);
  }
  return null;
}

export interface CachedLoad {
  exports: unknown;
  /** 'hit': V8 took the cache; 'miss': none yet; 'rejected': V8 refused it; 'off': disabled */
  cache: 'hit' | 'miss' | 'rejected' | 'off';
  /** the cache file given to V8, or null */
  file: string | null;
  /**
   * Writes the cache now (with what has been compiled so far); returns the file written, or null.
   * Called at process exit when the cache was missing or rejected.
   */
  save(): string | null;
}

/**
 * `require(file)` for a self-contained CommonJS bundle, through the code cache. The bundle's own
 * `require` calls (Node built-ins, files beside it) resolve from the bundle's folder.
 */
export function requireWithCodeCache(
  file: string,
  options: {
    env?: Record<string, string | undefined>;
    /** false: only read the cache (worker threads; the main thread writes it) */
    write?: boolean;
  } = {}
): CachedLoad {
  const env = options.env ?? process.env;
  const bytes = fs.readFileSync(file);
  const off = env.NBCRAFT_NO_CODE_CACHE === '1';
  const dirs = cacheDirs(file, env);
  const stat = fs.statSync(file);
  const name = cacheName(stat);
  const found = off ? undefined : readCache(dirs, name, bytes, stat.uid);
  const checked = found?.data;
  const cachedData = checked instanceof Buffer ? checked : undefined;
  const script = new vm.Script(Module.wrap(bytes.toString('utf8')), {
    filename: file,
    cachedData
  });
  const save = (): string | null => {
    try {
      return writeCache(
        dirs,
        name,
        bytes,
        script.createCachedData(),
        stat.mtimeMs
      );
    } catch {
      return null; // a cache we cannot make only costs the speed-up
    }
  };
  const cache: CachedLoad['cache'] = off
    ? 'off'
    : checked === 'corrupt'
      ? 'rejected'
      : cachedData === undefined
        ? 'miss'
        : script.cachedDataRejected
          ? 'rejected'
          : 'hit';
  // the build sets NBCRAFT_CODE_CACHE_REFRESH to store a complete cache even over a good one
  const refresh = env.NBCRAFT_CODE_CACHE_REFRESH === '1';
  if (
    !off &&
    options.write !== false &&
    (cache === 'miss' || cache === 'rejected' || refresh)
  ) {
    // at the end of the run, so that the functions compiled while linting are in it too
    process.once('exit', () => {
      save();
    });
  }
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string
  ) => void;
  const mod = { exports: {} as unknown };
  wrapper.call(
    mod.exports,
    mod.exports,
    Module.createRequire(file),
    mod,
    file,
    path.dirname(file)
  );
  return {
    exports: mod.exports,
    cache,
    file: cachedData ? (found?.file ?? null) : null,
    save
  };
}
