/**
 * What a notebook's own metadata says about the platform it was written for (a Databricks
 * export, a Synapse or Fabric Spark notebook). The reader (ipynb.ts) and the runtime decision
 * (runtime.ts) both read these; the decision itself is runtime.ts's.
 */

/** whether `v` is a JSON object (not an array, not null) */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A notebook exported from Databricks as .ipynb (its metadata says so: the current export's
 * `application/vnd.databricks.v1+notebook`, or the older export's `name` and `notebookId`).
 * Its cells use Databricks' first-line language magics (`%sql`, `%sh`, `%scala`, `%md`).
 */
export function isDatabricksExport(metadata: Record<string, unknown>): boolean {
  return (
    isObject(metadata['application/vnd.databricks.v1+notebook']) ||
    (typeof metadata.name === 'string' &&
      (typeof metadata.notebookId === 'number' ||
        typeof metadata.notebookId === 'string'))
  );
}

/** metadata keys that Synapse Studio writes and Jupyter does not */
export const SYNAPSE_STUDIO_KEYS = [
  'saveOutput',
  'save_output',
  'synapse_widget',
  'sessionKeepAliveTimeout'
];

/**
 * A Synapse or Fabric Spark notebook (a `synapse_*` kernel, Fabric's `trident` block or Synapse
 * Studio's own keys), whose cells choose their language with `%%spark`, `%%pyspark`, `%%sql`,
 * `%%csharp` and `%%sparkr`; not Fabric's Python notebook, which has no Spark.
 */
export function isSynapseSparkNotebook(
  metadata: Record<string, unknown>
): boolean {
  const microsoft = metadata.microsoft;
  if (isObject(microsoft) && microsoft.language_group === 'jupyter_python') {
    return false;
  }
  return (
    hasSynapseKernel(metadata) ||
    isObject(metadata.trident) ||
    SYNAPSE_STUDIO_KEYS.some(k => k in metadata)
  );
}

/** A Synapse/Fabric Spark kernel (`synapse_pyspark`, `Synapse_PySpark`) in kernelspec or kernel_info. */
export function hasSynapseKernel(metadata: Record<string, unknown>): boolean {
  const named = (v: unknown) =>
    isObject(v) &&
    typeof v.name === 'string' &&
    v.name.toLowerCase().startsWith('synapse_');
  return named(metadata.kernelspec) || named(metadata.kernel_info);
}

/**
 * `%load_ext sql` (ipython-sql, jupysql) or `%load_ext rpy2.ipython`: the notebook runs in
 * IPython, where a first-line `%sql`, `%R` (and any other `%name`) is a line magic and the rest of
 * the cell is Python, not the cell language Databricks would give it.
 */
const LOADS_LANGUAGE_MAGICS =
  /^[ \t]*%(?:re)?load_ext[ \t]+(?:sql|rpy2\.ipython)\b/m;

export function loadsIPythonLanguageMagics(
  cells: readonly { kind: string; source: string }[]
): boolean {
  return cells.some(
    c =>
      c.kind === 'code' &&
      c.source.includes('load_ext') &&
      LOADS_LANGUAGE_MAGICS.test(c.source)
  );
}
