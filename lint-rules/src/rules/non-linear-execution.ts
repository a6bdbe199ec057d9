import { escapeRegExp } from '../engine/text';
import { defineRule } from '../engine/types';
import { BUILTINS } from '../python/builtins';
import { codeText, LINE_BREAK } from '../python/literals';
import type { CellAnalysis } from '../python/types';
import type { NotebookCell } from '../notebook/types';
import {
  cellNames,
  cellsNamingWords,
  keepLatest,
  SQL_WRITES,
  type CellNames,
  type Latest
} from './support/cellData';
import { sqlBody, sqlStatements, sqlWithoutComments } from './support/sql';

/** an installed version: `pd.__version__`, `sys.version` */
const VERSION = String.raw`(?:\w+(?:\.\w+)*\.__version__|sys\.version)`;
/**
 * a listing of a folder given as a literal (`os.listdir("../input")`, the first cell of Kaggle's
 * kernel template): it reads the file system and changes nothing
 */
const LISTING = String.raw`os\.listdir\((?:"[^"\\]*"|'[^'\\]*')?\)`;
/**
 * a print argument: a string literal, an f-string whose only fields are versions, a version, or
 * a listing of a folder (LISTING)
 */
const PRINT_ARG = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|f"(?:[^"{\\]|\\.|\{${VERSION}\})*"|f'(?:[^'{\\]|\\.|\{${VERSION}\})*'|${VERSION}|${LISTING})`;

/**
 * A directory made for what the cells write (`!mkdir output`, `!mkdir -p data/raw $OUT`, `%mkdir
 * out`, `os.makedirs("out", exist_ok=True)`): plain path arguments only, no shell operator (`&&`,
 * `;`, `|`, `>`), so the line does nothing else. Made again, the directory is as it was.
 */
const MAKE_DIRECTORY = String.raw`(?:[!%]mkdir(?: -p)?(?: +[\w./$\{\}-]+)+|os\.makedirs\((?:"[^"\\]*"|'[^'\\]*'|\w+)(?:, *exist_ok=True)?\))`;

/** a literal argument: a number, a string, a bool or None */
const LITERAL = String.raw`(?:-?[\d_.]+|"[^"\\]*"|'[^'\\]*'|True|False|None)`;
/** literal arguments, positional or keyword (`precision=4`, `"display.max_rows", 100`) */
const LITERAL_ARGS = String.raw`(?:(?:\w+=)?${LITERAL}(?:, *(?:\w+=)?${LITERAL})*)?`;

/** `word` in any ASCII case, as a pattern */
const caseless = (word: string): string =>
  word.replace(/[a-z]/g, c => `[${c}${c.toUpperCase()}]`);

/**
 * A pandas option that only changes how results are shown, as set_option's literal key: one that
 * starts with `display.` or `styler.` (pandas.set_option's "Available options"), in any case,
 * then only word characters and dots. Not `plotting.`: `plotting.backend` changes what
 * `df.plot()` returns (a plotly figure has no `set_title`). An allow-list, because pandas finds an option
 * by pattern: `_get_single_key` (pandas/_config/config.py) takes the key as given when it is
 * registered, else every registered key `re.search(pat, key, re.I)` matches, and uses it when it
 * is the only one, so `'Mode.Copy_On_Write'`, `'chained'` or `'display.x|mode.copy_on_write'`
 * set options that change what code computes (`mode.*`, `compute.*`, `future.*`, `io.*`). A
 * regex character (`|`, `(`, `*`) after the prefix makes the key no display option.
 */
const DISPLAY_KEY = String.raw`(?:"(?:${caseless('display')}|${caseless('styler')})\.[\w.]*"|'(?:${caseless('display')}|${caseless('styler')})\.[\w.]*')`;
/** set_option's arguments: display keys, each with a literal value (`"display.max_rows", 100`) */
const DISPLAY_OPTIONS = String.raw`${DISPLAY_KEY}, *${LITERAL}(?:, *${DISPLAY_KEY}, *${LITERAL})*`;

