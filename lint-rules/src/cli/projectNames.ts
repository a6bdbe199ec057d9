/**
 * The project a notebook belongs to, by the names its metadata declares (unpinned-pip-install's
 * `ownPackages`): from the notebook's folder upwards, the nearest folder holding a
 * `pyproject.toml` (`[project].name`, `[tool.poetry].name`), `setup.cfg` (`[metadata] name`) or
 * `setup.py` (a literal `name="..."`, read as text, never run) that names one, up to the git
 * root (a folder holding `.git`) or the filesystem's root. Asked once per folder; a file larger
 * than MAX_METADATA_BYTES, unreadable or malformed names nothing, and the first such file of a
 * run is said once on stderr (the lint goes on).
 */
import { lstatSync, statSync } from 'fs';
import * as path from 'path';
import {
  MAX_METADATA_BYTES,
  PROJECT_METADATA_FILES,
  ProjectMetadataError,
  projectNamesIn
} from '../config/projectMetadata';
import { readTextFileSync } from './io';
import { joinName, relativePath } from './paths';

const NONE: readonly string[] = Object.freeze([]);

export class ProjectNames {
  private readonly byDir = new Map<string, readonly string[]>();
  private warned = false;

  /**
   * @param cwd the run's folder (paths in the warning are shown relative to it)
   * @param warn writes one line to stderr
   */
  constructor(
    private readonly cwd: string,
    private readonly warn: (text: string) => void
  ) {}

  /** The names of the nearest project above `absFile` ([] when none names one). */
  of(absFile: string): readonly string[] {
    return this.forDir(path.dirname(absFile));
  }

  private forDir(dir: string): readonly string[] {
    const known = this.byDir.get(dir);
    if (known) return known;
    // iterative: a deep tree must not exhaust the stack; every folder walked gets the answer
    const walked: string[] = [];
    let names: readonly string[] = NONE;
    for (let current = dir; ;) {
      const cached = this.byDir.get(current);
      if (cached) {
        names = cached;
        break;
      }
      walked.push(current);
      const here = this.namesIn(current);
      if (here.length > 0) {
        names = here;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current || exists(joinName(current, '.git'))) break;
      current = parent;
    }
    for (const d of walked) this.byDir.set(d, names);
    return names;
  }

  /** The names the metadata files of one folder declare, pyproject.toml's first. */
  private namesIn(dir: string): readonly string[] {
    const names = new Set<string>();
    for (const name of PROJECT_METADATA_FILES) {
      const file = joinName(dir, name);
      let size: number;
      try {
        const st = statSync(file);
        if (!st.isFile()) continue;
        size = st.size;
      } catch {
        continue; // absent
      }
      if (size > MAX_METADATA_BYTES) {
        this.ignored(file, `larger than ${MAX_METADATA_BYTES} bytes`);
        continue;
      }
      try {
        for (const n of projectNamesIn(name, readTextFileSync(file)))
          names.add(n);
      } catch (err) {
        this.ignored(
          file,
          err instanceof ProjectMetadataError
            ? err.message
            : `cannot read it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`
        );
      }
    }
    return names.size > 0 ? [...names] : NONE;
  }

  private ignored(file: string, why: string): void {
    if (this.warned) return;
    this.warned = true;
    const shown = relativePath(this.cwd, file) || file;
    this.warn(
      `nbcraft: ${shown} ignored when reading the project's name for unpinned-pip-install (${why})\n`
    );
  }
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
