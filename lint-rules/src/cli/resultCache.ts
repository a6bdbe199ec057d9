/**
 * `nbcraft lint --cache`: remembers each file's result, so an unchanged notebook is not linted
 * again (as ESLint's `--cache`; ruff caches by default). A result is reused only when all that
 * decides it is the same:
 * - the file's text;
 * - the config that applies to it (its file, folder and settings) and its path relative to that
 *   config (per-file ignores);
 * - nbcraft itself: a hash of the code that is running (the CLI bundle, or the compiled library),
 *   so a rule changed by an upgrade or a rebuild never meets results of the old one.
 * Rules see nothing but the file and its config (the library does no I/O), so nothing else can
 * change a result. Results with an error, and runs with --fix, are not cached. The cache is one
 * JSON file written atomically at the end of the run; a missing, unreadable or foreign file is
 * treated as empty and rewritten.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { FileResult } from '../format';
import type { ConfigSource } from './configLoader';

/** Default cache file, in the current folder (like ESLint's `.eslintcache`). */
export const DEFAULT_CACHE_LOCATION = '.nbcraft-cache';

const FORMAT = 'nbcraft-lint-cache/1';

interface CacheEntry {
  key: string;
  result: FileResult;
}

interface CacheFile {
  format: typeof FORMAT;
  engine: string;
  entries: Record<string, CacheEntry>;
}

/** Files under `dir` whose text is code (not maps or declarations), sorted. */
function codeFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') {
        continue;
      }
      const p = path.join(d, name);
      let isDir = false;
      try {
        isDir = fs.statSync(p).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        walk(p);
      } else if (/\.(js|ts)$/.test(name) && !name.endsWith('.d.ts')) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * What identifies the running nbcraft: a hash of the code of the library folder this file is in
 * (lib/ once built, with the bundle; src/ under jest).
 */
export function engineIdentity(libDir = path.dirname(__dirname)): string {
  const hash = createHash('sha256');
  for (const file of codeFiles(libDir)) {
    hash.update(path.relative(libDir, file)).update('\0');
    hash.update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

export class ResultCache {
  private readonly entries: Map<string, CacheEntry>;
  private readonly seen = new Set<string>();

  private constructor(
    readonly file: string,
    private readonly engine: string,
    entries: Record<string, CacheEntry>
  ) {
    this.entries = new Map(Object.entries(entries));
  }

  /** Opens the cache file; anything but a readable cache of this nbcraft counts as empty. */
  static open(file: string, engine = engineIdentity()): ResultCache {
    let entries: Record<string, CacheEntry> = {};
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<
        Record<keyof CacheFile, unknown>
      >;
      if (
        parsed.format === FORMAT &&
        parsed.engine === engine &&
        typeof parsed.entries === 'object' &&
        parsed.entries !== null
      ) {
        entries = parsed.entries as Record<string, CacheEntry>;
      }
    } catch {
      // no cache yet, or not one we can use: start empty
    }
    return new ResultCache(file, engine, entries);
  }

  /**
   * The key of a result: the text, the config and the path it is judged under, and any other
   * input of the lint (`extra`: the repository's state).
   */
  static keyOf(
    source: ConfigSource,
    relativePath: string,
    text: string,
    extra = ''
  ): string {
    return createHash('sha256')
      .update(JSON.stringify([source.file, source.baseDir, source.raw]))
      .update('\0')
      .update(relativePath)
      .update('\0')
      .update(text)
      .update(extra ? `\0${extra}` : '')
      .digest('hex');
  }

  /** The cached result for this file and key, shown under `displayPath`; undefined: lint it. */
  get(
    absPath: string,
    key: string,
    displayPath: string
  ): FileResult | undefined {
    const entry = this.entries.get(absPath);
    if (entry?.key !== key) {
      return undefined;
    }
    this.seen.add(absPath);
    return { ...entry.result, path: displayPath };
  }

  set(absPath: string, key: string, result: FileResult): void {
    if (result.error || result.fixed) {
      this.entries.delete(absPath);
      return;
    }
    this.entries.set(absPath, { key, result });
    this.seen.add(absPath);
  }

  /**
   * Writes the cache (temp file + rename): the entries of this run, and earlier ones whose file
   * still exists. Throws on a write error (the caller warns; the lint result stands).
   */
  save(): void {
    const kept: Record<string, CacheEntry> = {};
    for (const [abs, entry] of this.entries) {
      if (this.seen.has(abs) || fs.existsSync(abs)) {
        kept[abs] = entry;
      }
    }
    const data: CacheFile = {
      format: FORMAT,
      engine: this.engine,
      entries: kept
    };
    const tmp = path.join(
      path.dirname(this.file),
      `.${path.basename(this.file)}.${process.pid}.tmp`
    );
    try {
      fs.writeFileSync(tmp, JSON.stringify(data));
      fs.renameSync(tmp, this.file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }
}
