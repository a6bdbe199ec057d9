/**
 * `nbcraft promote NOTEBOOK [--cells SPEC] [--module PATH] [--function NAME] [--tests DIR]
 *  [--dry-run] [--check] [--on-conflict fail|replace|rename]`
 *
 * A thin layer over the pure planner: it reads the notebook, the module and test files, plans
 * every group (all or nothing), then writes the module, the test file and the notebook, each
 * atomically, never outside the current folder. Exit 0 promoted (or up to date), 1 refused or
 * out of date, 2 usage error or unreadable input.
 */
import * as path from 'path';
import { ConfigError } from '../config/errors';
import {
  BinaryFileError,
  ciSafeIo,
  nodeIo,
  NotUtf8Error,
  type CliIo
} from './io';
import { readNotebook } from '../notebook/read';
import { NotebookReadError, type Notebook } from '../notebook/types';
import { showControlCharacters } from '../promote/controlCharacters';
import { pathNameRefusal } from '../promote/relativePath';
import { leavesFolder } from './paths';
import { promoteDefaults } from './promoteDefaults';
import { removedNote } from './staleTemporaries';
import { errnoWords, outsideRefusal } from './writeErrors';
import { applyPromotionToText } from '../promote/notebookEdit';
import {
  DEFAULT_TESTS_DIR,
  defaultModulePath,
  importRoot,
  packageFolders
} from '../promote/layout';
import { planPromotion } from '../promote/plan';
import {
  packageFoldersToCheck,
  projectPackageName
} from '../promote/projectPackage';
import {
  PYTEST_CONFIG_FILES,
  pythonpathEdit,
  type PytestConfigTexts
} from '../promote/pytestConfig';
import { findTaggedGroups, parseCellSpec } from '../promote/selection';
import type {
  ConflictResolution,
  PromotionPlan,
  PromotionRefusalReason
} from '../promote/types';

export const PROMOTE_USAGE = `Usage: nbcraft promote NOTEBOOK [--cells SPEC] [--module PATH] [--function NAME]
                       [--tests DIR] [--dry-run] [--check] [--on-conflict fail|replace|rename]

Moves notebook cells into a function of a Python module, writes a pytest file for it,
and replaces the cells with an import and a call.

  --cells SPEC        cells as lint prints them, counting from 1: 3, 3-5 or 2,4
                      (without it: every group of cells tagged "promote" or
                      "promote:<module>:<function>", or holding "# nbcraft: promote <function>")
  --module PATH       module file, relative to the current folder (default:
                      <promote.moduleDir>/<notebook>.py from nbcraft.json / pyproject.toml,
                      else src/<this folder's name>/<notebook>.py, as in JupyterLab)
  --function NAME     function name (default: from the Markdown heading above the cells)
  --tests DIR         folder of the test file (default: promote.testsDir, then "tests")
  --dry-run           print what would change; write nothing
  --check             exit 1 when a module is out of date with the tagged cells; write nothing
  --on-conflict MODE  the module already has a different function of that name:
                      fail (default), replace it, or rename the new one

The module's import root (src for a src layout) is added to pytest's pythonpath in the
folder's pytest config (pyproject.toml [tool.pytest.ini_options] unless pytest.ini, tox.ini or
setup.cfg holds it): plain pytest here and kernels started by nbcraft import the module.

Exit codes: 0 promoted (or up to date), 1 refused or out of date, 2 usage error or unreadable input.
`;

class UsageError extends Error {}

interface PromoteArgs {
  notebook: string;
  cells?: string;
  module?: string;
  functionName?: string;
  tests?: string;
  dryRun: boolean;
  check: boolean;
  onConflict: ConflictResolution;
}

