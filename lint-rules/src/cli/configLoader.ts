/**
 * Finds each file's config upwards from its folder (nbcraft.json, else [tool.nbcraft] in
 * pyproject.toml). A config found upwards comes with the checkout, so it is read as a regular file
 * only (a link is refused: one to /proc/self/environ would show its text in the parse error, one
 * to /proc/self/pagemap never ends, /tmp/rv23 N1), of MAX_CONFIG_BYTES at most; the file named
 * with --config is the user's choice and may be a link, within the same bound. The walk follows
 * projectWalk.ts's rule, as NB105's and promote's do: from the real path of the file's folder,
 * it stops after the git root, $HOME or the filesystem's root, and before a folder another user
 * may write into, or one another user owns outside the notebook's own repository, since a
 * config there may come from someone else (one planted in /tmp would turn rules off); a config
 * passed over so, in that folder or in one above it up to where the walk would stop, is said
 * once on stderr, with how to use it anyway (--config). A config read from a folder that was
 * replaced after it was judged, or that belongs to someone else than the folder's owner, the
 * user or root, is passed over so too (ProjectWalk.afterRead, /tmp/rv9 W4).
 */
import * as path from 'path';
import {
  CONFIG_FILE_NAMES,
  ConfigError,
  defaultConfig,
  hasNbcraftTable,
  parseConfigText,
  ResolvedConfig,
  resolveConfig
} from '../config';
import { showControlCharacters } from '../promote/controlCharacters';
import { BoundedReadError } from './boundedRead';
import type { CliIo } from './io';
import { joinName, leavesFolder, relativePath } from './paths';
import {
  type ForeignFolder,
  foreignFolderReason,
  ProjectWalk
} from './projectWalk';

/** What a worker thread needs to rebuild the same config. */
export interface ConfigSource {
  file: string | null;
  baseDir: string;
  raw: unknown;
}

