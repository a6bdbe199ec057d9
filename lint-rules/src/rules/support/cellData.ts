/**
 * What a notebook cell reads and changes, for NB101's question whether a late re-run above a cell
 * shares data with it (issue #15, rounds 17 and 18): the names of the scope pass, and the cells
 * whose effects it cannot read (a shell line, a file write, module state, another language).
 */
import type { CellAnalysis } from '../../python/types';

/** a SQL word that changes a database or a session (`INSERT`, `CREATE TABLE ... AS SELECT`) */
export const SQL_WRITES =
  /\b(?:insert|update|delete|merge|upsert|replace|create|drop|alter|truncate|attach|detach|grant|revoke|set|use|pragma|call|exec(?:ute)?|copy|load|vacuum|optimize|refresh|cache|uncache|msck|into)\b/i;
/**
 * Line magics known to change no name, file or environment a cell below reads: plotting and
 * display settings, timing (`%time`/`%timeit`/`%prun` keep their statement, which the scope pass
 * reads), listings and introspection. Every other magic and every shell line (`!wget`, `%pip
 * install`, `%run`, `%cd`, `%store -r`) may change what a cell below reads, files included.
 */
const KNOWN_MAGICS = new Set([
  'matplotlib',
  'config',
  'load_ext',
  'time',
  'timeit',
  'prun',
  'memit',
  'who',
  'whos',
  'who_ls',
  'pwd',
  'ls',
  'history',
  'precision',
  'pprint',
  'autosave',
  'lsmagic',
  'magic',
  'pinfo',
  'pinfo2',
  'psearch',
  'pdoc',
  'pdef',
  'psource',
  'xmode',
  'quickref'
]);
/**
 * A call that writes a file, a table or a folder a cell below may read by its path: pandas'
 * `to_csv`/`to_parquet`/..., `save`/`save_model`, `pickle.dump`, images and arrays (`imsave`,
 * `imwrite`, `np.savez`, `np.savetxt`), Spark's `.write`/`saveAsTable`,
 * `open(..., "w")`, removals and folders made. The scope pass sees names only; such a cell is one
 * nbcraft cannot read.
 */
