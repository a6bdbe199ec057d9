/**
 * What a project's metadata files declare, one reader for each: the distribution names
 * (unpinned-pip-install's `ownPackages`: a library's own docs and examples install the library)
 * and, through readPyproject, what promote's default package is chosen from (projectPackage.ts).
 * Pure: the caller reads
 * the files (the CLI from the notebook's folder upwards); nothing here runs them, `setup.py`
 * included, which is only read as text for the literal `name=` of its `setup(` call (setupPy.ts).
 */
import { parse as parseToml } from 'smol-toml';
import { setupPyLiteralNames } from './setupPy';

/** The files read, in the order they are tried in one folder. */
export const PROJECT_METADATA_FILES = [
  'pyproject.toml',
  'setup.cfg',
  'setup.py'
] as const;

export type ProjectMetadataFile = (typeof PROJECT_METADATA_FILES)[number];

/** Larger files are not read: metadata is a few KB; this bounds the read and the scan. */
export const MAX_METADATA_BYTES = 1024 * 1024;

/** PEP 508's name: letters, digits, `-_.`, starting and ending with a letter or digit; 100 at most. */
const PROJECT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$/;

/** Why a metadata file was ignored (bad syntax), with where when the parser says. */
export class ProjectMetadataError extends Error {}

/** `value` when it is a TOML table (a plain object), else null. */
export function tomlTable(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function validName(value: unknown): string | null {
  return typeof value === 'string' && PROJECT_NAME.test(value) ? value : null;
}

/** What a pyproject.toml declares of the project, read once; each caller checks the values. */
export interface PyprojectMetadata {
  /** `[project] name`, of any TOML type (undefined when absent) */
  projectName: unknown;
  /** `[tool.poetry] name`, of any TOML type */
  poetryName: unknown;
  /** the `[tool.setuptools]` table, or null */
  setuptools: Record<string, unknown> | null;
}

/**
 * The project's metadata in a pyproject.toml's text. Throws ProjectMetadataError for a file
 * that is not TOML, with where when the parser says.
 */
export function readPyproject(text: string): PyprojectMetadata {
  let doc: Record<string, unknown> | null;
  try {
    doc = tomlTable(parseToml(text));
  } catch (err) {
    const e = err as { line?: number; column?: number; message?: string };
    const where = e.line ? ` at ${e.line}:${e.column}` : '';
    throw new ProjectMetadataError(
      `invalid TOML${where}: ${String(e.message ?? err).split('\n')[0]}`
    );
  }
  const tool = tomlTable(doc?.tool);
  return {
    projectName: tomlTable(doc?.project)?.name,
    poetryName: tomlTable(tool?.poetry)?.name,
    setuptools: tomlTable(tool?.setuptools)
  };
}

/** `[project].name` and `[tool.poetry].name`, where each is a valid distribution name. */
function pyprojectNames(text: string): string[] {
  const { projectName, poetryName } = readPyproject(text);
  return [validName(projectName), validName(poetryName)].filter(
    (n): n is string => n !== null
  );
}

/**
 * `name` in `[metadata]`, as setuptools reads it with configparser: a section header is a line
 * starting with `[`, named by the text up to its last `]` (what follows, an inline comment, is
 * ignored; the name is not trimmed); `name = x` or `name: x`, the key in any case, the value
 * trimmed (one word, or no name); a line starting with a blank continues the one before, so it is
 * no key. Each line is read by anchored patterns with no ambiguous repeats and an index search:
 * linear in the line (`name\s*[=:]\s*(\S*)\s*$` was quadratic in a run of blanks, /tmp/rv23 N2).
 */
function setupCfgNames(text: string): string[] {
  let inMetadata = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.startsWith('[')) {
      const close = line.lastIndexOf(']');
      if (close > 1) {
        inMetadata = line.slice(1, close) === 'metadata';
        continue;
      }
    }
    if (!inMetadata) continue;
    const m = /^name[ \t\f\v]*[=:]/i.exec(line);
    if (m) {
      const value = line.slice(m[0].length).trim();
      const name = /\s/.test(value) ? null : validName(value);
      return name ? [name] : [];
    }
  }
  return [];
}

/**
 * The project names a metadata file declares ([] when it names none). Throws
 * ProjectMetadataError for a file it cannot read (bad TOML), so the caller can say so once.
 */
export function projectNamesIn(
  file: ProjectMetadataFile,
  text: string
): string[] {
  if (file === 'pyproject.toml') return pyprojectNames(text);
  if (file === 'setup.cfg') return setupCfgNames(text);
  return setupPyLiteralNames(text, validName);
}