/** A config is a few KB; a larger file is refused (error) rather than read whole. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export class ConfigLoader {
  private readonly byStart = new Map<
    string,
    Promise<{ source: ConfigSource; resolved: ResolvedConfig }>
  >();
  private readonly byDir = new Map<
    string,
    Promise<{ source: ConfigSource; resolved: ResolvedConfig }>
  >();
  private explicit?: Promise<{
    source: ConfigSource;
    resolved: ResolvedConfig;
  }>;

  private told = false;
  private readonly lookedAt = new Set<string>();
  private defaults?: { source: ConfigSource; resolved: ResolvedConfig };

  /**
   * @param explicitFile --config's file: used for every file, no walk
   * @param walk where the walk stops (shared with ProjectNames); else one with $HOME of `io.env`
   */
  constructor(
    private readonly io: CliIo,
    explicitFile?: string,
    private readonly walk = new ProjectWalk({ home: io.env.HOME })
  ) {
    if (explicitFile) {
      const abs = path.resolve(io.cwd, explicitFile);
      this.explicit = this.load(abs, true).then(found => {
        if (!found || 'refused' in found) {
          throw new ConfigError(
            explicitFile,
            '',
            'the file has no nbcraft settings ([tool.nbcraft] missing)'
          );
        }
        return found;
      });
    }
  }

  /** `file`'s config; found upwards from `dir` (not `named`), checked after the read (afterRead). */
  private async load(
    file: string,
    named = false,
    dir?: string
  ): Promise<
    | { source: ConfigSource; resolved: ResolvedConfig }
    | { refused: ForeignFolder }
    | null
  > {
    const { shown, raw, refused } = await readConfigFile(
      this.io,
      file,
      named,
      dir === undefined ? undefined : { walk: this.walk, dir }
    );
    if (refused) return { refused };
    if (raw === null) {
      return null;
    }
    const baseDir = path.dirname(file);
    return {
      source: { file: shown, baseDir, raw },
      resolved: resolveConfig(raw, shown, baseDir)
    };
  }

  /**
   * Says once, on stderr, that a config the walk does not read was passed over: one in `dir`, the
   * folder judged foreign, or in a folder above it up to where the walk would have stopped (the
   * git root, $HOME, the root), each folder looked at once per run. The user who meant it (a
   * checkout another user owns outside a git repository, a shared folder) learns why and how to
   * use it. A pyproject.toml counts only with a [tool.nbcraft] table; nothing is parsed.
   */
  private async tellPassedOver(dir: string, why: ForeignFolder): Promise<void> {
    for (let current: string | null = dir; current !== null && !this.told;) {
      if (this.lookedAt.has(current)) return;
      this.lookedAt.add(current);
      const file = await this.configNameIn(current);
      if (file !== null) {
        this.tell(
          file,
          current === dir
            ? foreignFolderReason(why)
            : foreignFolderReason(why, this.shown(dir))
        );
        return;
      }
      current = this.walk.above(current);
    }
  }

  /** Says, once a run, that `file` was not used and why. */
  private tell(file: string, reason: string): void {
    if (this.told) return;
    this.told = true;
    this.io.stderr(
      `nbcraft: ${this.shown(file)} not used: ${reason} (name it with --config to use it)\n`
    );
  }

  private shown(p: string): string {
    return showControlCharacters(relativePath(this.io.cwd, p) || p);
  }

  /** The config file in `dir` a walk would have read first, or null. */
  private async configNameIn(dir: string): Promise<string | null> {
    for (const name of CONFIG_FILE_NAMES) {
      const file = joinName(dir, name);
      if ((await this.io.kind(file)) !== 'file') continue;
      if (name === 'pyproject.toml') {
        let text: string;
        try {
          text = await this.io.readText(file, { limit: MAX_CONFIG_BYTES });
        } catch {
          continue;
        }
        if (!hasNbcraftTable(text)) continue;
      }
      return file;
    }
    return null;
  }

  /** The default config, one for the run (its source is one worker config): no file applies. */
  private none(): { source: ConfigSource; resolved: ResolvedConfig } {
    this.defaults ??= {
      source: { file: null, baseDir: this.io.cwd, raw: {} },
      resolved: defaultConfig()
    };
    return this.defaults;
  }

  /** The config that applies to a file (searching upwards from its folder). */
  forFile(
    absFile: string
  ): Promise<{ source: ConfigSource; resolved: ResolvedConfig }> {
    if (this.explicit) {
      return this.explicit;
    }
    const dir = path.dirname(absFile);
    let pending = this.byStart.get(dir);
    if (!pending) {
      const real = this.walk.start(dir);
      pending = this.forDir(real, this.walk.repository(real));
      if (real !== dir)
        pending = pending.then(found => this.seenFrom(found, real, dir));
      this.byStart.set(dir, pending);
    }
    return pending;
  }

  /**
   * `found` (a config for the real folder `real`) as seen from `dir`, the path it was named by:
   * when the config's folder is an ancestor of `real` that `dir` names by going up as many
   * folders (the link lies below it), its patterns apply from that name, so `ignore` matches
   * the paths the run was given; else it stays as found.
   */
  private seenFrom(
    found: { source: ConfigSource; resolved: ResolvedConfig },
    real: string,
    dir: string
  ): { source: ConfigSource; resolved: ResolvedConfig } {
    const { file, baseDir, raw } = found.source;
    if (file === null) return found;
    const below = path.relative(baseDir, real);
    if (leavesFolder(below)) return found;
    const ups = below === '' ? 0 : below.split(path.sep).length;
    let named = dir;
    for (let i = 0; i < ups; i++) named = path.dirname(named);
    if (path.join(named, below) !== dir) return found;
    return {
      source: { file, baseDir: named, raw },
      resolved: resolveConfig(raw, file, named)
    };
  }

  private forDir(
    dir: string,
    repository: string | null
  ): Promise<{ source: ConfigSource; resolved: ResolvedConfig }> {
    const key = repository === null ? dir : `${dir}\0${repository}`;
    let pending = this.byDir.get(key);
    if (!pending) {
      pending = (async () => {
        const foreign = this.walk.foreign(dir, repository);
        if (foreign) {
          await this.tellPassedOver(dir, foreign);
          return this.none();
        }
        for (const name of CONFIG_FILE_NAMES) {
          const candidate = joinName(dir, name);
          if ((await this.io.kind(candidate)) === 'file') {
            const found = await this.load(candidate, false, dir);
            if (found && 'refused' in found) {
              this.tell(candidate, foreignFolderReason(found.refused));
              return this.none();
            }
            if (found) {
              return found;
            }
          }
        }
        const parent = this.walk.above(dir);
        return parent === null ? this.none() : this.forDir(parent, repository);
      })();
      this.byDir.set(key, pending);
    }
    return pending;
  }
}

/**
 * The nbcraft settings in a config file (`raw` null: a pyproject.toml without [tool.nbcraft]),
 * `shown` relative to the current folder. Read as a config found upwards must be (a regular file,
 * not a link, MAX_CONFIG_BYTES at most) or, `named` (--config's), a link followed within the same
 * bound; else a ConfigError naming it. The lint's walk and promote's defaults read through it;
 * with `judged` (the walk and the folder it passed), the text is parsed only when afterRead
 * finds the folder unchanged and the file its owner's, else `refused` says why (`raw` null).
 */
export async function readConfigFile(
  io: CliIo,
  file: string,
  named = false,
  judged?: { walk: ProjectWalk; dir: string }
): Promise<{ shown: string; raw: unknown; refused?: ForeignFolder }> {
  const shown = path.relative(io.cwd, file) || file;
  let text: string;
  try {
    text = await io.readText(file, {
      limit: MAX_CONFIG_BYTES,
      followLinks: named
    });
  } catch (err) {
    throw new ConfigError(
      shown,
      '',
      err instanceof BoundedReadError
        ? err.reason === 'link'
          ? `${err.message} (a config found upwards must be a regular file; name a linked one with --config)`
          : err.message
        : `cannot read config file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`
    );
  }
  const refused = judged?.walk.afterRead(judged.dir, file);
  if (refused) return { shown, raw: null, refused };
  return { shown, raw: parseConfigText(shown, text) };
}

/** Rebuilds a config from its source (in worker threads). */
export function resolveSource(source: ConfigSource): ResolvedConfig {
  return source.file === null
    ? defaultConfig()
    : resolveConfig(source.raw, source.file, source.baseDir);
}
