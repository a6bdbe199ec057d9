/**
 * Loads the CLI's one-file bundle with a V8 code cache, the way Python keeps `.pyc` files: a
 * one-shot `nbcraft lint` otherwise spends ~120 ms of its start compiling the same 1.7 MB of
 * JavaScript (lezer, zod, the rules) on every run. Node 20 has no built-in compile cache
 * (`module.enableCompileCache` came in Node 22), so this keeps one itself:
 *
 * - the cache file is named by a hash of the bundle's text, the Node version and the CPU
 *   architecture, so an edited bundle or another Node never meets a stale cache, and V8 checks
 *   it again (`cachedDataRejected`) before use;
 * - it lives in `lib/cli/.v8-cache/` beside the bundle when that folder is writable (the build
 *   fills it), else in the user's cache folder (`$XDG_CACHE_HOME/nbcraft` or `~/.cache/nbcraft`),
 *   never in a folder other users can write to;
 * - it is written when missing or rejected, at the end of the run, so it also holds the
 *   functions compiled while linting; any failure to read or write it only costs the speed-up;
 * - `NBCRAFT_NO_CODE_CACHE=1` turns it off (the benchmark measures both).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import Module from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

/** The bundle's file name in lib/cli/ (scripts/bundle-cli.js writes it). */
export const BUNDLE_FILE = 'nbcraft.bundle.js';

/** Folders to look in for the cache file, in order; the first writable one receives it. */
export function cacheDirs(
  bundle: string,
  env: Record<string, string | undefined> = process.env
): string[] {
  const dirs = [path.join(path.dirname(bundle), '.v8-cache')];
  // an empty XDG_CACHE_HOME counts as unset (XDG Base Directory spec)
  const xdg = env.XDG_CACHE_HOME;
  const home =
    xdg !== undefined && xdg !== '' ? xdg : path.join(os.homedir(), '.cache');
  dirs.push(path.join(home, 'nbcraft', 'v8-cache'));
  return dirs;
}

/** The cache file's name: what the cached code is valid for. */
export function cacheName(source: string): string {
  const hash = createHash('sha256')
    .update(process.version)
    .update('\0')
    .update(process.arch)
    .update('\0')
    .update(source)
    .digest('hex')
    .slice(0, 24);
  return `${hash}.bin`;
}

function readCache(dirs: readonly string[], name: string): Buffer | undefined {
  for (const dir of dirs) {
    try {
      return fs.readFileSync(path.join(dir, name));
    } catch {
      // absent or unreadable here: try the next folder
    }
  }
  return undefined;
}

function writeCache(
  dirs: readonly string[],
  name: string,
  data: Buffer
): string | null {
  for (const dir of dirs) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, name);
      const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, data, { mode: 0o600 });
      fs.renameSync(tmp, file); // readers never see half a cache
      return file;
    } catch {
      // not writable here: try the next folder
    }
  }
  return null;
}

export interface CachedLoad {
  exports: unknown;
  /** 'hit': V8 took the cache; 'miss': none yet; 'rejected': V8 refused it; 'off': disabled */
  cache: 'hit' | 'miss' | 'rejected' | 'off';
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
  const source = fs.readFileSync(file, 'utf8');
  const off = env.NBCRAFT_NO_CODE_CACHE === '1';
  const dirs = cacheDirs(file, env);
  const name = cacheName(source);
  const cachedData = off ? undefined : readCache(dirs, name);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData
  });
  const save = (): string | null => {
    try {
      return writeCache(dirs, name, script.createCachedData());
    } catch {
      return null; // a cache we cannot make only costs the speed-up
    }
  };
  const cache: CachedLoad['cache'] = off
    ? 'off'
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
  return { exports: mod.exports, cache, save };
}