/**
 * A session setting set to a literal, the same on every run: how pandas and NumPy print
 * (`pd.options.display.max_rows = 1_000`, `pd.set_option("display.max_columns", 100)`,
 * `np.set_printoptions(precision=4)`), how matplotlib draws (`plt.style.use("ggplot")`: it
 * updates `rcParams` from the named style, matplotlib.style.use), which warnings show
 * (`warnings.filterwarnings("ignore")`; not `"error"`, which makes a later warning an exception),
 * an IPython extension loaded (`%load_ext autoreload`) or autoreload's mode set (`%autoreload 2`;
 * a bare `%autoreload` reloads changed modules now, and is no setting).
 *
 * Only pandas options that change how results look (`display.*`, `styler.*`), not
 * those that change the results (DISPLAY_KEY is an allow-list): the cells below ran without
 * one set last.
 */
const DISPLAY_SETTING = String.raw`(?:\w+\.options\.display\.\w+ *= *${LITERAL}|\w+\.set_option\(${DISPLAY_OPTIONS}\)|\w+\.set_printoptions\(${LITERAL_ARGS}\)|\w+\.style\.use\(${LITERAL_ARGS}\)|warnings\.(?:filterwarnings|simplefilter)\((?!(?:action=)?["']error["'])${LITERAL_ARGS}\)|%load_ext [\w.]+|%autoreload (?:[0-3]|off|explicit|all|complete)|%config [\w.]+ *= *\S+)`;

/**
 * A line of a cell (trimmed: no `\s*` at either end, a long run of spaces would make the match
 * quadratic; its comment blanked first) that only sets up or reports the environment: an import
 * (no `import *`), a print of string literals, installed versions and folder listings
 * (`print(tf.__version__)`, `print("pandas", pd.__version__)`, `print(os.listdir("../input"))`;
 * no other call), a directory made (MAKE_DIRECTORY), a comment, a blank or
 * `%matplotlib`, or a session setting (DISPLAY_SETTING). Re-running such a cell changes no result
 * below it. A bare `%autoreload` is no such line: it reloads changed modules, so the re-run can
 * change what the cells below call.
 */
const SETUP_LINE = new RegExp(
  String.raw`^(?:#.*|import [\w.]+(?: as \w+)?(?:, *[\w.]+(?: as \w+)?)*|from [\w.]+ import \(?\w+(?: as \w+)?(?:, *\w+(?: as \w+)?)*,?\)?|print\(${PRINT_ARG}(?:, *${PRINT_ARG})*\)|${MAKE_DIRECTORY}|%matplotlib\b.*|${DISPLAY_SETTING})?$`
);

/** the names an import line binds (`import a.b as c, d` binds c and d; `from x import y` binds y) */
function boundNames(line: string): string[] {
  const m = /^(?:from [\w.]+ )?import \(?(.*?)\)?$/.exec(line);
  return (m?.[1] ?? '')
    .split(',')
    .map(part => (part.split(' as ').at(-1) ?? '').split('.')[0].trim())
    .filter(name => name !== '');
}

const MAKES_DIRECTORY = new RegExp(`^${MAKE_DIRECTORY}$`);
const SETS_SESSION = new RegExp(`^${DISPLAY_SETTING}$`);

/**
 * A line with its comment blanked (strings kept whole): `import numpy as np  # linear algebra` is
 * the import alone. Asked only of a line that is no set-up line as written and holds a `#`.
 */
function withoutComment(line: string): string {
  const { code, strings } = codeText(line);
  const chars = code.split('');
  for (const { from, to } of strings) {
    for (let i = from; i < to; i++) chars[i] = line[i];
  }
  return chars.join('').trim();
}

/**
 * The cell's lines, trimmed and without their comments, when every one is a set-up line
 * (SETUP_LINE), else null (at the first line that is not: most cells stop at their first line).
 */
