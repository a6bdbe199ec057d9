/** The CLI bundle's V8 code cache: keyed by content, checked by V8, written where it may be. */
import { spawnSync } from 'child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  cachedDataFor,
  CLI_V8_FLAGS,
  cacheDirs,
  cacheName,
  requireWithCodeCache,
  trustedCacheFile
} from '../../src/cli/codeCache';
import { engineIdentity } from '../../src/cli/resultCache';

let dir: string;
let bundle: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-codecache-'));
  bundle = path.join(dir, 'lib', 'bundle.js');
  writeBundle('41');
  env = { XDG_CACHE_HOME: path.join(dir, 'xdg') };
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeBundle(value: string): void {
  mkdirSync(path.dirname(bundle), { recursive: true });
  // uses its own require (resolved beside the bundle) and its module/exports objects
  writeFileSync(
    bundle,
    `const p = require('path');\nfunction answer() { return ${value} + 1; }\nmodule.exports = { answer, dir: p.basename(__dirname), file: p.basename(__filename) };\n`
  );
}

describe('requireWithCodeCache', () => {
  it('loads a CommonJS bundle: miss, then the saved cache is a hit', () => {
    const first = requireWithCodeCache(bundle, { env, write: false });
    expect(first.cache).toBe('miss');
    const api = first.exports as {
      answer(): number;
      dir: string;
      file: string;
    };
    expect(api.answer()).toBe(42);
    expect(api.dir).toBe('lib');
    expect(api.file).toBe('bundle.js');
    const written = first.save();
    expect(written).toBe(
      path.join(path.dirname(bundle), '.v8-cache', cacheName(statSync(bundle)))
    );
    const second = requireWithCodeCache(bundle, { env, write: false });
    expect(second.cache).toBe('hit');
    expect((second.exports as { answer(): number }).answer()).toBe(42);
  });

  it('an edited bundle never meets the old cache', () => {
    requireWithCodeCache(bundle, { env, write: false }).save();
    writeBundle('99');
    const after = requireWithCodeCache(bundle, { env, write: false });
    expect(after.cache).toBe('miss');
    expect((after.exports as { answer(): number }).answer()).toBe(100);
  });

  it('an edit that keeps the size and the mtime (the same cache name) still misses', () => {
    const when = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(bundle, when, when);
    const name = cacheName(statSync(bundle));
    requireWithCodeCache(bundle, { env, write: false }).save();
    writeBundle('99'); // as long as '41'
    utimesSync(bundle, when, when);
    expect(cacheName(statSync(bundle))).toBe(name);
    const after = requireWithCodeCache(bundle, { env, write: false });
    expect(after.cache).toBe('miss');
    expect((after.exports as { answer(): number }).answer()).toBe(100);
    // and its own cache, written over the other one, is a hit
    after.save();
    expect(requireWithCodeCache(bundle, { env, write: false }).cache).toBe(
      'hit'
    );
  });

  it('two builds of the same size and mtime, side by side, keep a cache each in the shared folder', () => {
    // two installs (another venv, another checkout) whose bundle folders cannot hold a cache:
    // both use the user's folder; npm gives every file of a package the same mtime
    const when = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const other = path.join(dir, 'other', 'lib', 'bundle.js');
    mkdirSync(path.dirname(other), { recursive: true });
    writeFileSync(other, readFileSync(bundle, 'utf8').replace('41', '99'));
    for (const b of [bundle, other]) {
      writeFileSync(path.join(path.dirname(b), '.v8-cache'), 'not a folder');
      utimesSync(b, when, when);
    }
    expect(statSync(other).size).toBe(statSync(bundle).size);
    const shared = path.join(dir, 'xdg', 'nbcraft', 'v8-cache');
    const load = (b: string) => requireWithCodeCache(b, { env, write: false });
    expect(load(bundle).save()).toMatch(new RegExp(`^${shared}/`));
    expect(load(other).save()).toMatch(new RegExp(`^${shared}/`));
    expect(readdirSync(shared)).toHaveLength(2);
    // each run meets its own cache, however they alternate
    for (const b of [bundle, other, bundle, other]) {
      expect(load(b).cache).toBe('hit');
    }
    expect(cacheName(statSync(other))).not.toBe(cacheName(statSync(bundle)));
  });

  it('cachedDataFor: only a file made from these exact bytes gives V8 data', () => {
    const source = Buffer.from('const a = 1;');
    requireWithCodeCache(bundle, { env, write: false }).save();
    const file = readFileSync(
      path.join(path.dirname(bundle), '.v8-cache', cacheName(statSync(bundle)))
    );
    expect(cachedDataFor(file, readFileSync(bundle))).toBeInstanceOf(Buffer);
    expect(cachedDataFor(file, source)).toBe('other');
    const flipped = Buffer.from(readFileSync(bundle));
    flipped[flipped.length - 2] ^= 1;
    expect(cachedDataFor(file, flipped)).toBe('other');
    expect(cachedDataFor(Buffer.from('nbcraft'), source)).toBe('corrupt');
    expect(cachedDataFor(file.subarray(0, 30), source)).toBe('corrupt');
  });

  it('writing a cache removes the older caches of other builds, and nothing else', () => {
    const cacheDir = path.join(path.dirname(bundle), '.v8-cache');
    mkdirSync(cacheDir);
    const old = new Date(Date.now() - 3600_000);
    const stale = [
      '0123456789abcdef01234567.bin', // an earlier version's name
      `${process.version}-${process.arch}-12-1700000000000.bin`
    ];
    const kept = [
      'notes.txt', // not a name this module gives
      '0123456789abcdef01234567.bin.bak',
      // another Node's cache, even an old one: that Node may still run this bundle
      `v1.2.3-${process.arch}-12-1700000000000.bin`
    ];
    for (const name of [...stale, ...kept]) {
      writeFileSync(path.join(cacheDir, name), 'x');
      utimesSync(path.join(cacheDir, name), old, old);
    }
    // a cache of another Node written after this bundle: in use elsewhere, kept
    const newer = `v99.0.0-${process.arch}-12-1700000000000.bin`;
    writeFileSync(path.join(cacheDir, newer), 'x');
    const future = new Date(Date.now() + 3600_000);
    utimesSync(path.join(cacheDir, newer), future, future);
    const written = requireWithCodeCache(bundle, { env, write: false }).save();
    expect(readdirSync(cacheDir).sort()).toEqual(
      [...kept, newer, path.basename(written ?? '')].sort()
    );
  });

  it('a corrupt cache file is rejected by V8 and the bundle still runs', () => {
    const cacheDir = path.join(path.dirname(bundle), '.v8-cache');
    mkdirSync(cacheDir);
    writeFileSync(
      path.join(cacheDir, cacheName(statSync(bundle))),
      Buffer.alloc(4096, 7)
    );
    const loaded = requireWithCodeCache(bundle, { env, write: false });
    expect(loaded.cache).toBe('rejected');
    expect((loaded.exports as { answer(): number }).answer()).toBe(42);
  });

  it('NBCRAFT_NO_CODE_CACHE=1 neither reads nor writes a cache', () => {
    requireWithCodeCache(bundle, { env, write: false }).save();
    const off = requireWithCodeCache(bundle, {
      env: { ...env, NBCRAFT_NO_CODE_CACHE: '1' }
    });
    expect(off.cache).toBe('off');
    expect((off.exports as { answer(): number }).answer()).toBe(42);
  });

  it('falls back to the user cache folder when the bundle folder cannot hold it', () => {
    // a file where the cache folder would be: the first folder is unusable even as root
    writeFileSync(path.join(path.dirname(bundle), '.v8-cache'), 'not a folder');
    const written = requireWithCodeCache(bundle, { env, write: false }).save();
    expect(written).toBe(
      path.join(dir, 'xdg', 'nbcraft', 'v8-cache', cacheName(statSync(bundle)))
    );
    expect(requireWithCodeCache(bundle, { env, write: false }).cache).toBe(
      'hit'
    );
  });

  it('a cache that cannot be put in place leaves no temporary file behind', () => {
    // a folder where the cache file would go: the rename fails, the user folder receives it
    const cacheDir = path.join(path.dirname(bundle), '.v8-cache');
    mkdirSync(path.join(cacheDir, cacheName(statSync(bundle)), 'x'), {
      recursive: true
    });
    const written = requireWithCodeCache(bundle, { env, write: false }).save();
    expect(written).toBe(
      path.join(dir, 'xdg', 'nbcraft', 'v8-cache', cacheName(statSync(bundle)))
    );
    expect(readdirSync(cacheDir)).toEqual([cacheName(statSync(bundle))]);
  });

  it('never writes into a cache folder others may write to', () => {
    writeFileSync(path.join(path.dirname(bundle), '.v8-cache'), 'not a folder');
    const shared = path.join(dir, 'xdg', 'nbcraft', 'v8-cache');
    mkdirSync(shared, { recursive: true });
    chmodSync(shared, 0o777);
    expect(requireWithCodeCache(bundle, { env, write: false }).save()).toBe(
      null
    );
    expect(readdirSync(shared)).toEqual([]);
  });

  it('never writes through a link someone put at the temporary name', () => {
    const cacheDir = path.join(path.dirname(bundle), '.v8-cache');
    mkdirSync(cacheDir, { mode: 0o700 });
    const victim = path.join(dir, 'important.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(
      victim,
      path.join(cacheDir, `.${cacheName(statSync(bundle))}.${process.pid}.tmp`)
    );
    const written = requireWithCodeCache(bundle, { env, write: false }).save();
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    // the next folder receives it
    expect(written).toBe(
      path.join(dir, 'xdg', 'nbcraft', 'v8-cache', cacheName(statSync(bundle)))
    );
  });

  it('the cache folders: beside the bundle, then $XDG_CACHE_HOME/nbcraft', () => {
    expect(cacheDirs('/opt/x/lib/cli/b.js', { XDG_CACHE_HOME: '/c' })).toEqual([
      '/opt/x/lib/cli/.v8-cache',
      '/c/nbcraft/v8-cache'
    ]);
    expect(
      cacheDirs('/opt/x/b.js', {})[1].endsWith(
        path.join('.cache', 'nbcraft', 'v8-cache')
      )
    ).toBe(true);
    // empty or relative: unset (XDG Base Directory spec), never a folder of the current project
    for (const XDG_CACHE_HOME of ['', '.cache', 'x/y']) {
      expect(cacheDirs('/opt/x/b.js', { XDG_CACHE_HOME })[1]).toBe(
        path.join(os.homedir(), '.cache', 'nbcraft', 'v8-cache')
      );
    }
  });
});

