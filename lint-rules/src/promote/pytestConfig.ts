/**
 * How a promoted module becomes importable: its import root (`src` for a src layout) goes into
 * pytest's own `pythonpath` option in the project's pytest config. Plain `pytest` from the
 * project folder honours it (pytest >= 7), and kernels started by nbcraft read the same entry
 * (nbcraft/promote/kernel_paths.py), so the notebook, the tests and CI import the module the
 * same way, without installing anything.
 *
 * The config file is the one pytest itself would read in the project folder, in pytest's
 * order: `pytest.ini`, `pyproject.toml` with `[tool.pytest.ini_options]`, `tox.ini` with
 * `[pytest]`, `setup.cfg` with `[tool:pytest]`; with none of them, `pyproject.toml` gets the
 * table (created when the file does not exist). Edits are textual: the rest of the file keeps
 * its bytes. Pure: texts in, a text out.
 */
import { ConfigError } from '../config/errors';
import { parseTomlFile } from '../config/parse';
import { type PromoteTextRef, messageTexts } from './texts';

/** The files pytest may read its config from, in its order of preference. */
export const PYTEST_CONFIG_FILES = [
  'pytest.ini',
  'pyproject.toml',
  'tox.ini',
  'setup.cfg'
] as const;

export type PytestConfigFile = (typeof PYTEST_CONFIG_FILES)[number];

/** The texts of the config files in the project folder (absent: the file does not exist). */
export type PytestConfigTexts = Partial<Record<PytestConfigFile, string>>;

export type PythonpathEdit =
  | {
      ok: true;
      /** the file (project-relative) that holds the entry */
      file: PytestConfigFile;
      /** its new text; equal to the old one when the entry was there already */
      text: string;
      changed: boolean;
      /** the file did not exist */
      created: boolean;
      entry: string;
    }
  | {
      ok: false;
      file: PytestConfigFile;
      message: string;
      /** the template `message` was filled from (promote/texts.ts), for the lab to translate */
      texts: { message: PromoteTextRef };
    };

/** A successful edit that changed (or created) the file. */
function edited(
  file: PytestConfigFile,
  text: string,
  entry: string,
  created = false
): PythonpathEdit {
  return { ok: true, file, text, changed: true, created, entry };
}

const INI_SECTIONS: Record<'pytest.ini' | 'tox.ini' | 'setup.cfg', string> = {
  'pytest.ini': 'pytest',
  'tox.ini': 'pytest',
  'setup.cfg': 'tool:pytest'
};

/** `./src/` -> `src`; `.` and '' -> `.`. */
function normaliseEntry(entry: string): string {
  const parts = entry
    .replace(/\\/g, '/')
    .split('/')
    .filter(p => p !== '' && p !== '.');
  return parts.join('/') || '.';
}