function setUpLines(source: string): string[] | null {
  const out: string[] = [];
  for (const raw of source.split(LINE_BREAK)) {
    let line = raw.trim();
    if (!SETUP_LINE.test(line)) {
      if (!line.includes('#')) return null;
      line = withoutComment(line);
      if (!SETUP_LINE.test(line)) return null;
    }
    out.push(line);
  }
  return out;
}

/**
 * A set-up cell: imports, version prints, directories made and session settings only (see
 * SETUP_LINE), with at least one import, directory or setting (`pd.set_option(...)` alone in its
 * cell), no import rebinding a builtin (`from numpy import sum` changes what `sum` means below).
 */
function onlySetUp(source: string): boolean {
  const lines = setUpLines(source);
  if (!lines) return false;
  const imports = lines.filter(l => /^(import|from) /.test(l));
  return (
    (imports.length > 0 ||
      lines.some(l => MAKES_DIRECTORY.test(l) || SETS_SESSION.test(l))) &&
    !imports.some(l =>
      boundNames(l).some(
        // IPython's own display imported from its home is the same object
        name =>
          BUILTINS.has(name) &&
          !(name === 'display' && l.startsWith('from IPython.display '))
      )
    )
  );
}

/**
 * a call of a function that changes a sequence, a setting or the session, which a SELECT runs
 * (`SELECT setval('s', 1)`, `nextval(...)`, `set_config(...)`, `load_extension(...)`,
 * `dblink_exec(...)`, `pg_advisory_lock(...)`): no word of SQL_WRITES on its own
 */
