/**
 * The project a notebook belongs to, by the names its metadata declares (unpinned-pip-install's
 * `ownPackages`): from the notebook's folder upwards, the nearest folder holding a
 * `pyproject.toml` (`[project].name`, `[tool.poetry].name`), `setup.cfg` (`[metadata] name`) or
 * `setup.py` (a literal `name="..."`, read as text, never run) that names one. Asked once per
 * folder. The walk is the config loader's (projectWalk.ts: from the real path of the folder; it
 * stops after the git root, the home folder or the filesystem's root, and before a folder another
 * user may write into, as /tmp, or one another user owns outside the notebook's own repository),
 * so another local user cannot name the "own" package and silence NB105 (/tmp/rv23 N6). A file
 * whose folder was replaced after it was judged, or that is not its folder owner's, the user's or
 * root's, names nothing (ProjectWalk.afterRead, /tmp/rv9 W4). Each file is read through readBounded (a regular file, not a
 * link, of MAX_METADATA_BYTES at most); a file larger, linked, unreadable or malformed names
 * nothing, and the first such file of a run is said once on stderr (the lint goes on).
 */
import { lstatSync } from 'fs';
import { BoundedReadError } from './boundedRead';
import * as path from 'path';
import {
  MAX_METADATA_BYTES,
  PROJECT_METADATA_FILES,
  ProjectMetadataError,
  projectNamesIn
} from '../config/projectMetadata';
import { showControlCharacters } from '../promote/controlCharacters';
import { readBoundedText } from './io';
import { joinName, relativePath } from './paths';
import { foreignFolderReason, ProjectWalk } from './projectWalk';

const NONE: readonly string[] = Object.freeze([]);

export class ProjectNames {
  private readonly byDir = new Map<string, readonly string[]>();
  private warned = false;

  private readonly walk: ProjectWalk;

  /**
   * @param cwd the run's folder (paths in the warning are shown relative to it)
   * @param warn writes one line to stderr
   * @param where.walk where the walk stops (the config loader's, to share one); else one with
   *   `where.home`, the user's home folder ($HOME)
   */
  constructor(
    private readonly cwd: string,
    private readonly warn: (text: string) => void,
    where: { home?: string; walk?: ProjectWalk } = {}
  ) {
    this.walk = where.walk ?? new ProjectWalk({ home: where.home });
  }

  /** The names of the nearest project above `absFile` ([] when none names one). */
  of(absFile: string): readonly string[] {
    const dir = this.walk.start(path.dirname(absFile));
    return this.forDir(dir, this.walk.repository(dir));
  }

  private forDir(dir: string, repository: string | null): readonly string[] {
    // a folder's answer depends on the walk's repository too (at most two per folder)
    const key = (d: string): string =>
      repository === null ? d : `${d}\0${repository}`;
    const known = this.byDir.get(key(dir));
    if (known) return known;
    // iterative: a deep tree must not exhaust the stack; every folder walked gets the answer
    const walked: string[] = [];
    let names: readonly string[] = NONE;
    for (let current = dir; ;) {
      const cached = this.byDir.get(key(current));
      if (cached) {
        names = cached;
        break;
      }
      walked.push(current);
      if (this.walk.foreign(current, repository)) break;
      const here = this.namesIn(current);
      if (here.length > 0) {
        names = here;
        break;
      }
      const parent = this.walk.above(current);
      if (parent === null) break;
      current = parent;
    }
    for (const d of walked) this.byDir.set(key(d), names);
    return names;
  }

  /** The names the metadata files of one folder declare, pyproject.toml's first. */
  private namesIn(dir: string): readonly string[] {
    const names = new Set<string>();
    for (const name of PROJECT_METADATA_FILES) {
      const file = joinName(dir, name);
      // most folders hold none of the files: asked without an exception (a failed open made
      // one per file and folder, ~100 us a folder: 30 ms over /tmp/lq14's 323 folders)
      if (!present(file)) continue;
      let text: string;
      try {
        text = readBoundedText(file, { limit: MAX_METADATA_BYTES });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // absent, or a folder, FIFO or device of that name: not a metadata file
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        if (err instanceof BoundedReadError && err.reason === 'not-file')
          continue;
        this.ignored(
          file,
          err instanceof BoundedReadError
            ? err.message
            : `cannot read it: ${code ?? (err as Error).message}`
        );
        continue;
      }
      // the folder swapped after it was judged, or another user's file: not the project's
      const refused = this.walk.afterRead(dir, file);
      if (refused) {
        this.ignored(file, foreignFolderReason(refused));
        continue;
      }
      try {
        for (const n of projectNamesIn(name, text)) names.add(n);
      } catch (err) {
        if (!(err instanceof ProjectMetadataError)) throw err;
        this.ignored(file, err.message);
      }
    }
    return names.size > 0 ? [...names] : NONE;
  }

  private ignored(file: string, why: string): void {
    if (this.warned) return;
    this.warned = true;
    const shown = showControlCharacters(relativePath(this.cwd, file) || file);
    this.warn(
      `nbcraft: ${shown} ignored when reading the project's name for unpinned-pip-install (${why})\n`
    );
  }
}

/**
 * Whether `file` may be there to read: false only when it is certainly absent; anything else
 * (a link, a folder, an error) is left to readBoundedText, which says what it is.
 */
function present(file: string): boolean {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}