describe('a cache nobody else could have planted (V8 checks only the source length)', () => {
  // the bundle's text and, of the same length, someone else's code
  const evil = (value: string) =>
    `const p = require('path');\nfunction answer() { return ${value}; }\nmodule.exports = { answer, dir: p.basename(__dirname), file: p.basename(__filename) };\n`;

  /** A cache file beside the bundle holding the bundle's own text but V8 data of `other` code. */
  function plantCache(other: string): string {
    const good = readFileSync(bundle);
    const mtime = statSync(bundle).mtime;
    expect(Buffer.byteLength(other)).toBe(good.length);
    writeFileSync(bundle, other);
    utimesSync(bundle, mtime, mtime);
    const compiled = requireWithCodeCache(bundle, { env, write: false });
    (compiled.exports as { answer(): number }).answer(); // its body in the cache too
    const file = compiled.save();
    writeFileSync(bundle, good);
    utimesSync(bundle, mtime, mtime);
    const planted = readFileSync(file ?? '');
    good.copy(planted, planted.indexOf(Buffer.from(other))); // the header's copy of the text
    writeFileSync(file ?? '', planted);
    return file ?? '';
  }

  it('runs the planted code when the file passes the owner check (the premise)', () => {
    const file = plantCache(evil('666666'));
    chmodSync(file, 0o600);
    const loaded = requireWithCodeCache(bundle, { env, write: false });
    expect(loaded.cache).toBe('hit');
    expect((loaded.exports as { answer(): number }).answer()).toBe(666666);
  });

  it('never reads a cache file others can write', () => {
    const file = plantCache(evil('666666'));
    for (const mode of [0o666, 0o620, 0o602]) {
      chmodSync(file, mode);
      const loaded = requireWithCodeCache(bundle, { env, write: false });
      expect(loaded.cache).toBe('miss');
      expect((loaded.exports as { answer(): number }).answer()).toBe(42);
    }
  });

  (process.getuid?.() === 0 ? it : it.skip)(
    "never reads a cache file owned by another user (not root, not the bundle's owner; needs root to chown)",
    () => {
      const file = plantCache(evil('666666'));
      chmodSync(file, 0o600);
      chownSync(file, 4242, 4242);
      const loaded = requireWithCodeCache(bundle, { env, write: false });
      expect(loaded.cache).toBe('miss');
      expect((loaded.exports as { answer(): number }).answer()).toBe(42);
      // the bundle's owner may own its cache (a shared install)
      chownSync(bundle, 4242, 4242);
      expect(requireWithCodeCache(bundle, { env, write: false }).cache).toBe(
        'hit'
      );
    }
  );

  it('trustedCacheFile: owner and mode', () => {
    const st = (uid: number, mode: number, file = true) => ({
      uid,
      mode,
      isFile: () => file
    });
    expect(trustedCacheFile(st(1000, 0o100600), 7, 1000)).toBe(true);
    expect(trustedCacheFile(st(0, 0o100644), 7, 1000)).toBe(true);
    expect(trustedCacheFile(st(7, 0o100644), 7, 1000)).toBe(true);
    expect(trustedCacheFile(st(8, 0o100600), 7, 1000)).toBe(false);
    expect(trustedCacheFile(st(1000, 0o100664), 7, 1000)).toBe(false);
    expect(trustedCacheFile(st(1000, 0o100646), 7, 1000)).toBe(false);
    expect(trustedCacheFile(st(1000, 0o100600, false), 7, 1000)).toBe(false);
    // no POSIX owners (Windows): the folder's ACLs decide
    expect(trustedCacheFile(st(0, 0o100666), 7, null)).toBe(true);
  });

  it('a fifo under the cache name does not hang the CLI', () => {
    const cacheDir = path.join(path.dirname(bundle), '.v8-cache');
    mkdirSync(cacheDir);
    const fifo = path.join(cacheDir, cacheName(statSync(bundle)));
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const loaded = requireWithCodeCache(bundle, { env, write: false });
    expect(loaded.cache).toBe('miss');
    expect((loaded.exports as { answer(): number }).answer()).toBe(42);
  });

  it('of two folders the newest cache wins: a rejected one in the bundle folder does not shadow the user one', () => {
    // a good cache in the user folder (the bundle folder unusable while it is written)
    const libCache = path.join(path.dirname(bundle), '.v8-cache');
    writeFileSync(libCache, 'not a folder');
    const good = requireWithCodeCache(bundle, { env, write: false }).save();
    rmSync(libCache);
    // an older cache of the bundle's text beside the bundle that V8 would reject (e.g. made
    // under other flags); which file V8 is given is what counts here: in this process V8 may
    // answer from its own compilation cache and never read either
    mkdirSync(libCache);
    const text = readFileSync(bundle);
    const goodBytes = readFileSync(good ?? '');
    const header = goodBytes.subarray(0, goodBytes.indexOf(text) + text.length);
    const stale = path.join(libCache, cacheName(statSync(bundle)));
    writeFileSync(stale, Buffer.concat([header, Buffer.alloc(4096, 7)]));
    const old = new Date(Date.now() - 3600_000);
    utimesSync(stale, old, old);
    expect(requireWithCodeCache(bundle, { env, write: false }).file).toBe(good);
    // and the other way round: the newest is the one beside the bundle
    const future = new Date(Date.now() + 3600_000);
    utimesSync(stale, future, future);
    expect(requireWithCodeCache(bundle, { env, write: false }).file).toBe(
      stale
    );
  });
});

