/**
 * Code that makes or binds a Spark session itself (then `spark` is the notebook's own, not one
 * the platform or the `pyspark` launcher made): both runtime decisions that read `spark` ask this.
 */
/** anything that makes or binds a session itself (then `spark` is the notebook's own) */
const MAKES_SESSION =
  /\bSparkSession\b|\bSparkContext\b|\bDatabricksSession\b|getOrCreate\s*\(|\bspark\s*=(?!=)|\bas\s+spark\b/;
/** `spark: SparkSession = ...` at a line's start (anchored: each line is read once) */
const ANNOTATES_SESSION = /^[ \t]*spark[ \t]*:[^=\n]*=(?!=)/m;
const IMPORT = /\bimport\b/;
const SPARK_WORD = /\bspark\b/;

/** `from x import spark`, `import spark`: the import and `spark` on one line of code */
function importsSpark(code: string): boolean {
  for (const line of code.split('\n')) {
    const at = line.search(IMPORT);
    if (at >= 0 && SPARK_WORD.test(line.slice(at))) return true;
  }
  return false;
}

/** code that makes or binds a session itself (then `spark` is the notebook's own) */
export function makesSession(code: string): boolean {
  return (
    MAKES_SESSION.test(code) ||
    ANNOTATES_SESSION.test(code) ||
    importsSpark(code)
  );
}