function parseArgs(argv: string[]): PromoteArgs | 'help' {
  const args: Partial<PromoteArgs> = {
    dryRun: false,
    check: false,
    onConflict: 'fail'
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (
        i + 1 >= argv.length ||
        (argv[i + 1].startsWith('--') && argv[i + 1].length > 2)
      ) {
        throw new UsageError(`${flag} needs a value`);
      }
      return argv[++i];
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--cells':
        args.cells = value();
        break;
      case '--module':
        args.module = value();
        break;
      case '--function':
        args.functionName = value();
        break;
      case '--tests':
        args.tests = value();
        break;
      case '--dry-run':
        args.dryRun = true;
        break;
      case '--check':
        args.check = true;
        break;
      case '--on-conflict': {
        const v = value();
        if (v !== 'fail' && v !== 'replace' && v !== 'rename') {
          throw new UsageError(
            `--on-conflict must be fail, replace or rename, not "${v}"`
          );
        }
        args.onConflict = v;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-')
          throw new UsageError(`unknown option ${a}`);
        positional.push(a);
    }
  }
  if (positional.length !== 1) {
    throw new UsageError(
      positional.length
        ? `expected one notebook, got ${positional.length}`
        : 'missing NOTEBOOK'
    );
  }
  if (args.check && args.cells)
    throw new UsageError('--check works on tagged cells; drop --cells');
  return { ...(args as PromoteArgs), notebook: positional[0] };
}

/**
 * A path given on the command line holding a control, invisible or direction-changing
 * character (`--tests "$(printf 'tes\tts')"`, `te\u200bsts`) or a name ending in a dot or
 * a space (`--tests 'tests '`, which Windows writes as `tests`) is a usage error, shown
 * escaped: the lab's preview refuses the same paths (pathNameRefusal).
 */
function refuseBadName(flag: string, value: string | undefined): void {
  const badName = value === undefined ? undefined : pathNameRefusal(value);
  if (badName)
    throw new UsageError(`${flag} ${badName.message}; ${badName.hint}`);
}

/** A path relative to cwd that must stay inside it; returns the absolute path. */
function insideCwd(cwd: string, rel: string, what: string): string {
  const abs = path.resolve(cwd, rel);
  const back = path.relative(cwd, abs);
  if (!back || leavesFolder(back)) {
    throw new UsageError(outsideRefusal(`${what} ${rel}`));
  }
  return abs;
}

async function readIfExists(
  io: CliIo,
  file: string
): Promise<string | undefined> {
  const kind = await io.kind(file);
  if (kind === null) return undefined;
  if (kind === 'dir')
    throw new UsageError(`${file} is a folder, not a Python file`);
  return io.readText(file);
}

/**
 * The package the project in `cwd` names (the lab's dialog chooses the same one): an existing
 * package, then `pyproject.toml`'s `[project] name`, then the folder's name.
 */
async function projectPackage(io: CliIo, cwd: string): Promise<string> {
  const pyprojectFile = path.join(cwd, 'pyproject.toml');
  const pyproject =
    (await io.kind(pyprojectFile)) === 'file'
      ? await io.readText(pyprojectFile)
      : null;
  const folderName = path.basename(cwd);
  const withInit = new Set<string>();
  for (const folder of packageFoldersToCheck(folderName, pyproject)) {
    if ((await io.kind(path.join(cwd, folder, '__init__.py'))) === 'file') {
      withInit.add(folder);
    }
  }
  return projectPackageName(folderName, pyproject, withInit);
}

function cellRange(cells: number[]): string {
  const a = cells[0] + 1;
  const b = cells[cells.length - 1] + 1;
  return a === b ? `cell ${a}` : `cells ${a}-${b}`;
}

function describeReason(
  notebookPath: string,
  r: PromotionRefusalReason
): string {
  const where =
    r.cell !== undefined
      ? `${notebookPath}:cell ${r.cell + 1}${r.line !== undefined ? `:${r.line + 1}` : ''}`
      : notebookPath;
  // one line per reason (DESIGN.md): a control character from the notebook is shown escaped,
  // so a tag cannot print a CI logging command (`##vso[...]`, `::set-env`) on a line of its own
  return showControlCharacters(
    `${where}: ${r.message} (${r.hint}) [${r.code}]`
  );
}