const WRITES_FILES =
  /\.(?:to_(?:csv|parquet|pickle|json|excel|hdf|feather|sql|table|delta|orc|stata)|save(?:_model|_weights|_pretrained)?|dump|writelines|saveAsTable|insertInto|unlink|rmtree|makedirs|mkdir|remove|rename)\s*\(|\b(?:imsave|imwrite|savez(?:_compressed)?|savetxt)\s*\(|\.write(?:Stream)?\b|\bopen\s*\([^)\n]{0,200}?,\s*(?:mode\s*=\s*)?[rbf]?['"][rb]?[wax]/;
/**
 * A call that sets state kept in its receiver's root, a module or session, that the scope pass
 * does not count as a mutation: `pd.set_option(...)`, `np.random.seed(0)`,
 * `tf.random.set_seed(1)`, `torch.manual_seed(0)`, `plt.style.use(STYLE)`, `spark.conf.set(...)`,
 * `logging.getLogger().setLevel(...)`, `warnings.filterwarnings("error")` (a later warning
 * raises). On an imported module or a Spark session the cell is
 * one nbcraft cannot read (the state reaches every object made through it: `df.dropna()` under
 * `pd.set_option("mode.use_inf_as_na", True)`); on another name (`ax.set_title(...)`), that name
 * counts as written.
 */
const SETS_STATE =
  /\.\s*(?:set_\w*|set|seed|manual_seed|use|setLevel|configure|enable\w*|disable\w*|reset\w*|filterwarnings|simplefilter)\s*\(/g;

/** the root names of the receivers of SETS_STATE calls (`np` of `np.random.seed(0)`) */
function stateRoots(source: string): string[] {
  const roots: string[] = [];
  for (const m of source.matchAll(SETS_STATE)) {
    // walk back over the receiver's dotted name (stops at a bracket: `f().set_x()` has none)
    let i = m.index;
    while (i > 0 && /[\w.\s]/.test(source[i - 1]) && source[i - 1] !== '\n')
      i--;
    const root = /^\s*([A-Za-z_]\w*)/.exec(source.slice(i, m.index));
    if (root) roots.push(root[1]);
  }
  return roots;
}

/**
 * Calls that change what other cells see outside the kernel's names (the review of the data
 * pairing): files written by other calls (`Path.write_text`, `urlretrieve`,
 * `extractall`, `shutil`), SQL run through a cursor (but a literal query that only reads,
 * executesOnlyReads) and Spark temp views, the working directory,
 * environment variables, the import path, module reloads, commands run from Python, seeds set by
 * another library's helper (`set_seed(42)`, `seed_everything(42)`). Such a cell is one nbcraft
 * cannot read.
 */
const CHANGES_PROCESS =
  /\.(?:write_\w+|to_file|extractall|execute(?:many|script)|createOrReplace(?:Global)?TempView|createTempView|registerTempTable)\s*\(|\b(?:urlretrieve|set_seed|seed_everything|reload)\s*\(|\b(?:shutil|subprocess)\.\w+\s*\(|\bos\.(?:system|chdir|putenv|popen)\s*\(|\bos\.environ\b(?:\s*\[[^\]\n]{0,200}\]\s*=(?!=)|\.(?:update|setdefault|pop)\s*\()|\bsys\.path\.(?:append|insert|extend)\s*\(/;

/** a figure saved (`plt.savefig(...)`, `fig.savefig(...)`) */
const SAVEFIG = /\bsavefig\s*\(/g;
/** savefig's first argument as a path given as it stands, up to the argument's end */
const LITERAL_PATH = /^\s*(?:"([^"\\\n{}$*?]*)"|'([^'\\\n{}$*?]*)')\s*[,)]/;

/**
 * Whether every figure the cell saves goes to a path given as it stands whose file name no other
 * cell names (`plt.savefig("images/roc.png")` in a lecture's plotting cell, round 17: slides and
 * books save each figure for the text, and no cell reads it back). A cell that names the file
 * may read it (`Image("images/roc.png")`); a path from a variable or an f-string may be anything.
 */
function savesUnreadFigures(
  source: string,
  namedElsewhere: (fileName: string) => boolean
): boolean {
  for (const m of source.matchAll(SAVEFIG)) {
    const path = LITERAL_PATH.exec(
      source.slice(m.index + m[0].length, m.index + m[0].length + 300)
    );
    const full = path?.[1] ?? path?.[2];
    const name = full?.slice(full.lastIndexOf('/') + 1);
    if (!name || namedElsewhere(name)) return false;
  }
  return true;
}

/** SQL run through a DB-API cursor or connection (`cur.execute(...)`) */
const EXECUTE = /\.execute\s*\(/g;
/** execute's first argument as a string literal, up to the argument's end */
const LITERAL_SQL =
  /^\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)'|"""([^"\\]*)"""|'''([^'\\]*)''')\s*[,)]/;
/** a query's first word when it only reads */
const READS_SQL = /^\s*(?:select|with)\b/i;

/**
 * Whether every statement the cell runs through a cursor (`c.execute("SELECT * FROM review_db
 * WHERE ...")`, round 16: rasbt's ch09 re-ran its read of the review database last) is a
 * literal query that only reads: a `SELECT` or `WITH` with no word that writes (SQL_WRITES). A
 * statement from a variable, or one that writes, may change what a cell below reads.
 */
function executesOnlyReads(source: string): boolean {
  for (const m of source.matchAll(EXECUTE)) {
    const at = m.index + m[0].length;
    const literal = LITERAL_SQL.exec(source.slice(at, at + 2000));
    const sql = literal?.[1] ?? literal?.[2] ?? literal?.[3] ?? literal?.[4];
    if (sql === undefined || !READS_SQL.test(sql) || SQL_WRITES.test(sql)) {
      return false;
    }
  }
  return true;
}

/** a word a path is made of, split at `/`, quotes and blanks (`plot.png` of "images/plot.png") */
const PATH_WORD = /[\w.-]+/g;

/**
 * How many cells name each path word (PATH_WORD) in their text: one pass over the notebook, so
 * that asking whether another cell names a saved figure's file is a look-up.
 */
export function cellsNamingWords(
  sources: readonly string[]
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const source of sources) {
    if (!source.includes('.')) continue; // a file name has a dot
    for (const word of new Set(source.match(PATH_WORD))) {
      if (word.includes('.')) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

/** the session objects of Spark notebooks: their state is every query's */
const SESSIONS = new Set(['spark', 'sc', 'sqlContext']);

/** a SQL statement run from Python that may write (`spark.sql("INSERT ...")`) */
const RUNS_SQL = /\.sql\s*\(/;
/** cell languages that only display their body: no kernel name, table or file changes */
const DISPLAY_LANGUAGES = new Set(['html', 'markdown', 'latex', 'svg']);

/** What a cell reads and changes of the kernel's names, or null when the analysis cannot tell. */
export interface CellNames {
  /** names it reads before binding them (free names of its functions too) and in magic lines */
  reads: string[];
  /** names it binds, mutates in place or deletes */
  writes: string[];
}

/**
 * The names of a cell as the analysis reads them (its scope), or null for a cell it cannot
 * read: one that does not parse, a cell magic of another language (a `%%sql` query may read
 * what a cell wrote to a table; only display languages are known to change nothing), a shell
 * line or a magic not known to change nothing (KNOWN_MAGICS: `%run`, `!wget`, `%pip`), a write
 * to a file or table (WRITES_FILES, a writing `.sql(...)`; a figure saved to a path no other cell
 * names is no such write, savesUnreadFigures), `exec`/`eval`/`globals()`, a star import.
 */
export function cellNames(
  analysis: CellAnalysis | undefined,
  source: string,
  modules: () => ReadonlySet<string>,
  writesThroughCalls?: () => ReadonlyMap<string, readonly string[]>,
  /** whether a cell other than this one names the file name (savesUnreadFigures) */
  namedElsewhere?: (fileName: string) => boolean
): CellNames | null {
  const masked = analysis?.parsed.masked;
  if (masked?.cellLanguage !== undefined) {
    return DISPLAY_LANGUAGES.has(masked.cellLanguage)
      ? { reads: [], writes: [] }
      : null;
  }
  const scope = analysis?.scope;
  if (
    !scope ||
    scope.usesExecEval ||
    scope.starImports.length > 0 ||
    WRITES_FILES.test(source) ||
    CHANGES_PROCESS.test(source) ||
    (source.includes('.execute') && !executesOnlyReads(source)) ||
    (source.includes('savefig') &&
      !(namedElsewhere && savesUnreadFigures(source, namedElsewhere))) ||
    (RUNS_SQL.test(source) && SQL_WRITES.test(source))
  ) {
    return null;
  }
  const reads = [...scope.readsBeforeBind];
  const writes = [
    ...scope.bound,
    ...scope.mutates,
    ...scope.deletes,
    ...scope.nestedGlobalWrites
  ];
  // a call of the notebook's own function writes what its body writes of the notebook's names
  // (`add(5)` of `def add(v): results.append(v)` changes `results`)
  const through = writesThroughCalls?.();
  if (through && through.size > 0) {
    for (const name of reads) writes.push(...(through.get(name) ?? []));
  }
  // state set in a module or session changes what every cell using it computes
  // (`pd.set_option("mode.copy_on_write", True)` above `df.dropna()`), names or not
  if (
    /\.\s*(?:set|seed|manual_seed|use|configure|enable|disable|reset|filterwarnings|simplefilter)/.test(
      source
    )
  ) {
    for (const root of stateRoots(source)) {
      if (SESSIONS.has(root) || modules().has(root)) return null;
      writes.push(root);
    }
  }
  for (const m of masked?.magics ?? []) {
    if (m.kind !== 'help' && !KNOWN_MAGICS.has(m.name)) return null;
    // `!echo {x}`, `%timeit f(x)`: a word of a magic's line may be a name it reads
    reads.push(...(m.args.match(/[A-Za-z_]\w*/g) ?? []));
    if (m.target) writes.push(...m.target.split(/\s*,\s*/));
  }
  return { reads, writes };
}

/** the cell with the highest execution count among those above that touch a name one way */
export type Latest = Map<string, { count: number; cell: number }>;

export function keepLatest(
  map: Latest,
  names: readonly string[],
  count: number,
  cell: number
): void {
  for (const name of names) {
    const seen = map.get(name);
    if (!seen || seen.count <= count) map.set(name, { count, cell });
  }
}