function iniSectionRange(
  lines: string[],
  section: string
): { header: number; end: number } | null {
  const header = lines.findIndex(
    l => l.trim().toLowerCase() === `[${section}]`
  );
  if (header < 0) return null;
  let end = header + 1;
  while (end < lines.length && !/^\s*\[/.test(lines[end])) end++;
  return { header, end };
}

/** The file pytest reads in this folder, as pytest picks it; null when there is none. */
export function pytestConfigFile(
  texts: PytestConfigTexts
): PytestConfigFile | null {
  if (texts['pytest.ini'] !== undefined) return 'pytest.ini';
  const pyproject = texts['pyproject.toml'];
  if (
    pyproject !== undefined &&
    /^\s*\[tool\.pytest\.ini_options\]/m.test(pyproject)
  )
    return 'pyproject.toml';
  for (const file of ['tox.ini', 'setup.cfg'] as const) {
    const text = texts[file];
    if (
      text !== undefined &&
      iniSectionRange(text.split('\n'), INI_SECTIONS[file])
    )
      return file;
  }
  return null;
}

function iniEdit(
  file: 'pytest.ini' | 'tox.ini' | 'setup.cfg',
  text: string,
  entry: string
): PythonpathEdit {
  const section = INI_SECTIONS[file];
  const lines = text.split('\n');
  const range = iniSectionRange(lines, section);
  if (!range) {
    // pytest.ini without [pytest]: pytest still uses the file; give it the section
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    return edited(
      file,
      `${text}${sep}[${section}]\npythonpath = ${entry}\n`,
      entry
    );
  }
  for (let i = range.header + 1; i < range.end; i++) {
    const m = /^(\s*pythonpath\s*[=:]\s*)(.*?)(\s*)$/i.exec(lines[i]);
    if (!m) continue;
    if (i + 1 < range.end && /^\s+\S/.test(lines[i + 1])) {
      return {
        ok: false,
        file,
        ...messageTexts({
          id: 'pythonpathMultiline',
          data: { file, line: String(i + 1), section, entry }
        })
      };
    }
    const current = m[2].split(/\s+/).filter(Boolean);
    if (current.map(normaliseEntry).includes(entry))
      return { ok: true, file, text, changed: false, created: false, entry };
    lines[i] = `${m[1]}${[...current, entry].join(' ')}${m[3]}`;
    return edited(file, lines.join('\n'), entry);
  }
  lines.splice(range.header + 1, 0, `pythonpath = ${entry}`);
  return edited(file, lines.join('\n'), entry);
}

function tomlEdit(text: string, entry: string): PythonpathEdit {
  const file = 'pyproject.toml';
  let doc: Record<string, unknown>;
  try {
    doc = parseTomlFile(file, text);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return {
      ok: false,
      file,
      ...messageTexts({
        id: 'pytestConfigBroken',
        data: { problem: err.describe() }
      })
    };
  }
  const options = (
    (doc.tool as Record<string, unknown> | undefined)?.pytest as
      Record<string, unknown> | undefined
  )?.ini_options as Record<string, unknown> | undefined;
  const lines = text.split('\n');
  const header = lines.findIndex(l =>
    /^\s*\[tool\.pytest\.ini_options\]\s*(#.*)?$/.test(l)
  );
  const quoted = JSON.stringify(entry);
  if (!options || header < 0) {
    if (options) {
      return {
        ok: false,
        file,
        ...messageTexts({
          id: 'pytestOptionsInline',
          data: { file, entry: quoted }
        })
      };
    }
    const body = text.trimEnd();
    return edited(
      file,
      `${body}${body ? '\n\n' : ''}[tool.pytest.ini_options]\npythonpath = [${quoted}]\n`,
      entry
    );
  }
  const value = options.pythonpath;
  if (value === undefined) {
    lines.splice(header + 1, 0, `pythonpath = [${quoted}]`);
    return edited(file, lines.join('\n'), entry);
  }
  const current = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? value.split(/\s+/).filter(Boolean)
      : [];
  if (current.map(normaliseEntry).includes(entry))
    return { ok: true, file, text, changed: false, created: false, entry };
  // the key's lines inside the table: from `pythonpath =` to the line that closes its value
  let end = lines.length;
  for (let i = header + 1; i < lines.length; i++)
    if (/^\s*\[/.test(lines[i])) {
      end = i;
      break;
    }
  const at = lines.findIndex(
    (l, i) => i > header && i < end && /^\s*pythonpath\s*=/.test(l)
  );
  let last = at;
  if (at >= 0 && Array.isArray(value)) {
    let depth = 0;
    for (let i = at; i < end; i++) {
      const code = lines[i].replace(/#.*$/, '');
      depth += (code.match(/\[/g) ?? []).length;
      depth -= (code.match(/\]/g) ?? []).length;
      last = i;
      if (depth <= 0) break;
    }
  }
  if (at < 0) {
    return {
      ok: false,
      file,
      ...messageTexts({
        id: 'pythonpathLineNotFound',
        data: { file, entry: quoted }
      })
    };
  }
  const rendered = `pythonpath = [${[...current, entry].map(v => JSON.stringify(v)).join(', ')}]`;
  lines.splice(at, last - at + 1, rendered);
  return edited(file, lines.join('\n'), entry);
}

/**
 * The edit that puts `entry` (a folder relative to the project folder, e.g. `src`) on pytest's
 * `pythonpath`, in the file pytest reads; unchanged text when it is there already.
 */
export function pythonpathEdit(
  texts: PytestConfigTexts,
  entry: string
): PythonpathEdit {
  const clean = normaliseEntry(entry);
  const file = pytestConfigFile(texts);
  if (file === 'pytest.ini' || file === 'tox.ini' || file === 'setup.cfg')
    return iniEdit(file, texts[file] ?? '', clean);
  const pyproject = texts['pyproject.toml'];
  if (pyproject === undefined) {
    return edited(
      'pyproject.toml',
      `[tool.pytest.ini_options]\npythonpath = [${JSON.stringify(clean)}]\n`,
      clean,
      true
    );
  }
  return tomlEdit(pyproject, clean);
}