interface Group {
  cells: number[];
  modulePath: string;
  functionName?: string;
  label: string;
}

/** Runs the command (main.ts dispatches `nbcraft promote` here); never calls process.exit. */
export async function execute(
  argv: string[],
  given: CliIo = nodeIo()
): Promise<number> {
  // everything promote prints passes here once: a notebook's file name, tags and cells
  // cannot start a CI logging command, whichever message carries them
  const io = ciSafeIo(given, { stdout: true });
  let args: PromoteArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (err) {
    io.stderr(
      `nbcraft promote: ${showControlCharacters((err as Error).message)}\n\n${PROMOTE_USAGE}`
    );
    return 2;
  }
  if (args === 'help') {
    io.stdout(PROMOTE_USAGE);
    return 0;
  }
  try {
    return await promote(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`nbcraft promote: ${showControlCharacters(err.message)}\n`);
      return 2;
    }
    // by name: the io given by main.ts may come from the CLI bundle, with its own copy of these classes
    const name = (err as Error | null)?.name;
    if (name === 'BinaryFileError' || name === 'NotUtf8Error') {
      const e = err as BinaryFileError | NotUtf8Error;
      const where = e.line !== undefined ? `:${e.line}:${e.column}` : '';
      const text = name === 'NotUtf8Error' || (e as BinaryFileError).utf16;
      io.stderr(
        `nbcraft promote: ${showControlCharacters(`${path.relative(io.cwd, e.path) || e.path}${where}: ${e.message}`)}${text ? '; save it as UTF-8' : ''} (nothing was written)\n`
      );
      return 2;
    }
    if (name === 'WriteRefusedError') {
      io.stderr(
        `nbcraft promote: ${(err as Error).message} (nothing was written)\n`
      );
      return 2;
    }
    if (err instanceof NotebookReadError) {
      io.stderr(`nbcraft promote: ${showControlCharacters(err.describe())}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code && e.path) {
      // relative, and the errno in words: e.message repeats the absolute path
      const shown = path.relative(io.cwd, e.path) || e.path;
      io.stderr(
        `nbcraft promote: ${showControlCharacters(`${shown}: ${e.code === 'ENOENT' ? 'no such file' : errnoWords(e.code)}`)} (nothing was written)\n`
      );
      return 2;
    }
    if (err instanceof ConfigError) {
      io.stderr(`nbcraft promote: ${showControlCharacters(err.describe())}\n`);
      return 2;
    }
    throw err;
  }
}

async function promote(args: PromoteArgs, io: CliIo): Promise<number> {
  const cwd = path.resolve(io.cwd);
  const notebookAbs = path.resolve(cwd, args.notebook);
  const notebookRel = path.relative(cwd, notebookAbs).split(path.sep).join('/');
  // the notebook's name as messages show it: one line, a pasted line break escaped
  const shownNotebook = showControlCharacters(notebookRel);
  const kind = await io.kind(notebookAbs);
  if (kind !== 'file')
    throw new UsageError(
      `${args.notebook}: ${kind === 'dir' ? 'is a folder, not a notebook' : 'no such file'}`
    );
  refuseBadName('--module', args.module);
  refuseBadName('--tests', args.tests);
  const text = await io.readText(notebookAbs);
  if (!args.dryRun && !args.check)
    insideCwd(cwd, args.notebook, 'the notebook');
  let nb: Notebook = readNotebook(notebookRel || args.notebook, text);

  const defaults = await promoteDefaults(io, path.dirname(notebookAbs), cwd);
  const defaultModule = defaultModulePath({
    notebookPath: notebookAbs,
    projectName: path.basename(cwd),
    projectPackage: await projectPackage(io, cwd),
    moduleDir: defaults.moduleDir
  });
  const testsDir = args.tests ?? defaults.testsDir ?? DEFAULT_TESTS_DIR;

  let groups: Group[];
  if (args.cells) {
    let cells: number[];
    try {
      cells = parseCellSpec(args.cells, nb.cells.length);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    groups = [
      {
        cells,
        modulePath: args.module ?? defaultModule,
        functionName: args.functionName,
        label: `--cells ${args.cells}`
      }
    ];
  } else {
    const tagged = findTaggedGroups(nb);
    if (!tagged.length) {
      if (args.check) {
        io.stdout(
          `${shownNotebook}: no cells tagged for promotion; nothing to check\n`
        );
        return 0;
      }
      throw new UsageError(
        `${shownNotebook}: no cells tagged "promote" (or "promote:<module>:<function>", or a "# nbcraft: promote <function>" line); pass --cells`
      );
    }
    if (tagged.length > 1 && args.functionName && !args.check) {
      throw new UsageError(
        `--function applies to one group, but ${tagged.length} groups are tagged; name them in their tags`
      );
    }
    groups = tagged.map(g => ({
      cells: g.cells,
      modulePath: g.modulePath ?? args.module ?? defaultModule,
      functionName:
        g.functionName ?? (tagged.length === 1 ? args.functionName : undefined),
      label: g.label
    }));
  }

  // Plan every group bottom-up (a plan never moves the cells above it), all before writing.
  const pending = new Map<string, string>(); // absolute path -> new text
  const plans: { plan: PromotionPlan; group: Group }[] = [];
  const outOfDate: string[] = [];
  for (const group of [...groups].sort((a, b) => b.cells[0] - a.cells[0])) {
    const moduleAbs = insideCwd(cwd, group.modulePath, 'the module');
    const current = async (file: string) =>
      pending.has(file) ? pending.get(file) : readIfExists(io, file);
    const result = planPromotion({
      notebook: nb,
      cells: group.cells,
      modulePath: path.relative(cwd, moduleAbs).split(path.sep).join('/'),
      functionName: group.functionName,
      testsDir: path
        .relative(cwd, insideCwdDir(cwd, testsDir))
        .split(path.sep)
        .join('/'),
      existingModuleText: await current(moduleAbs),
      existingTestText: undefined,
      onConflict: args.onConflict
    });
    if (!result.ok) {
      const first = result.reasons[0];
      io.stderr(
        `nbcraft promote: refused ${cellRange(group.cells)}: ${describeReason(notebookRel, first)}\n`
      );
      for (const extra of result.reasons.slice(1))
        io.stderr(`  also: ${describeReason(notebookRel, extra)}\n`);
      return 1;
    }
    // the test file may have been planned already for another group of this run
    const testAbs = insideCwd(cwd, result.testPath, 'the test file');
    const existingTest = await current(testAbs);
    const plan =
      existingTest === undefined
        ? result
        : (planPromotion({
            notebook: nb,
            cells: group.cells,
            modulePath: result.modulePath,
            functionName: group.functionName,
            testsDir: path
              .relative(cwd, insideCwdDir(cwd, testsDir))
              .split(path.sep)
              .join('/'),
            existingModuleText: await current(moduleAbs),
            existingTestText: existingTest,
            onConflict: args.onConflict
          }) as PromotionPlan);
    if (args.check) {
      if (!plan.moduleUnchanged)
        outOfDate.push(
          `${plan.modulePath}: \`${plan.functionName}\` is out of date with ${cellRange(group.cells)} (${showControlCharacters(group.label)})`
        );
      continue;
    }
    pending.set(moduleAbs, plan.moduleText);
    pending.set(testAbs, plan.testText);
    const newText = applyPromotionToText(nb, plan);
    nb = readNotebook(nb.path, newText);
    plans.push({ plan, group });
  }

  if (args.check) {
    if (outOfDate.length) {
      for (const line of outOfDate) io.stdout(`${line}\n`);
      io.stdout(
        `run \`nbcraft promote ${showControlCharacters(args.notebook)}\` to update\n`
      );
      return 1;
    }
    io.stdout(
      `${shownNotebook}: modules are up to date with ${groups.length} tagged group${groups.length > 1 ? 's' : ''}\n`
    );
    return 0;
  }

  // How the modules import: their roots on pytest's pythonpath, in the config pytest reads here.
  const configTexts: PytestConfigTexts = {};
  for (const file of PYTEST_CONFIG_FILES) {
    const text = await readIfExists(io, path.join(cwd, file));
    if (text !== undefined) configTexts[file] = text;
  }
  const importNotes: string[] = [];
  for (const { plan } of plans) {
    const edit = pythonpathEdit(
      configTexts,
      importRoot(plan.modulePath, plan.moduleName)
    );
    if (!edit.ok) {
      io.stderr(
        `nbcraft promote: refused: ${edit.message} (the module would not import from the notebook or from pytest) [pytest-config]\n`
      );
      return 1;
    }
    if (edit.changed) {
      configTexts[edit.file] = edit.text;
      pending.set(path.join(cwd, edit.file), edit.text);
      importNotes.push(
        `${args.dryRun ? 'would add' : 'added'} "${edit.entry}" to pytest's pythonpath in ${edit.file}`
      );
    }
    for (const folder of packageFolders(plan.modulePath, plan.moduleName)) {
      const init = path.join(cwd, folder, '__init__.py');
      if (!(await io.kind(path.join(cwd, folder))) && !pending.has(init))
        pending.set(init, '');
    }
  }

  // written first, printed after: a failed write (a folder that cannot be made, a rename)
  // leaves nothing behind and has claimed nothing on stdout
  if (!args.dryRun)
    for (const tmp of await io.writeProjectFiles(
      [...pending, [notebookAbs, nb.text]],
      cwd
    ))
      io.stderr(`nbcraft promote: ${removedNote(tmp, cwd)}\n`);
  plans.reverse();
  for (const { plan, group } of plans) {
    const returns = plan.returns.length ? ` -> ${plan.returns.join(', ')}` : '';
    io.stdout(
      `${args.dryRun ? 'would promote' : 'promoted'} ${cellRange(group.cells)} of ${shownNotebook} to ${plan.modulePath}: ${plan.functionName}(${plan.params.join(', ')})${returns}; tests in ${plan.testPath}\n`
    );
    for (const w of plan.warnings) {
      io.stdout(
        `  warning: ${w.cell !== undefined ? `cell ${w.cell + 1}: ` : ''}${showControlCharacters(w.message)}\n`
      );
    }
    if (args.dryRun) {
      io.stdout(
        `--- ${plan.modulePath} (function)\n${inGutter(plan.functionText)}--- replacement cell\n${inGutter(plan.replacementCells[0].source)}`
      );
      for (const edit of plan.cellEdits)
        io.stdout(`--- cell ${edit.cell + 1}\n${inGutter(edit.source)}`);
    }
  }
  for (const note of importNotes)
    io.stdout(
      `${note}: plain pytest here and kernels started by nbcraft import the module\n`
    );
  return 0;
}

/**
 * Code as --dry-run prints it: each line behind a `| ` gutter, so no line of a cell
 * (`::error::` inside a string) starts a line of the output; ciSafe does the rest.
 */
function inGutter(code: string): string {
  return code
    .split('\n')
    .map(line => `| ${line}\n`)
    .join('');
}

function insideCwdDir(cwd: string, rel: string): string {
  const abs = path.resolve(cwd, rel);
  const back = path.relative(cwd, abs);
  if (leavesFolder(back)) {
    throw new UsageError(outsideRefusal(`--tests ${rel}`));
  }
  return abs;
}