describe('bin/nbcraft.js with the built bundle', () => {
  const pkgRoot = path.join(__dirname, '..', '..');
  const builtBundle = path.join(pkgRoot, 'lib', 'cli', 'nbcraft.bundle.js');
  (existsSync(builtBundle) ? it : it.skip)(
    "the build's code cache is made under the CLI's V8 flags: a hit with them, rejected without",
    () => {
      // what bin/nbcraft.js does first; a child process, since flags are process-wide
      const probe = (flags: string) =>
        spawnSync(
          process.execPath,
          [
            '-e',
            `${flags ? `require('v8').setFlagsFromString(${JSON.stringify(flags)});` : ''}
             const { requireWithCodeCache } = require(${JSON.stringify(path.join(pkgRoot, 'lib', 'cli', 'codeCache.js'))});
             process.stdout.write(requireWithCodeCache(${JSON.stringify(builtBundle)}, { write: false }).cache);`
          ],
          {
            encoding: 'utf8',
            env: { ...process.env, XDG_CACHE_HOME: path.join(dir, 'xdg-flags') }
          }
        ).stdout;
      expect(probe(CLI_V8_FLAGS)).toBe('hit');
      expect(probe('')).toBe('rejected');
    }
  );
  (existsSync(builtBundle) ? it : it.skip)(
    'gives the same findings with and without the code cache',
    () => {
      const xdg = path.join(dir, 'xdg-bin');
      const fixture = path.join(pkgRoot, 'test', 'fixtures', 'lint');
      const run = (extra: Record<string, string>) =>
        spawnSync(
          process.execPath,
          [
            path.join(pkgRoot, 'bin', 'nbcraft.js'),
            'lint',
            '--format',
            'json',
            path.join(fixture, 'findings.ipynb')
          ],
          {
            encoding: 'utf8',
            env: { ...process.env, XDG_CACHE_HOME: xdg, ...extra }
          }
        );
      const off = run({ NBCRAFT_NO_CODE_CACHE: '1' });
      const on = run({});
      expect(off.status).toBe(1);
      expect(on.status).toBe(1);
      expect(on.stderr).toBe('');
      expect(JSON.parse(on.stdout)).toEqual(JSON.parse(off.stdout));
      expect(JSON.parse(on.stdout)[0].messages.length).toBeGreaterThan(0);
    }
  );
});

describe('engineIdentity (what --cache results are valid for)', () => {
  it('changes when any code file of the library changes, not with maps or declarations', () => {
    const lib = path.join(dir, 'libdir');
    mkdirSync(path.join(lib, 'rules'), { recursive: true });
    writeFileSync(path.join(lib, 'index.js'), 'exports.a = 1;');
    writeFileSync(path.join(lib, 'rules', 'r.js'), 'exports.r = 1;');
    const before = engineIdentity(lib);
    writeFileSync(path.join(lib, 'rules', 'r.js.map'), '{}');
    writeFileSync(path.join(lib, 'rules', 'r.d.ts'), 'export {};');
    mkdirSync(path.join(lib, '.v8-cache'));
    writeFileSync(path.join(lib, '.v8-cache', 'x.bin'), 'cache');
    expect(engineIdentity(lib)).toBe(before);
    writeFileSync(path.join(lib, 'rules', 'r.js'), 'exports.r = 2;');
    expect(engineIdentity(lib)).not.toBe(before);
  });
});
