import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';

/**
 * Where a path is read or written through Spark (a cluster's file system: DBFS, a Synapse or Fabric
 * workspace's data lake) rather than by the driver's own Python (pandas, `open`: the local disk).
 */

/** a reader's or writer's entry point: `spark.read`, `df.write`, `readStream`, `writeStream` */
const IO_PROPERTIES = /^(read|readStream|write|writeStream)$/;
/**
 * Calls whose value leaves Spark for the driver's memory: what the chain does after them
 * (`spark.sql(q).toPandas().to_csv(path)`) is pandas or plain Python working on the local disk.
 */
const LEAVES_SPARK =
  /^(toPandas|to_pandas|collect|toLocalIterator|take|head|tail|first|show|count)$/;

/**
 * Whether a call goes through Spark or a file-system utility: walking its callee's receiver chain
 * (never into arguments) reaches `spark`, a reader or writer (`.read`, `.write`, `readStream`,
 * `writeStream`) or `<root>.fs` with a root of `fsRoots` (`dbutils`, `mssparkutils`) before any
 * call that brings the data to the driver (`toPandas()`, `collect()`).
 */
export function callThroughSpark(
  call: SyntaxNode,
  cell: LintCell,
  fsRoots: RegExp
): boolean {
  let node: SyntaxNode | null = call.firstChild;
  while (node) {
    if (node.name === 'CallExpression') {
      node = node.firstChild;
      continue;
    }
    if (node.name === 'VariableName') {
      return cell.textOf(node) === 'spark';
    }
    const object = node.firstChild;
    const prop = node.lastChild;
    if (
      node.name !== 'MemberExpression' ||
      !object ||
      prop?.name !== 'PropertyName'
    ) {
      return false;
    }
    const name = cell.textOf(prop);
    if (node.parent?.name === 'CallExpression' && LEAVES_SPARK.test(name)) {
      return false;
    }
    if (
      IO_PROPERTIES.test(name) ||
      name === 'spark' ||
      (name === 'fs' &&
        object.name === 'VariableName' &&
        fsRoots.test(cell.textOf(object)))
    ) {
      return true;
    }
    node = object;
  }
  return false;
}

/**
 * Calls that only build a path from their arguments (`os.path.join(root, "x")`, `Path(root)`,
 * `"{}/x".format(root)`): a name given to them is given on to the call that takes their value.
 */
const PATH_BUILDERS =
  /^(join|joinpath|format|Path|PurePath|PurePosixPath|str|fspath|expanduser|abspath|normpath)$/;

/** whether a call only builds a path from its arguments (`os.path.join(...)`, `Path(...)`) */
export function buildsPath(callee: string): boolean {
  return PATH_BUILDERS.test(callee.slice(callee.lastIndexOf('.') + 1));
}

/** a character of a Python identifier (ASCII fast path, Unicode letters and digits otherwise) */
function identifierChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) {
    return (
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      code === 95
    );
  }
  return /[\p{L}\p{N}]/u.test(c);
}

/** the index just past the string literal whose quote is at `at` (its line's end if unclosed) */
function pastString(text: string, at: number): number {
  const quote = text[at];
  let i = at + 1;
  while (i < text.length && text[i] !== quote && text[i] !== '\n') {
    i += text[i] === '\\' ? 2 : 1;
  }
  return i + 1;
}

/**
 * The names given as arguments to the call chain that starts at `from` (`.read.load(input_path)`
 * after `spark`): only at the chain's own calls, and inside calls that build a path
 * (`os.path.join(root, "x")`), not inside another call (`pd.read_csv(p)` in
 * `spark.createDataFrame(...)`: pandas reads p) nor after a call that leaves Spark
 * (`.toPandas()`). Returns where the chain ends.
 */
function chainArguments(
  text: string,
  from: number,
  names: Set<string>
): number {
  /** per open bracket: whether names inside it are handed to Spark */
  const open: boolean[] = [];
  let word = '';
  let afterWord = false;
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (identifierChar(c)) {
      let end = i + 1;
      while (end < text.length && identifierChar(text[end])) end++;
      word = text.slice(i, end);
      afterWord = true;
      if (open.length > 0 && open[open.length - 1]) names.add(word);
      i = end;
      continue;
    }
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const callee = afterWord ? word : '';
    afterWord = false;
    if (c === '(' || c === '[' || c === '{') {
      if (open.length === 0) {
        if (c !== '(' || LEAVES_SPARK.test(callee)) return i;
        open.push(true);
      } else {
        const outer = open[open.length - 1];
        open.push(outer && (c !== '(' || callee === '' || buildsPath(callee)));
      }
    } else if (c === ')' || c === ']' || c === '}') {
      if (open.length === 0) return i;
      open.pop();
    } else if (c === '"' || c === "'") {
      if (open.length === 0) return i;
      i = pastString(text, i);
      continue;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      if (open.length === 0 || end < 0) return end < 0 ? text.length : end;
      i = end;
      continue;
    } else if (open.length === 0 && c !== '.' && c !== '\\') {
      // the chain ends: `,`, `)`, `;`, an operator, a line break outside brackets
      return i;
    }
    i++;
  }
  return i;
}

/**
 * The names the notebook's code hands to Spark: those given to the calls of a chain that starts
 * at a match of `through` (`spark.`, `.read`, `dbutils.fs`), before a call that leaves Spark
 * (`.toPandas(`), in any cell (`input_path = "/x/"` in one cell, `spark.read.load(input_path)` in
 * another). A name only mentioned near Spark (`print(spark.version, p)`) or read by another call
 * inside Spark's (`spark.createDataFrame(pd.read_csv(p))`) is not. One pass over each source: a
 * chain's scan starts past the previous chain's end, so a notebook of thousands of assigned paths
 * asks a set, not every line per path.
 */
export function namesReadThrough(
  sources: readonly string[],
  through: RegExp
): Set<string> {
  const names = new Set<string>();
  const marks = new RegExp(through.source, 'g');
  for (const source of sources) {
    let scanned = 0;
    for (const m of source.matchAll(marks)) {
      if (m.index < scanned) continue;
      scanned = chainArguments(source, m.index + m[0].length, names);
    }
  }
  return names;
}