const SQL_WRITING_CALL =
  /\b\w*(?:set|exec|load|nextval|lock|notify|terminate|cancel)\w*\s*\(/i;
/** a read-only statement's first word */
const SQL_READS = /^(?:select|with|show|describe|desc|explain)\b/i;

/**
 * A `%%sql` cell (no options: `-o df` and `x <<` bind Python names) of read-only queries
 * (`SELECT`, `WITH ... SELECT`, `SHOW`, `DESCRIBE`, `EXPLAIN`; no word that writes, no call of a function
 * that does: SQL_WRITING_CALL): re-run, it
 * changes neither the kernel nor the database, so no result below depends on when it ran.
 */
function onlyReadsSql(source: string): boolean {
  const { magic, body: text } = sqlBody(source);
  if (!LINE_BREAK.test(source) || !/^%%?sql[ \t]*$/.test(magic)) return false;
  const body = sqlWithoutComments(text);
  const statements = sqlStatements(body);
  return (
    statements.length > 0 &&
    statements.every(t => SQL_READS.test(t)) &&
    !SQL_WRITES.test(body) &&
    !SQL_WRITING_CALL.test(body)
  );
}

/** a path given as it stands: no glob (`*`, `?`, `[`), no expansion (`$x`, `{x}`), no operator */
const PLAIN_PATH = String.raw`(?:"[^"\\*?[$\{]*"|'[^'\\*?[$\{]*'|[\w./:~-]+)`;

/**
 * A line that lists a folder given as it stands and prints the listing: Databricks' `%fs ls
 * PATH` (`%fs` is the notebook shorthand for `dbutils.fs`, whose `ls` lists a directory's
 * contents: docs.databricks.com/dev-tools/databricks-utils), `dbutils.fs.ls("PATH")` alone or
 * in `display(...)`, IPython's `%ls` and a shell `!ls` with options. It reads the file system,
 * binds no name and writes nothing.
 */
const LISTING_LINE = new RegExp(
  // options (`-la`) are plain paths too: one group, so a line failing at its end is tried once
  // per word (an options group before the paths split `-a -a ... $x` every way: quadratic)
  String.raw`^(?:%fs ls|%ls|!ls)(?: +${PLAIN_PATH})*$|^(?:display\()?dbutils\.fs\.ls\((?:"[^"\\]*"|'[^'\\]*')\)\)?$`
);

/**
 * A cell that only lists folders (LISTING_LINE; comments and blanks aside): re-run, it changes
 * nothing a cell below reads (round 10: devrel's `%fs ls databricks-datasets/...`, run after the
 * cell below that read a file from it).
 */
function onlyLists(source: string): boolean {
  if (!source.includes('ls')) return false; // most cells: no listing, and no split
  const lines = source
    .split(LINE_BREAK)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'));
  return lines.length > 0 && lines.every(line => LISTING_LINE.test(line));
}

/**
 * `!rm [-f] [-r] PATH...` or `%rm PATH...`: files removed by the names given. The words are
 * one group (options are plain words too; removedPaths tells them apart): an options group
 * before the paths split `-r -r ... *` every way on a line failing at its end, quadratic.
 */
const REMOVE_LINE = new RegExp(String.raw`^[!%]rm((?: +${PLAIN_PATH})+)$`);
/** rm's options a clean-up may have: `-f`, `-r`, `-R`, `-v` and their combinations */
const REMOVE_OPTIONS = /^-[rRfv]+$/;

/**
 * What a clean-up cell removes (`!rm 'dataset/glove.840B.300d.zip'`: only REMOVE_LINE lines,
 * comments and blanks aside), or null when the cell is no clean-up or removes what no name can
 * stand for: `~` and paths under it (the shell expands `~` to the home folder, POSIX 2.6.1),
 * `.`, `..`, `/` (nothing left of the name). `names` are the last parts of the paths (what a
 * cell that reads the file names); `folders` the paths a recursive removal (`rm -r`: "remove file
 * hierarchies", POSIX rm) takes with everything under them.
 */
function removedPaths(
  source: string
): { names: string[]; folders: string[]; parents: string[] } | null {
  if (!source.includes('rm')) return null; // most cells: no removal, and no split
  const names: string[] = [];
  const folders: string[] = [];
  const parents: string[] = [];
  for (const raw of source.split(LINE_BREAK)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = REMOVE_LINE.exec(line);
    if (!m) return null;
    const words = m[1].trim().split(/ +/);
    const options = words.findIndex(word => !word.startsWith('-'));
    if (options < 0) return null; // options only, no path
    const flags = words.slice(0, options);
    if (!flags.every(flag => REMOVE_OPTIONS.test(flag))) return null;
    // `-r`: "remove file hierarchies" (POSIX rm), the folder and all under it
    const recursive = flags.some(flag => /[rR]/.test(flag));
    for (const path of words.slice(options)) {
      const full = path.replace(/^["']|["']$/g, '').replace(/\/+$/, '');
      const name = full.slice(full.lastIndexOf('/') + 1);
      if (full.startsWith('~') || name === '' || /^\.\.?$/.test(name)) {
        return null;
      }
      names.push(name);
      if (recursive) folders.push(full);
      const slash = full.lastIndexOf('/');
      if (slash > 0) parents.push(full.slice(0, slash));
    }
  }
  return names.length > 0 ? { names, folders, parents } : null;
}

/**
 * Whether the source reads the folder as a whole (what a listing sees, the removed file among
 * its entries): the folder in quotes (`os.listdir('data')`, `os.path.join('data', f)`,
 * `Path("data/")`), a glob pattern under it (`glob.glob('data/*.csv')`, `!cat data/*.csv`), or the
 * folder as a word of a shell or magic line (`!ls data`, `%ls data/`). A path to one other file
 * under it (`data/new.csv`) reads that file, not the listing.
 */
function readsFolder(source: string, folder: string): boolean {
  if (!source.includes(folder)) return false; // most cells: no split, no regex
  const f = escapeRegExp(folder);
  return (
    new RegExp(`['"]${f}/?['"]|(?<![\\w.-])${f}/[^\\s'"]*[*?[]`).test(source) ||
    source
      .split(LINE_BREAK)
      .some(
        line =>
          /^\s*[!%]/.test(line) && new RegExp(`\\s${f}/?(?:\\s|$)`).test(line)
      )
  );
}

/** `%%writefile PATH` / `%%file PATH`: the cell writes its body, as written, to PATH */
const WRITEFILE = /^%%(?:writefile|file)\b(.*)$/m;
/** a kernel name IPython expands in a magic's line: `$name`, `{name}`, `{name.attr}` */
const EXPANDED = /\$(\w+)|\{(\w+)/g;

/**
 * The kernel names a `%%writefile` cell's result depends on (those its magic line expands), or
 * null when the cell is no `%%writefile`: its body is written as it stands, whatever ran before.
 */
function writeFileReads(source: string): string[] | null {
  const m = source.startsWith('%%') ? WRITEFILE.exec(source) : null;
  if (m?.index !== 0) return null;
  return [...m[1].matchAll(EXPANDED)].map(
    e => (e[1] as string | undefined) ?? e[2]
  );
}

/** the errors Python raises when it compiles a cell, before any of its statements runs */
const COMPILE_ERRORS = new Set(['SyntaxError', 'IndentationError', 'TabError']);

/**
 * A cell whose run changed nothing: its saved output is the error of compiling it (a
 * SyntaxError, IndentationError or TabError) and nbcraft cannot parse it either. IPython compiles
 * the whole cell before running any statement of it (`run_cell` → `compile`), so the run stopped
 * there (round 15: a scratch `plt.` left as [410] above a lecture's cells). Both are asked: a
 * SyntaxError a cell that parses saved was raised while it ran (`eval("x y")`, an imported
 * module's error), after its earlier statements ran.
 */
function ranNothing(
  cell: NotebookCell,
  analysis: CellAnalysis | undefined
): boolean {
  return (
    analysis?.parsed.ok === false &&
    cell.outputs.some(
      o => o.outputType === 'error' && COMPILE_ERRORS.has(o.ename ?? '')
    )
  );
}

/**
 * Execution counts that go down in cell order: the saved outputs came from an out-of-order run.
 * A set-up cell (imports, version prints, a directory made), a read-only `%%sql` query, a folder
 * listing or a clean-up of files no cell below names, re-run last, is not the reference the
 * cells below are measured against: the results below did not depend on that re-run.
 *
 * Out of order matters only through data (issue #15, rounds 17 and 18: late re-runs of plots and
 * displays): a cell is reported only when a reference above that ran later writes (binds,
 * mutates, deletes) a name it reads, reads a name it writes, or writes a name it writes too that
 * a cell below it reads; or when nbcraft cannot read one of the two (cellNames: a cell that does
 * not parse, a shell line or magic of unknown effect, a file write, `exec`). The pair named is
 * the latest run of those cells (for a cell nbcraft cannot read, the nearest above that ran
 * later). A display-only or self-contained cell re-run last gives the same results top to bottom.
 */
export default defineRule<Record<string, never>, 'outOfOrder'>({
  meta: {
    code: 'NB101',
    id: 'non-linear-execution',
    category: 'reproducibility',
    description:
      'Cells were executed out of order (execution counts decrease from top to bottom).',
    defaultSeverity: 'warning',
    // not in `recommended` (session 22, issue #15): independent reviewers judged 63 of 114
    // findings true over rounds 4 to 22 (6 of 24 in rounds 19 to 22), calling most pairs that
    // cannot change a saved result debatable; fifteen sessions of narrowing did not lift it
    // (bench/PRECISION.md). Teams that want a run top to bottom before every commit opt in.
    recommended: false,
    messages: {
      outOfOrder:
        'Cell ran as [{{count}}] after cell {{previousCell}} ran as [{{previous}}] above it; restart the kernel and run all cells top to bottom before committing.'
    }
  },
  create(context) {
    const definedBy = (index: number): string[] =>
      context.analysis.dataflow.cells.find(f => f.cell === index)?.defines ??
      [];
    /**
     * A clean-up cell (removedPaths) re-run last whose files no cell below can read: none names
     * a removed file, and none reads a name that a cell binding it also names the file in
     * (`OUT = "out/model.pkl"` above, `pd.read_csv(OUT)` below: the path travels in the name). A
     * folder removed with all under it (`rm -r out`) is read by any other cell that names a path
     * under it (`out/...`); the removed file's folder by a cell below that reads it whole (a glob
     * or a listing, readsFolder). A cell above ran before the clean-up in either order; a cell below
     * ran before it here, after it in a top-to-bottom run.
     */
    const removesUnreadFiles = (index: number, source: string): boolean => {
      const removed = removedPaths(source);
      if (removed === null) return false;
      const cells = context.notebook.cells;
      const names = (text: string) =>
        removed.names.some(name => text.includes(name));
      if (
        removed.folders.some(folder =>
          cells.some(c => c.index !== index && c.source.includes(`${folder}/`))
        )
      ) {
        return false;
      }
      // a cell below that reads the removed file's folder as a whole (a glob, a listing): top to
      // bottom, the file is gone before it reads (`!rm data/old.csv` above
      // `glob.glob('data/*.csv')` or `os.listdir('data')`)
      if (
        removed.parents.some(folder =>
          cells.some(c => c.index > index && readsFolder(c.source, folder))
        )
      ) {
        return false;
      }
      const carriers = new Set(
        cells
          .filter(c => c.index !== index && names(c.source))
          .flatMap(c => definedBy(c.index))
      );
      return (
        !cells.some(c => c.index > index && names(c.source)) &&
        !context.analysis.dataflow.cells.some(
          f => f.cell > index && f.reads.some(r => carriers.has(r.name))
        )
      );
    };
    return {
      notebook() {
        // the reference cells above (not set-up), kept with counts decreasing towards the top
        // of the stack: a cell above with a lower count than one nearer below it is never the
        // nearest above that ran later, so it is dropped
        const above: { count: number; cell: number }[] = [];
        const cells = context.notebook.cells;
        // the same reference cells by what they touch: the latest (highest count) that writes
        // each name, that reads each name, and that the analysis cannot read
        const wrote: Latest = new Map();
        const read: Latest = new Map();
        let opaque: { count: number; cell: number } | null = null;
        /** the names the notebook's imports bind (asked only of a cell that sets state) */
        let imported: Set<string> | undefined;
        const modules = (): ReadonlySet<string> =>
          (imported ??= new Set(
            [...context.analysis.perCell.values()].flatMap(
              a => a.scope?.imports.map(i => i.bound) ?? []
            )
          ));
        /** the notebook's names each defining cell may write when its functions run, by the
         * names that cell binds (asked only of a cell that ran out of order) */
        let throughCalls: Map<string, string[]> | undefined;
        const writesThroughCalls = (): ReadonlyMap<
          string,
          readonly string[]
        > => {
          if (!throughCalls) {
            throughCalls = new Map();
            for (const a of context.analysis.perCell.values()) {
              // what its functions may write: `global` bindings and names mutated in place
              // (`results.append(v)`); the cell's own top-level mutations too (a superset)
              const inside = [
                ...(a.scope?.nestedGlobalWrites ?? []),
                ...(a.scope?.mutates ?? [])
              ];
              if (inside.length === 0) continue;
              for (const name of a.scope?.bound ?? []) {
                throughCalls.set(name, [
                  ...(throughCalls.get(name) ?? []),
                  ...inside
                ]);
              }
            }
          }
          return throughCalls;
        };
        /** how many cells name each path word (asked only of a cell that saves a figure) */
        let pathWords: Map<string, number> | undefined;
        const namedElsewhere = (fileName: string): boolean =>
          ((pathWords ??= cellsNamingWords(cells.map(c => c.source))).get(
            fileName
          ) ?? 0) > 1;
        const namesOf = (index: number): CellNames | null =>
          cellNames(
            context.analysis.perCell.get(index),
            cells[index].source,
            modules,
            writesThroughCalls,
            namedElsewhere
          );
        /** each name's last reading cell (asked only once a cell ran out of order) */
        let readers: Map<string, number> | undefined;
        const lastReader = (): Map<string, number> => {
          if (!readers) {
            readers = new Map();
            for (const [index, a] of context.analysis.perCell) {
              for (const name of a.scope?.readsBeforeBind ?? []) {
                if ((readers.get(name) ?? -1) < index) readers.set(name, index);
              }
            }
          }
          return readers;
        };
        // the lowest count of the cells below each cell: a cell that ran before every cell below
        // it is never the cell above that ran later, and what its push would drop (entries of
        // lower counts still) no cell below could pick either, so whether it is a reference
        // (the set-up, query, listing and clean-up tests, which split and scan its text) changes
        // no finding. In a notebook run top to bottom, that is every cell.
        const lowestBelow = new Array<number>(cells.length);
        let lowest = Infinity;
        for (let i = cells.length - 1; i >= 0; i--) {
          lowestBelow[i] = lowest;
          const ec = cells[i].kind === 'code' ? cells[i].executionCount : null;
          if (ec !== null && ec < lowest) lowest = ec;
        }
        for (const cell of cells) {
          if (cell.kind !== 'code' || cell.executionCount === null) {
            continue;
          }
          const count = cell.executionCount;
          // the highest count above is at the bottom: below it, the cell ran out of order
          if (above.length && count < above[0].count) {
            // name the nearest cell above that ran after this one: the pair out of order
            let k = above.length - 1;
            while (above[k].count <= count) {
              k--;
            }
            // a %%writefile cell writes its body as it stands: out of order only when a cell
            // above that ran later binds a name its line expands
            const reads = writeFileReads(cell.source);
            const dependsOnNothingLater =
              reads !== null &&
              !context.notebook.cells.some(
                c =>
                  c.index < cell.index &&
                  c.executionCount !== null &&
                  c.executionCount > count &&
                  definedBy(c.index).some(name => reads.includes(name))
              );
            // out of order only through data: a cell above that ran later and writes a name this
            // one reads, or reads a name this one writes (or that nbcraft cannot read); one that
            // only displays, or works on names of its own, gives the same results top to bottom
            const names = dependsOnNothingLater ? null : namesOf(cell.index);
            let pair: { count: number; cell: number } | null = null;
            if (!dependsOnNothingLater) {
              pair = names === null ? above[k] : opaque;
              const later = (
                p: { count: number; cell: number } | undefined
              ) => {
                if (
                  p &&
                  p.count > count &&
                  (!pair ||
                    p.count > pair.count ||
                    (p.count === pair.count && p.cell > pair.cell))
                ) {
                  pair = p;
                }
              };
              if (pair && pair.count <= count) pair = null;
              if (names !== null) {
                for (const name of names.reads) later(wrote.get(name));
                for (const name of names.writes) {
                  later(read.get(name));
                  // both write it: the order decides which value a cell below reads
                  if ((lastReader().get(name) ?? -1) > cell.index) {
                    later(wrote.get(name));
                  }
                }
              }
            }
            if (pair) {
              context.report({
                messageId: 'outOfOrder',
                data: {
                  count,
                  previous: pair.count,
                  previousCell: pair.cell + 1
                },
                cell
              });
            }
          }
          if (lowestBelow[cell.index] > count) {
            continue; // ran before every cell below it: a reference or not, no finding changes
          }
          // a clean-up cell whose files no cell below can read (removesUnread)
          const removesUnread = removesUnreadFiles(cell.index, cell.source);
          if (
            !ranNothing(cell, context.analysis.perCell.get(cell.index)) &&
            !onlySetUp(cell.source) &&
            !onlyReadsSql(cell.source) &&
            !onlyLists(cell.source) &&
            !removesUnread
          ) {
            while (above.length && above[above.length - 1].count <= count) {
              above.pop();
            }
            above.push({ count, cell: cell.index });
            const own = namesOf(cell.index);
            if (own === null) {
              if (!opaque || opaque.count <= count) {
                opaque = { count, cell: cell.index };
              }
            } else {
              keepLatest(wrote, own.writes, count, cell.index);
              keepLatest(read, own.reads, count, cell.index);
            }
          }
        }
      }
    };
  }
});
