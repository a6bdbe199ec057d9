import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';
import { LINE_BREAK } from '../../python/literals';

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

const LEAVES_SPARK_TEXT = new RegExp(
  `\\.\\s*(?:${LEAVES_SPARK.source.slice(2, -2)})\\s*\\(`
);
const IDENTIFIER = /[\p{L}\p{N}_]+/gu;

/**
 * The names a line of the notebook's code hands to Spark: those after a match of `through`
 * (`spark.`, `.read`, `dbutils.fs`) and before a call that leaves Spark (`.toPandas(`), on any
 * line (`input_path = "/x/"` in one cell, `spark.read.load(input_path)` in another). One pass over
 * the text, so a notebook of thousands of assigned paths asks a set, not every line per path.
 */
export function namesReadThrough(
  sources: readonly string[],
  through: RegExp
): Set<string> {
  const names = new Set<string>();
  const marks = new RegExp(
    `(${through.source})|(${LEAVES_SPARK_TEXT.source})`,
    'g'
  );
  for (const source of sources) {
    for (const line of source.split(LINE_BREAK)) {
      if (!through.test(line)) {
        continue;
      }
      let inSpark = false;
      let from = 0;
      const take = (to: number) => {
        if (inSpark) {
          for (const m of line.slice(from, to).matchAll(IDENTIFIER)) {
            names.add(m[0]);
          }
        }
      };
      for (const m of line.matchAll(marks)) {
        take(m.index);
        inSpark = (m[1] as string | undefined) !== undefined;
        from = m.index + m[0].length;
      }
      take(line.length);
    }
  }
  return names;
}
