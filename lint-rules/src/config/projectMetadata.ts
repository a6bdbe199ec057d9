/**
 * The distribution names a project's metadata files declare (unpinned-pip-install's
 * `ownPackages`: a library's own docs and examples install the library). Pure: the caller reads
 * the files (the CLI from the notebook's folder upwards); nothing here runs them, `setup.py`
 * included, which is only searched for a literal `name="..."`.
 */
import { parse as parseToml } from 'smol-toml';

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

function table(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function validName(value: unknown): string | null {
  return typeof value === 'string' && PROJECT_NAME.test(value) ? value : null;
}

/** `[project].name` and `[tool.poetry].name`. */
function pyprojectNames(text: string): string[] {
  let doc: Record<string, unknown> | null;
  try {
    doc = table(parseToml(text));
  } catch (err) {
    const e = err as { line?: number; column?: number; message?: string };
    const where = e.line ? ` at ${e.line}:${e.column}` : '';
    throw new ProjectMetadataError(
      `invalid TOML${where}: ${String(e.message ?? err).split('\n')[0]}`
    );
  }
  return [
    validName(table(doc?.project)?.name),
    validName(table(table(doc?.tool)?.poetry)?.name)
  ].filter((n): n is string => n !== null);
}

/**
 * `name` in `[metadata]`, as setuptools reads it with configparser (`name = x` or `name: x`; the
 * key in any case; a line starting with a blank continues the one before, so it is no key).
 */
function setupCfgNames(text: string): string[] {
  let inMetadata = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const section = /^\[([^\]]*)\]\s*$/.exec(line);
    if (section) {
      inMetadata = section[1].trim() === 'metadata';
      continue;
    }
    if (!inMetadata) continue;
    const m = /^name\s*[=:]\s*(\S*)\s*$/i.exec(line);
    if (m) {
      const name = validName(m[1]);
      return name ? [name] : [];
    }
  }
  return [];
}

/**
 * The literal `name="..."` (or `'...'`) keyword of the last `setup(` call in `setup.py`, read as
 * text: `setup(name=NAME)` or a computed name gives none. Earlier `name=` keywords (an
 * `Extension(name=...)` before the call) are not the distribution's.
 */
function setupPyNames(text: string): string[] {
  const call = text.lastIndexOf('setup(');
  if (call < 0) return [];
  const keyword = /(?<![\w.])name\s*=\s*(['"])([^'"\n]*)\1/g;
  keyword.lastIndex = call;
  const m = keyword.exec(text);
  const name = m ? validName(m[2]) : null;
  return name ? [name] : [];
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
  return setupPyNames(text);
}
