/**
 * The names each notebook runtime defines before the first cell runs, beyond Python's and
 * IPython's (BUILTINS, which every runtime has). A name read but defined by no cell is hidden
 * kernel state only when the runtime does not provide it. Each entry says where it comes from.
 */
import type { NotebookRuntime } from '../notebook/runtime';
import { DATABRICKS_NAMES } from './builtins';

export interface RuntimeGlobals {
  names: ReadonlySet<string>;
  /** the documentation that lists them */
  source: string;
}

const SPARK_SESSION = ['spark', 'sc', 'sqlContext'];

export const GLOBALS_BY_RUNTIME: Readonly<
  Record<NotebookRuntime, RuntimeGlobals>
> = {
  // spark, sc, sqlContext, dbutils, display, displayHTML, and the SQL helpers of the REPL
  databricks: {
    names: DATABRICKS_NAMES,
    source:
      'https://docs.databricks.com/en/dev-tools/databricks-utils.html (dbutils), https://docs.databricks.com/en/notebooks/notebooks-code.html (spark, display, displayHTML)'
  },
  // Synapse PySpark notebooks: the session, MSSparkUtils (also importable as notebookutils)
  synapse: {
    names: new Set([
      ...SPARK_SESSION,
      'mssparkutils',
      'notebookutils',
      'display',
      'displayHTML'
    ]),
    source:
      'https://learn.microsoft.com/azure/synapse-analytics/spark/microsoft-spark-utilities, https://learn.microsoft.com/azure/synapse-analytics/spark/apache-spark-development-using-notebooks'
  },
  // Fabric notebooks: the session, NotebookUtils and its old name MSSparkUtils
  fabric: {
    names: new Set([
      ...SPARK_SESSION,
      'mssparkutils',
      'notebookutils',
      'display',
      'displayHTML'
    ]),
    source:
      'https://learn.microsoft.com/fabric/data-engineering/notebook-utilities, https://learn.microsoft.com/fabric/data-engineering/notebook-visualization'
  },
  // Fabric Python notebooks (no Spark session): NotebookUtils is built in
  'fabric-python': {
    names: new Set(['notebookutils']),
    source:
      'https://learn.microsoft.com/fabric/data-engineering/using-python-experience-on-notebook (NotebookUtils in Python notebooks)'
  },
  // sparkmagic's PySpark kernel (Livy, HDInsight, EMR) creates the session for the user
  pyspark: {
    names: new Set(SPARK_SESSION),
    source:
      'https://github.com/jupyter-incubator/sparkmagic#features (the PySpark kernel creates spark and sc)'
  },
  // a plain Jupyter kernel the `pyspark` launcher started (PYSPARK_DRIVER_PYTHON=jupyter): what its
  // PYTHONSTARTUP script makes, told from the cells that ran (notebook/runtime.ts)
  'pyspark-shell': {
    names: new Set([...SPARK_SESSION, 'sql', 'sqlCtx']),
    source:
      'https://github.com/apache/spark/blob/master/python/pyspark/shell.py (spark, sc, sql, sqlContext, sqlCtx), run as PYTHONSTARTUP by bin/pyspark; IPython/core/shellapp.py _run_startup_files runs PYTHONSTARTUP in the kernel'
  },
  // nbcraft's compute target kernels: nbcraft/compute/kernel_startup.py defines `spark`
  'nbcraft-compute': {
    names: new Set(['spark']),
    source:
      'nbcraft/compute/kernel_startup.py (the start-up code of every nbcraft-<target> kernelspec)'
  },
  // a notebook for Synapse, Fabric or Databricks saved with a generic kernelspec: the names all
  // three define (which of them is unknown, so not dbutils or mssparkutils)
  'spark-platform': {
    names: new Set([...SPARK_SESSION, 'displayHTML']),
    source:
      'the synapse, fabric and databricks entries above (the names they share); SynapseML docs, e.g. https://microsoft.github.io/SynapseML/docs/Get%20Started/Quickstart%20-%20Your%20First%20Models/'
  },
  // a plain Jupyter kernel: IPython's own names only (BUILTINS)
  ipython: {
    names: new Set(),
    source:
      'https://ipython.readthedocs.io/en/stable/interactive/reference.html#output-caching-system'
  }
};

/**
 * What IPython's `%pylab` magic runs in the user's namespace, IPython.core.pylabtools.import_pylab
 * (IPython 7 to 9): `import numpy`, `import matplotlib`, `from matplotlib import pylab, mlab,
 * pyplot`, `np = numpy`, `plt = pyplot`, then `figsize` and `getfigs` (and `display`, a name
 * BUILTINS already holds); unless `--no-import-all` is given, also `from matplotlib.pylab import *`
 * and `from numpy import *`: they are read as those two star imports, whose names a fixed table
 * gives (starExports.ts).
 */
export const PYLAB_NAMESPACE = {
  names: [
    'numpy',
    'matplotlib',
    'pylab',
    'mlab',
    'pyplot',
    'np',
    'plt',
    'figsize',
    'getfigs'
  ],
  starImports: ['matplotlib.pylab', 'numpy'],
  source:
    'https://github.com/ipython/ipython/blob/main/IPython/core/pylabtools.py (import_pylab), https://ipython.readthedocs.io/en/stable/interactive/magics.html#magic-pylab (--no-import-all)'
} as const;

/** The star imports `%pylab <args>` runs: none with `--no-import-all`. */
export function pylabStarImports(args: string): readonly string[] {
  return /(?:^|\s)--no-import-all(?=\s|$)/.test(args)
    ? []
    : PYLAB_NAMESPACE.starImports;
}

/**
 * Set-up calls documented to put names into the notebook's globals, which names depending on their
 * arguments and the user's own config: msticpy's `init_notebook` imports pandas as `pd`, numpy,
 * `md`, the entity classes (`Host`, `IpAddress`, ...: star imports of `msticpy.datamodel.entities`
 * and `msticpy.nbtools`), each of its `extra_imports`, and the providers the user's msticpyconfig
 * auto-loads, into IPython's `user_global_ns` unless given another namespace (msticpy 1 asked for
 * `globals()`). Unknown names, as after a star import of a module without a table: a name read
 * from the call's statement on is uncertain (rules/support/namespaceSetup.ts).
 */
export const NAMESPACE_SETUP_CALLS = {
  callees: [
    'msticpy.init_notebook',
    'msticpy.init.nbinit.init_notebook',
    'msticpy.nbtools.nbinit.init_notebook'
  ],
  source:
    'https://msticpy.readthedocs.io/en/latest/api/msticpy.init.nbinit.html (init_notebook: "namespace: Namespace (usually globals()) into which imports are to be populated. By default, it will use the ipython user_global_ns"; extra_imports), https://msticpy.readthedocs.io/en/latest/getting_started/QuickStart.html ("Imports a number of MSTICPy components such as Entities")'
} as const;

/**
 * The runtime's objects a promoted function must receive as parameters (never module-level
 * names: the module runs where the runtime may not create them): the Spark session of every
 * Spark runtime above and Databricks' `dbutils`. Promote reads them here.
 */
export const RUNTIME_OBJECTS: ReadonlySet<string> = new Set([
  ...SPARK_SESSION,
  'dbutils'
]);
