import rule from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

const python3 = {
  kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
  language_info: { name: 'python', version: '3.11.0' }
};

/** microsoft/fabric-toolbox Deploy_FUAM.ipynb's metadata: a Fabric Python (non-Spark) notebook */
const fabricPython = {
  dependencies: { lakehouse: {} },
  kernel_info: { jupyter_kernel_name: 'python3.12', name: 'jupyter' },
  kernelspec: {
    display_name: 'Jupyter',
    language: 'Jupyter',
    name: 'jupyter'
  },
  language_info: { name: 'python' },
  microsoft: { language: 'python', language_group: 'jupyter_python' },
  spark_compute: { compute_id: '/trident/default' }
};

/** javicacheiro/pyspark_course's metadata: a PySpark-launched Jupyter saved with the generic python2 kernelspec */
const python2 = {
  kernelspec: { display_name: 'Python 2', language: 'python', name: 'python2' },
  language_info: { name: 'python', version: '2.7.5' }
};
/** `type(spark)` run as [1] in that kernel: what IPython saved */
const typeOfSpark = (outputs: unknown[], count: number | null = 1) => ({
  code: 'type(spark)',
  count,
  outputs
});
const SESSION_TYPE = {
  output_type: 'execute_result',
  execution_count: 1,
  metadata: {},
  data: { 'text/plain': ['pyspark.sql.session.SparkSession'] }
};
const NAME_ERROR = {
  output_type: 'error',
  ename: 'NameError',
  evalue: "name 'spark' is not defined",
  traceback: []
};

runRuleTests(rule, {
  valid: [
    {
      // javicacheiro/pyspark_course unit_5_programming_with_the_structured_api.ipynb (python2
      // kernelspec): cell 1 `type(spark)` ran as [1] and showed the session's type; no cell makes
      // one: the pyspark launcher's kernel made it (shell.py as PYTHONSTARTUP)
      name: 'a PySpark-launched kernel (generic kernelspec): a cell reading spark ran and showed its type',
      cells: [
        { md: '# Unit 5: Programming with the Structured API' },
        typeOfSpark([SESSION_TYPE]),
        {
          code: "processes = spark.read.json('datasets/pacct')\nspark.sql('select 1').show()\nsqlContext.tables()",
          count: 2
        },
        "rows = sc.parallelize(range(4)).collect()\nprint(sql('select 1'), sqlCtx)"
      ],
      metadata: python2
    },
    {
      // unit_2_basic_spark_concepts.ipynb: `rdd = sc.parallelize(...)` ran as [1] with no output
      name: 'a PySpark-launched kernel: the first cell reading sc ran, saving no NameError',
      cells: [
        { code: 'rdd = sc.parallelize([1, 2, 3, 4, 5, 6])', count: 1 },
        { code: 'rdd.count()', count: 2 },
        'lines = sc.textFile("datasets/meteogalicia.txt")'
      ],
      metadata: python2
    },
    {
      // the near misses of the parsed evidence: a read in an if's condition or a loop's iterable
      // runs with the cell; an import of other names does not bind sc
      name: 'a PySpark-launched kernel: the session read in a condition or a loop header that ran',
      cells: [
        {
          code: 'from pyspark.sql import functions as F\nif sc.version >= "2":\n    print("new")\nfor x in sc.parallelize([1]).collect():\n    print(x)',
          count: 1
        },
        'df = spark.range(3).select(F.col("id"))'
      ],
      metadata: python2
    },
    {
      // the near miss of the masked IPython syntax: a cell with a shell line and a magic that
      // reads sc in its Python lines still ran the read
      name: 'a PySpark-launched kernel: the read that ran shares its cell with a shell line and %time',
      cells: [
        {
          code: '!ls data\n%time n = sc.parallelize(range(4)).count()\nprint(sc.version)',
          count: 1
        },
        'df = spark.range(10)'
      ],
      metadata: python2
    },
    {
      // issue #15 (s20), class 1: a parameter's default runs when the def runs (`def f(ctx=sc)`),
      // and a `finally` body runs whatever the `try` caught: a read there that ran and saved no
      // NameError is the launcher's session
      name: 'a PySpark-launched kernel: the session read in a def default or a finally body that ran',
      cells: [
        {
          code: 'def count(ctx=sc, *, n: int = 4):\n    return ctx.parallelize(range(n)).count()',
          count: 1
        },
        'df = spark.range(3)'
      ],
      metadata: python2
    },
    {
      // the target-list test (`sc, x = ...` binds sc) took an argument list with a keyword after
      // sc for one: `print(sc, end="")` reads the session
      name: 'a PySpark-launched kernel: the session passed before a keyword argument',
      cells: [{ code: 'print(sc, end="")', count: 1 }, 'df = spark.range(3)'],
      metadata: python2
    },
    {
      name: 'a PySpark-launched kernel: the session read in a finally body that ran',
      cells: [
        {
          code: 'try:\n    import findspark\nexcept ImportError:\n    pass\nfinally:\n    print(sc.version)',
          count: 1
        },
        'df = spark.range(3)'
      ],
      metadata: python2
    },
    {
      // the near miss of the deleted name: a read guarded by `except NameError` expects it gone
      name: 'a deleted name read under try/except NameError is not reported',
      cells: [
        'cache = {}',
        'del cache',
        'try:\n    print(cache)\nexcept NameError:\n    cache = {}'
      ]
    },
    {
      // session 21's review (R4): pydantic resolves a model's own name when the class is
      // complete, and a name bound lower in the cell at model_rebuild() (both run, pydantic 2)
      name: 'under the future import: a pydantic model naming itself or a model defined below',
      cells: [
        'from __future__ import annotations\nfrom pydantic import BaseModel',
        'class Tree(BaseModel):\n    value: int\n    children: list[Tree] = []',
        'class A(BaseModel):\n    b: B | None = None\n\nclass B(BaseModel):\n    x: int\n\nA.model_rebuild()'
      ]
    },
    {
      // kaggleScape script1006.ipynb: cell 3 runs %pylab inline (IPython's import_pylab: numpy and
      // matplotlib, np and plt, and `from matplotlib.pylab import *`, `from numpy import *`)
      name: 'the names %pylab defines, in later cells and later in its own cell',
      cells: [
        'import pandas as pd\ndf = pd.read_csv("pokemon.csv")',
        '%pylab inline\nxs = linspace(0, 1, 50)',
        'figure(figsize=(12, 5))\ncmap = plt.get_cmap("nipy_spectral")\nsubplot(1, 2, 1)\nscatter(xs, sin(xs), c=cmap(xs))\ntitle("TSNE")',
        'ys = np.random.rand(3)\nfigsize(4, 3)'
      ]
    },
    {
      name: 'pylab run by automagic, and --no-import-all still binding np and plt',
      cells: [
        'pylab inline',
        'plot(arange(3))',
        '%pylab --no-import-all\nplt.plot(np.arange(3))\npyplot.show()'
      ]
    },
    {
      // many-model-forecasting's mmf_local_notebook_template.ipynb: filled by str.format, then run
      name: 'a str.format template notebook: its placeholders are no names',
      cells: [
        { md: '# MMF Local Forecasting' },
        'catalog = "{catalog}"\nschema = "{schema}"\nprediction_length = {prediction_length}\nactive_models = {active_models}\ndynamic_future_numerical = {dynamic_future_numerical}',
        'print(catalog, schema, prediction_length, active_models, dynamic_future_numerical)'
      ],
      metadata: python3
    },
    {
      // mmf_prep_notebook_template.ipynb: spark.sql on Unity Catalog tables, no dbutils
      name: "a template's platform globals come from where it runs (spark, never created)",
      cells: [
        'catalog = "{catalog}"\nschema = "{schema}"\nsource_table = "{source_table}"',
        'source_fqn = f"{catalog}.{schema}.{source_table}"\nrow_count = spark.sql(f"SELECT COUNT(*) AS n FROM {source_fqn}").collect()[0]["n"]'
      ],
      metadata: python3
    },
    {
      name: 'Synapse notebook (kernelspec synapse_pyspark): mssparkutils and the session',
      cells: [
        'files = mssparkutils.fs.ls("abfss://c@a.dfs.core.windows.net/")',
        'df = spark.read.parquet(files[0].path)\ndisplay(df)'
      ],
      metadata: {
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark'
        },
        language_info: { name: 'python' },
        synapse_widget: { version: '0.1' }
      }
    },
    {
      // Azure-Samples/Synapse: Synapse Studio exports older notebooks with no kernelspec
      name: 'Synapse Studio export without kernelspec (saveOutput): spark',
      cells: [
        'spark.sql("CREATE TABLE cities (name STRING) USING PARQUET LOCATION \'/datalake/cities\'")'
      ],
      metadata: { saveOutput: true, language_info: { name: 'python' } }
    },
    {
      // Azure-Samples/Synapse's Cosmos DB IoT sample, saved once from VS Code
      name: 'Synapse Studio keys beside a local kernelspec',
      cells: ['dfStream = spark.readStream.format("cosmos.oltp").load()'],
      metadata: {
        saveOutput: false,
        language_info: { name: 'python' },
        kernelspec: { name: 'python3', display_name: 'Python 3.8.5 32-bit' }
      }
    },
    {
      name: 'Fabric notebook (trident metadata): notebookutils',
      cells: ['notebookutils.notebook.exit("done")', 'sc.setLogLevel("WARN")'],
      metadata: {
        kernel_info: { name: 'synapse_pyspark' },
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark'
        },
        language_info: { name: 'python' },
        microsoft: { language: 'python' },
        trident: { lakehouse: {} }
      }
    },
    {
      // microsoft/fabric-toolbox Deploy_FUAM.ipynb, cell 22: a Fabric Python (non-Spark) notebook
      name: 'Fabric Python notebook (language_group jupyter_python): notebookutils',
      cells: [
        {
          code: 'abfss_path = "abfss://ws@onelake.dfs.fabric.microsoft.com/FUAM_Config_Lakehouse.Lakehouse"\ntrg_lakehouse_folder_path = abfss_path + "/Files/table_definitions/"\nnotebookutils.fs.mkdirs(trg_lakehouse_folder_path)',
          metadata: {
            microsoft: { language: 'python', language_group: 'jupyter_python' }
          }
        }
      ],
      metadata: fabricPython
    },
    {
      name: 'a sparkmagic PySpark kernel creates spark and sc',
      cells: ['spark.range(3).count()'],
      metadata: {
        kernelspec: { name: 'pysparkkernel', display_name: 'PySpark' }
      }
    },
    {
      name: "a kernel of nbcraft's compute targets defines spark",
      cells: ['spark.range(3).count()'],
      metadata: {
        kernelspec: { name: 'nbcraft-dev-cluster', display_name: 'dev-cluster' }
      }
    },
    {
      name: 'a cell that does not parse leaves uncertain only the names it may bind',
      cells: ['model, history = train(\n', 'model.save("m")']
    },
    {
      name: 'a magic line may bind a name (%%bash --out)',
      cells: ['%%bash --out listing\nls', 'print(listing)']
    },
    { cells: ['import numpy as np', 'a = np.zeros(3)', 'a.sum()'] },
    {
      name: 'star import makes names unknowable',
      cells: ['from math import *', 'sqrt(2)']
    },
    {
      name: 'known globals option',
      cells: ['spark_session_x.stop()'],
      options: { knownGlobals: ['spark_session_x'] }
    },
    {
      name: 'names a non-Python cell may define',
      cells: ['%%sql -o sales\nSELECT * FROM t', 'sales.head()']
    },
    {
      name: 'a read the cell guards with `except NameError` (the name may be set in a form cell or not)',
      cells: [
        'def deploy(env):\n    try:\n        if HF_TOKEN:\n            env["HF_TOKEN"] = HF_TOKEN\n    except (KeyError, NameError):\n        pass',
        'try:\n    rows = [r for r in cached_rows]\nexcept NameError:\n    rows = []',
        'try:\n    if OPTIONAL_KEY:\n        print(OPTIONAL_KEY)\nexcept:\n    pass'
      ]
    },
    {
      name: 'the exit status IPython stores after a `!` command',
      cells: [
        'import glob\nfor f in glob.glob("*.csv"):\n    !test -s {f}\n    if _exit_code != 0:\n        print(f)'
      ]
    },
    {
      name: 'Databricks globals in a notebook exported from Databricks',
      cells: ['df = spark.table("t")\ndisplay(df)\ndbutils.fs.ls("/")'],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'etl' }
      }
    },
    {
      // databricks-industry-solutions/many-model-forecasting's skills notebooks: a python3
      // kernelspec, parameters read from widgets, never run anywhere but Databricks
      name: 'a Databricks notebook saved with a plain kernelspec: it calls dbutils.widgets',
      cells: [
        'try:\n    catalog = dbutils.widgets.get("catalog")\nexcept Exception:\n    catalog = "mmf"',
        'spark.sql(f"CREATE SCHEMA IF NOT EXISTS {catalog}.mmf")\ndisplay(spark.table("t"))'
      ]
    },
    {
      // databricks-genai-examples context-engineering/claude-financial-analyst/notebooks/
      // get_financial_data.ipynb, cells 2 and 7 (round 26, row 17): a python3 kernelspec and no
      // Databricks metadata, but it runs Databricks' %restart_python, which IPython lacks
      name: "a notebook that runs Databricks' %restart_python: spark is the runtime's",
      cells: [
        '%pip install yfinance --quiet\n%restart_python',
        'import pandas as pd\nprice_df = pd.DataFrame({"close": [1.0]})',
        'price_sdf = spark.createDataFrame(price_df)\nprice_sdf.write.mode("overwrite").saveAsTable("c.s.prices")'
      ]
    },
    {
      // microsoft/SynapseML's docs (Vowpal Wabbit quickstart): a python3 kernelspec, but the
      // notebook is for Synapse/Fabric/Databricks, whose session reads wasbs:// natively
      name: "a Spark-platform notebook saved with a generic kernelspec: spark is the platform's",
      cells: [
        'df = (\n    spark.read.format("csv")\n    .option("header", True)\n    .load("wasbs://publicwasb@mmlspark.blob.core.windows.net/heart_disease_prediction_data.csv")\n)',
        'display(df)',
        'displayHTML("<b>done</b>")'
      ]
    },
    {
      // udacity/deep-learning-v2-pytorch, Sentiment_RNN_Exercise (round 8): never run, the
      // hyperparameters left blank; test_x and sig_out are what the student writes
      name: "an exercise handed out unrun: what no cell defines is the student's",
      cells: [
        {
          md: '> **Exercise:** Create the training, validation, and test sets.'
        },
        'split_frac = 0.8\n\n## split data into training, validation, and test data (features and labels, x and y)\n',
        'import torch\nfrom torch.utils.data import TensorDataset\ntest_data = TensorDataset(torch.from_numpy(test_x), torch.from_numpy(test_y))',
        'import torch.nn as nn\nclass SentimentRNN(nn.Module):\n    def forward(self, x, hidden):\n        # return last sigmoid output and hidden state\n        return sig_out, hidden',
        { md: '> **Exercise:** Define the model hyperparameters.' },
        '# Instantiate the model w/ hyperparams\nvocab_size = \noutput_size = \n\nnet = SentimentRNN(vocab_size, output_size)'
      ]
    },
    {
      // donnemartin/data-science-ipython-notebooks, aws (round 8): an EMR option list kept in a
      // code cell of a command cheat sheet; it parses as a tuple of negated names
      name: "a cell that is a command line's options, not Python",
      cells: [
        '!./elastic-mapreduce --create --instance-count 1',
        '--outputCodec,lzo',
        '# the same, commented\n--instance-type m1.small'
      ]
    },
    {
      // databricks-solutions/databricks-blogposts, cpg-brand-copilot-agent (round 9): the %run
      // shares its cell with a comment line, so the reader keeps the cell Python
      name: 'a Databricks cell running another notebook in a MAGIC %run line under a comment',
      path: 'grant_resources.py',
      text: '# Databricks notebook source\n# config: w, CATALOG, SCHEMA\n# MAGIC %run ../config\n\n# COMMAND ----------\n\nprint(w.current_user.me(), SCHEMA)\n'
    },
    {
      // round 15, row 22: cell 1's `from __future__ import annotations` stays in force for later
      // cells (IPython's compiler is a codeop.Compile), so an annotation is never evaluated
      name: 'a name read only in annotations after a future import of annotations in an earlier cell',
      cells: [
        'from __future__ import annotations\nimport dataclasses',
        'class Library:\n    from typing import Callable, Any\n    @dataclasses.dataclass\n    class Field:\n        parser: Callable[[str], Any]\n    def parse(self, f: Sequence) -> Mapping:\n        return f'
      ]
    },
    {
      // the near misses of the register case: @singledispatch only wraps, `@f.register(T)` names
      // the type, and a call of register is no decorator of this def: annotations stay strings
      name: 'annotations of a @singledispatch base or an @f.register(T) function under the future import',
      cells: [
        'from __future__ import annotations\nfrom functools import singledispatch\n@singledispatch\ndef show(x: Missing5):\n    return x\n@show.register(int)\ndef _(x: Missing6) -> Missing7:\n    return x',
        '@show.register(list)\ndef _(x: Missing8):\n    return x'
      ]
    },
    {
      // the near misses of the model, route and command: a dataclass reads no annotation, a
      // model's methods are not its fields, `.get(key)` with no path is no route, and click's
      // command (no typer in the cell) reads no annotation
      name: 'under the future import: a dataclass, a model method, a get without a path, a click command',
      cells: [
        'from __future__ import annotations\nimport click\nfrom dataclasses import dataclass\nfrom pydantic import BaseModel\ncache = {}\n@click.group()\ndef cli():\n    pass',
        '@dataclass\nclass Point:\n    x: Missing1',
        'class Item(BaseModel):\n    price: float\n    def total(self, n: Missing2) -> Missing3:\n        return n',
        '@cache.get("key")\ndef f(x: Missing4):\n    return x\n@cli.command()\ndef main(name: Missing5):\n    print(name)'
      ]
    },
    {
      // issue #15 (s19), class 1: nbconvert's script export writes `%run helpers.py` as IPython's
      // API call; the names the helper defines are the run file's, as with the magic
      name: 'names a %run helper defines, when the run is IPython API calls (nbconvert script form)',
      cells: [
        "get_ipython().run_line_magic('run', './helpers.py')",
        'df = load_data()\nprint(CONFIG)',
        'get_ipython().magic("run -i other_helpers.py")\nx = other()'
      ]
    },
    {
      // CPython allows a docstring, comments and other future statements before it
      name: 'a future import of annotations after a docstring, a comment and another future import',
      cells: [
        '"""Helpers."""\n# typing\nfrom __future__ import division\nfrom __future__ import annotations',
        'def f(x: Missing8):\n    pass'
      ]
    }
  ],
  invalid: [
    {
      // attack review of s18-r15 (/tmp/rv5 c6, c12): a future import after another statement or
      // inside `try:` is a SyntaxError ("from __future__ imports must occur at the beginning of
      // the file"): the cell never ran, and later annotations are evaluated
      name: 'a future import of annotations not first in its cell takes no effect',
      cells: [
        'import os\nfrom __future__ import annotations',
        'def f(x: Missing8):\n    pass',
        'try:\n    from __future__ import annotations\nexcept ImportError:\n    pass',
        'def g(x: Missing9):\n    pass'
      ],
      errors: [
        { message: '"Missing8" is not defined in any cell', cell: 2, line: 1 },
        { message: '"Missing9" is not defined in any cell', cell: 4, line: 1 }
      ]
    },
    {
      // the near miss of the API %run: another magic by the API binds nothing of another file
      name: 'another magic run through the API (matplotlib, runx) leaves names undefined',
      cells: [
        "get_ipython().run_line_magic('matplotlib', 'inline')\nget_ipython().run_line_magic('runx', 'a.py')",
        'df = load_data()'
      ],
      errors: [{ message: '"load_data" is not defined in any cell', cell: 2 }]
    },
    {
      // issue #15 (s19), class 5: a bare `@f.register` makes singledispatch read the function's
      // annotations with typing.get_type_hints when the def runs, future import or not
      name: 'annotations of a function registered by a bare @f.register are evaluated under the future import',
      cells: [
        'from __future__ import annotations\nfrom functools import singledispatch\n@singledispatch\ndef show(x: Missing1):\n    return x\n@show.register\ndef _(x: Missing2) -> Missing3:\n    return x',
        '@show.register\ndef _(x: Missing4, n: int = 1):\n    return x'
      ],
      errors: [
        { message: '"Missing2" is not defined in any cell', cell: 1, line: 7 },
        { message: '"Missing3" is not defined in any cell', cell: 1, line: 7 },
        { message: '"Missing4" is not defined in any cell', cell: 2, line: 2 }
      ]
    },
    {
      // issue #15 (s20), class 1: pydantic builds a model's fields from its annotations, FastAPI
      // reads a route's parameter types when the route is added, and Typer a command's when the
      // app runs, each with typing.get_type_hints, strings of the future import too
      name: 'annotations a pydantic model, a FastAPI route or a Typer command evaluates under the future import',
      cells: [
        'from __future__ import annotations\nimport typer\nfrom fastapi import FastAPI\nfrom pydantic import BaseModel, validate_call\napp = FastAPI()\ncli = typer.Typer()',
        'class Item(BaseModel):\n    price: Money\n    def total(self, n: Count) -> Total:\n        return n',
        '@app.get("/items/{item_id}")\ndef read_item(item_id: ItemId) -> Item:\n    return item_id',
        '@cli.command()\ndef main(name: NameT = typer.Option("x")):\n    print(name)',
        '@validate_call\ndef check(x: Checked):\n    return x'
      ],
      errors: [
        { message: '"Money" is not defined in any cell', cell: 2, line: 2 },
        { message: '"ItemId" is not defined in any cell', cell: 3, line: 2 },
        { message: '"NameT" is not defined in any cell', cell: 4, line: 2 },
        { message: '"Checked" is not defined in any cell', cell: 5, line: 2 }
      ]
    },
    {
      name: 'without the future import (or only below, or read outside an annotation) annotations are evaluated',
      cells: [
        'import dataclasses\n@dataclasses.dataclass\nclass Field:\n    parser: Callable',
        'def parse(f: Sequence) -> Mapping:\n    return Mapping(f)',
        'from __future__ import annotations'
      ],
      errors: [
        { message: '"Callable" is not defined in any cell', cell: 1, line: 4 },
        { message: '"Sequence" is not defined in any cell', cell: 2, line: 1 },
        { message: '"Mapping" is not defined in any cell', cell: 2, line: 1 }
      ]
    },
    {
      // round 15, row 19: the cell binds diffs two lines below the read
      name: 'a name the same cell binds only below its read is used before it is defined',
      cells: [
        'import numpy as np\nprices = np.arange(5)\nprint(len(prices), len(diffs))\ndiffs = np.log(prices)\ndiffs[:10]'
      ],
      errors: [
        {
          message:
            '"diffs" is used before it is defined: this cell binds it only below this line',
          cell: 1,
          line: 3,
          column: 24
        }
      ]
    },
    {
      // the near-miss of the PySpark-launched kernel: the reading cell never ran
      name: 'a notebook whose cell reading spark never ran: spark is reported',
      cells: [typeOfSpark([], null), 'df = spark.read.json("x")'],
      metadata: python2,
      errors: [
        { message: '"spark" is not defined', cell: 1 },
        { message: '"spark" is not defined', cell: 2 }
      ]
    },
    {
      name: 'a notebook whose cell reading spark ran into a NameError: spark is reported',
      cells: [typeOfSpark([NAME_ERROR]), 'sc.parallelize([1])'],
      metadata: python2,
      errors: [
        { message: '"spark" is not defined', cell: 1 },
        { message: '"sc" is not defined', cell: 2 }
      ]
    },
    {
      // round 15 (ucsd-edx big-data-analytics-using-spark, "8.5 Loading data.ipynb", judged true):
      // the cell reading sc ran as [9], but executions 1-8 are no cells of the notebook: a
      // deleted cell may have made the context (hidden state)
      name: 'a notebook whose cell reading sc ran after executions it no longer holds: sc is reported',
      cells: [
        { code: 'import urllib.request', count: 17 },
        {
          code: '%%time\ndata_file = "./kddcup.data.gz"\nraw_data = sc.textFile(data_file)',
          count: 9,
          outputs: [
            {
              output_type: 'stream',
              name: 'stdout',
              text: ['CPU times: user 1.3 ms\n']
            }
          ]
        }
      ],
      metadata: python2,
      errors: [{ message: '"sc" is not defined', cell: 2, line: 3 }]
    },
    {
      // a cell that ran reading `sc` a loop binds is no session: the notebook's own name
      name: 'a notebook that binds sc itself (a for target) and reads spark: spark is reported',
      cells: [
        { code: 'for sc in [0.1, 0.5]:\n    print(sc)', count: 1 },
        { code: 'df = spark.read.json("x")', count: 2 }
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // the binding walk line by line (linear since the attack review of s18-r16) still finds
      // a tuple target on a long line (`sc, n = ...`): the notebook's own sc, so no launcher's session
      name: 'a notebook that binds sc itself (a tuple target on a long line (`sc, n = ...`)) and reads spark: spark is reported',
      cells: [
        { code: 'x = 1; sc, n = int("3"), 2', count: 1 },
        { code: 'df = spark.read.json("x")', count: 2 }
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // the binding walk line by line (linear since the attack review of s18-r16) still finds
      // a `for` target after other text on its line: the notebook's own sc, so no launcher's session
      name: 'a notebook that binds sc itself (a `for` target after other text on its line) and reads spark: spark is reported',
      cells: [
        {
          code: 'total = 0; for i, sc in enumerate([0.1]): total += sc',
          count: 1
        },
        { code: 'df = spark.read.json("x")', count: 2 }
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // the binding walk line by line (linear since the attack review of s18-r16) still finds
      // a lambda parameter: the notebook's own sc, so no launcher's session
      name: 'a notebook that binds sc itself (a lambda parameter) and reads spark: spark is reported',
      cells: [
        { code: 'score = lambda x, sc: x * sc', count: 1 },
        { code: 'df = spark.read.json("x")', count: 2 }
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // the binding walk line by line (linear since the attack review of s18-r16) still finds
      // a def parameter: the notebook's own sc, so no launcher's session
      name: 'a notebook that binds sc itself (a def parameter) and reads spark: spark is reported',
      cells: [
        { code: 'def fit(x, sc): return x * sc', count: 1 },
        { code: 'df = spark.read.json("x")', count: 2 }
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // attack review of s18-r16: a shell line that names spark (`!spark-submit`) is no proof the launcher's kernel made the session
      name: 'no launcher session from a shell line that names spark (`!spark-submit`): spark is reported',
      cells: [
        ...[{ code: '!spark-submit --master local[2] job.py', count: 1 }],
        'df = spark.range(10)'
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // attack review of s18-r16: a `%%bash` cell that names spark is no proof the launcher's kernel made the session
      name: 'no launcher session from a `%%bash` cell that names spark: spark is reported',
      cells: [
        ...[{ code: '%%bash\nls $HOME/spark\necho spark ready', count: 1 }],
        'df = spark.range(10)'
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // attack review of s18-r16: a `%%sql` cell reading a table called sc is no proof the launcher's kernel made the session
      name: 'no launcher session from a `%%sql` cell reading a table called sc: spark is reported',
      cells: [
        ...[{ code: '%%sql\nSELECT * FROM sc', count: 1 }],
        'df = spark.range(10)'
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // attack review of s18-r16: a `%%writefile` cell whose body reads spark is no proof the launcher's kernel made the session
      name: 'no launcher session from a `%%writefile` cell whose body reads spark: spark is reported',
      cells: [
        ...[{ code: '%%writefile job.py\ndf = spark.range(3)', count: 1 }],
        'df = spark.range(10)'
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // attack review of s18-r16: a read of spark in a cell that saved another error above it is no proof the launcher's kernel made the session
      name: 'no launcher session from a read of spark in a cell that saved another error above it: spark is reported',
      cells: [
        ...[
          {
            code: "import pandas as pd\npdf = pd.read_csv('missing.csv')\nsdf = spark.createDataFrame(pdf)",
            count: 1,
            outputs: [
              {
                output_type: 'error',
                ename: 'FileNotFoundError',
                evalue: 'missing.csv',
                traceback: []
              }
            ]
          }
        ],
        'df = spark.range(10)'
      ],
      metadata: python2,
      errors: [
        { message: '"spark" is not defined', cell: 1, line: 3 },
        { message: '"spark" is not defined', cell: 2 }
      ]
    },
    {
      // attack review of s18-r16: a read of spark that ran, and another cell's saved NameError for spark is no proof the launcher's kernel made the session
      name: "no launcher session from a read of spark that ran, and another cell's saved NameError for spark: spark is reported",
      cells: [
        ...[
          { code: 'n = sc.defaultParallelism', count: 1 },
          {
            code: 'df = spark.read.text("x.txt")',
            count: 2,
            outputs: [NAME_ERROR]
          }
        ],
        'df = spark.range(10)'
      ],
      metadata: python2,
      errors: [
        { message: '"sc" is not defined', cell: 1 },
        { message: '"spark" is not defined', cell: 2 },
        { message: '"spark" is not defined', cell: 3 }
      ]
    },
    {
      // the makesSession veto alone (no shell name bound anywhere): a notebook that makes a
      // session itself, even inside a function, is no launcher's kernel, whatever ran
      name: 'a notebook that makes its own session (no shell name bound) and reads sc and spark: both reported',
      cells: [
        {
          code: 'from pyspark.sql import SparkSession\ndef start():\n    return SparkSession.builder.getOrCreate()',
          count: 1
        },
        { code: 'n = sc.defaultParallelism', count: 2 },
        'df = spark.range(10)'
      ],
      metadata: python2,
      errors: [
        { message: '"sc" is not defined', cell: 2 },
        { message: '"spark" is not defined', cell: 3 }
      ]
    },
    {
      // issue #15 (s19), class 1: the launcher's session is read from parsed Python only where
      // the read runs whenever the cell runs: one inside a def, a try or an if's body may never
      // have run (or had its NameError swallowed), and `from x import sc` binds sc itself
      name: 'a session read only in a def, a try or an if body that ran, or sc imported: no launcher session',
      cells: [
        {
          code: 'def count():\n    return sc.parallelize(range(4)).count()',
          count: 1
        },
        {
          code: 'try:\n    n = sc.defaultParallelism\nexcept NameError:\n    n = 1',
          count: 2
        },
        {
          code: 'import os\nif os.environ.get("CLUSTER"):\n    df = spark.range(3)',
          count: 3
        },
        'rdd = sc.textFile("datasets/x.txt")'
      ],
      metadata: python2,
      errors: [
        { message: '"sc" is not defined', cell: 1 },
        { message: '"spark" is not defined', cell: 3 },
        { message: '"sc" is not defined', cell: 4 }
      ]
    },
    {
      // the near misses of the default and the finally: a read in a def's body or a lambda's, or
      // in a try's else (skipped when the handler ran), is no evidence
      name: 'a session read only in a def body, a lambda body or a try else: no launcher session',
      cells: [
        {
          code: 'def count(n=4):\n    return sc.parallelize(range(n)).count()\nlaunch = lambda n=4: spark.range(n)',
          count: 1
        },
        {
          code: 'try:\n    import findspark\nexcept ImportError:\n    pass\nelse:\n    print(sc.version)',
          count: 2
        },
        'df = spark.range(3)'
      ],
      metadata: python2,
      errors: [
        { message: '"sc" is not defined', cell: 1, line: 2 },
        { message: '"spark" is not defined', cell: 1, line: 3 },
        { message: '"sc" is not defined', cell: 2 },
        { message: '"spark" is not defined', cell: 3 }
      ]
    },
    {
      // issue #15 (s20), round 17 row: krishnaik06's "Python Decorators" lesson defines welcome,
      // deletes it, and calls it: "not defined in any cell ... only exists in the kernel" was
      // false there (the notebook defines it). Session 21's review (R2): the read still fails
      // on every top-to-bottom run, so it is reported, saying where the name was deleted
      name: 'a name an earlier cell defines and a del took away',
      cells: [
        'def welcome():\n    return "Welcome"',
        'wel = welcome()\ndel welcome',
        'welcome()',
        'import pandas as pd\nfor df in []:\n    pass\ndf = pd.DataFrame()',
        'del df  # free memory',
        'print(df.shape)'
      ],
      errors: [
        {
          message:
            '"welcome" was deleted by a `del` in cell 2 and no cell defines it again before this read',
          cell: 3,
          line: 1,
          column: 1
        },
        {
          message:
            '"df" was deleted by a `del` in cell 5 and no cell defines it again before this read',
          cell: 6,
          line: 1,
          column: 7
        }
      ]
    },
    {
      // the near misses of the pydantic self-reference: without the future import the class
      // body evaluates `list[Tree]` before Tree exists; a name no cell binds stays undefined
      name: 'a pydantic model naming itself without the future import',
      cells: [
        'from pydantic import BaseModel',
        'class Tree(BaseModel):\n    children: list[Tree] = []'
      ],
      errors: [
        {
          message: '"Tree"',
          cell: 2,
          line: 2,
          column: 20
        }
      ]
    },
    {
      name: 'under the future import, a pydantic field naming a class no cell defines',
      cells: [
        'from __future__ import annotations\nfrom pydantic import BaseModel',
        'class A(BaseModel):\n    b: Missing | None = None'
      ],
      errors: [
        {
          message: '"Missing" is not defined in any cell',
          cell: 2,
          line: 2,
          column: 8
        }
      ]
    },
    {
      name: 'a name an earlier cell defines and an except-as clause of a later cell took away',
      cells: [
        'err = None',
        'try:\n    1 / 0\nexcept ZeroDivisionError as err:\n    pass',
        'print(err)'
      ],
      errors: [
        {
          message:
            '"err" was removed at the end of the `except ... as err` clause in cell 2',
          cell: 3,
          line: 1,
          column: 7
        }
      ]
    },
    {
      // the near misses of the deleted name: a del of a name no cell defines, and a name defined
      // only in a later cell (NB103's) are no deleted definition
      name: 'a del of a name no cell defines, then a read: still reported',
      cells: ['del cache', 'print(cache)'],
      errors: [
        { message: '"cache" is not defined in any cell', cell: 1 },
        { message: '"cache" is not defined in any cell', cell: 2 }
      ]
    },
    {
      name: 'sc bound by `from x import sc` (also in parentheses over lines): spark is reported',
      cells: [
        {
          code: 'from cluster_setup import (\n    conf,\n    sc,\n)\nrdd = sc.parallelize([1, 2])',
          count: 1
        },
        'df = spark.range(3)'
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // the comment/string check alone: the only cell that ran names sc and spark in a comment
      // and a string, which read nothing
      name: 'a run whose only mention of the session is a comment and a string: spark is reported',
      cells: [
        { code: "# needs spark\nprint('sc ready')", count: 1 },
        'df = spark.range(10)'
      ],
      metadata: python2,
      errors: [{ message: '"spark" is not defined', cell: 2 }]
    },
    {
      // lone '\r' line ends: only a shell cell's magic line may bind; the words of its body
      // after a lone '\r' define nothing
      name: 'the body of a %%bash cell after a lone \\r binds nothing',
      cells: ['%%bash\rlisting=$(ls)\recho $listing', 'print(listing)'],
      errors: [{ message: 'listing', cell: 2 }]
    },
    {
      name: 'the same exercise once run: a kernel ran it, and its missing names are reported',
      cells: [
        { md: '> **Exercise:** Define the model hyperparameters.' },
        { code: 'import torch\nt = torch.from_numpy(test_x)', count: 1 },
        {
          code: '# Instantiate the model w/ hyperparams\nvocab_size = \nnet = f(vocab_size)',
          count: 2
        }
      ],
      errors: [
        { message: '"test_x" is not defined', cell: 2, line: 2, column: 22 }
      ]
    },
    {
      // review R3 nb104_magic: in an .ipynb `# MAGIC %run` is only a comment
      name: 'a plain notebook with a "# MAGIC %run" comment: its names are still reported',
      cells: [
        '# see also\n# MAGIC %run ./old\nx = 1',
        'print(undefined_thing)'
      ],
      errors: [
        {
          message: '"undefined_thing" is not defined',
          cell: 2,
          line: 1,
          column: 7
        }
      ]
    },
    {
      // review R3 nb104_stripped: saved through nbstripout (no counts, no outputs), one cell
      // left with a placeholder; the reads above it are the notebook's own NameErrors
      name: 'a stripped notebook with a placeholder cell: names read above it are still reported',
      cells: [
        { md: '# Pipeline' },
        'import pandas as pd\ndf = pd.read_csv("data.csv")',
        'model = train(df)\nprint(acuracy)',
        'API_KEY = <YOUR_API_KEY>'
      ],
      errors: [
        { message: '"train" is not defined', cell: 3, line: 1, column: 9 },
        { message: '"acuracy" is not defined', cell: 3, line: 2, column: 7 }
      ]
    },
    {
      // azureml-examples, automl-classification-task-bankmarketing-serverless: a real typo
      // (`resources = ` and a line break) is no exercise; compute_name is defined nowhere
      name: 'an unrun notebook whose only blank is a bare empty assignment: no exercise',
      cells: [
        'from azure.ai.ml import automl\nclassification_job = automl.classification()\nclassification_job.resources = \n',
        'print(compute_name)'
      ],
      errors: [
        {
          message: '"compute_name" is not defined',
          cell: 2,
          line: 1,
          column: 7
        }
      ]
    },
    {
      // a Databricks source file has no execution counts: that says nothing about a student
      name: 'a Databricks .py with a placeholder: a script format is not "unrun"',
      path: 'lab.py',
      text: '# Databricks notebook source\nprint(undefined_thing)\n\n# COMMAND ----------\n\nAPI_KEY = <YOUR_API_KEY>\n',
      errors: [
        {
          message: '"undefined_thing" is not defined',
          cell: 1,
          line: 1,
          column: 7
        }
      ]
    },
    {
      name: 'an unrun notebook with no blank left for a student; an option inside Python code',
      cells: [
        'import torch\nt = torch.from_numpy(test_x)',
        'x = 1\ny = x --lzo'
      ],
      errors: [
        { message: '"test_x" is not defined', cell: 1, line: 2, column: 22 },
        { message: '"lzo" is not defined', cell: 2, line: 2, column: 9 }
      ]
    },
    {
      // %pylab imports only numpy, matplotlib, np, plt... with --no-import-all; and %matplotlib
      // imports nothing
      name: '%pylab --no-import-all and %matplotlib bind no pylab function; a read above %pylab is hidden state',
      cells: [
        'scatter([1, 2], [3, 4])',
        '%pylab --no-import-all\nxs = np.linspace(0, 1, 5)\nplt.plot(xs)\nfigure(figsize=(12, 5))',
        '%matplotlib inline\nsubplot(1, 2, 1)'
      ],
      errors: [
        { message: '"scatter" is not defined', cell: 1, line: 1, column: 1 },
        { message: '"figure" is not defined', cell: 2, line: 4, column: 1 },
        { message: '"subplot" is not defined', cell: 3, line: 2, column: 1 }
      ]
    },
    {
      name: 'a pylab function read in a cell above the %pylab that defines it',
      cells: ['scatter([1, 2], [3, 4])', '%pylab inline'],
      errors: [
        { message: '"scatter" is not defined', cell: 1, line: 1, column: 1 }
      ]
    },
    {
      name: 'a plain notebook that reads spark and shows no platform: spark is hidden state',
      cells: ['df = spark.read.parquet("data/train.parquet")', 'display(df)'],
      errors: [
        { message: '"spark" is not defined', cell: 1, line: 1, column: 6 }
      ]
    },
    {
      name: 'platform storage, but the notebook makes its own session elsewhere: its spark is checked',
      cells: [
        'from pyspark.sql import SparkSession\ndef session():\n    return SparkSession.builder.getOrCreate()',
        'df = spark.read.parquet("abfss://data@lake.dfs.core.windows.net/train")'
      ],
      errors: [
        { message: '"spark" is not defined', cell: 2, line: 1, column: 6 }
      ]
    },
    {
      // the review of s13-prec: the platform URI counts only in a statement that reads through
      // spark (pandas' and fsspec's reads are no platform's), and a comment is no code
      name: 'Azure storage read without spark, or spark named in a comment: spark is hidden state',
      cells: [
        'import pandas as pd\ndf = pd.read_csv("abfss://c@acct.dfs.core.windows.net/x.csv")\n# spark.read would also work',
        'display(spark)',
        'import fsspec\nfs = fsspec.open("abfs://c@acct.dfs.core.windows.net/x")',
        'df = spark.table("t")\nsc.parallelize([1])'
      ],
      errors: [
        { message: '"spark" is not defined', cell: 2, line: 1, column: 9 },
        { message: '"spark" is not defined', cell: 4, line: 1, column: 6 },
        { message: '"sc" is not defined', cell: 4, line: 2, column: 1 }
      ]
    },
    {
      // the review of s13-prec: the session checks read each line once (3.8-4 s before on
      // these; bench/lint-long-lines.js has the times); the result is what is asserted
      name: 'a long comment of imports or spark: beside a platform read: the platform is still told',
      cells: [
        'df = spark.read.csv("abfss://c@a.dfs.core.windows.net/x")',
        'x = 1 # ' +
          'import '.repeat(14_000) +
          '\ny = 1 # ' +
          'spark:'.repeat(16_000),
        'mssparkutils.fs.ls("/")'
      ],
      errors: [
        {
          message: '"mssparkutils" is not defined',
          cell: 3,
          line: 1,
          column: 1
        }
      ]
    },
    {
      name: "on a Spark platform saved generically, a platform's own utilities are still unknown",
      cells: [
        'df = spark.read.parquet("wasbs://publicwasb@mmlspark.blob.core.windows.net/AdultCensusIncome.parquet")',
        'mssparkutils.fs.ls("/")'
      ],
      errors: [
        {
          message: '"mssparkutils" is not defined',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      name: 'a placeholder of another name, or a set of an undefined name, makes no template',
      cells: [
        'catalog = "{schema}"\nmodels = {active_models}',
        'spark.sql(f"SELECT 1 FROM {catalog}")'
      ],
      metadata: python3,
      errors: [
        {
          message: '"active_models" is not defined',
          cell: 1,
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 24
        },
        {
          message: '"spark" is not defined',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 6
        }
      ]
    },
    {
      name: 'a Fabric Python notebook has no Spark session',
      cells: ['df = spark.table("t")'],
      metadata: fabricPython,
      errors: [
        {
          message: '"spark" is not defined',
          cell: 1,
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 11
        }
      ]
    },
    {
      name: 'Databricks globals in a plain Jupyter notebook are hidden state',
      cells: ['df = spark.table("t")'],
      errors: [
        {
          message: '"spark" is not defined',
          cell: 1,
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 11
        }
      ]
    },
    {
      // the near miss of the %restart_python case: the magic named in a comment or a string
      // (a note on how to run it on Databricks) is no evidence; the plain notebook's spark is
      // still a NameError
      name: '%restart_python only in a comment or a string',
      cells: [
        '# on Databricks: %pip install yfinance, then\n# %restart_python\nnote = """\n%restart_python\n"""',
        'df = spark.table("t")'
      ],
      errors: [{ message: '"spark" is not defined', cell: 2, line: 1 }]
    },
    {
      name: 'a notebook that defines dbutils itself (Databricks Connect) is no Databricks notebook',
      cells: [
        'from databricks.sdk import WorkspaceClient\ndbutils = WorkspaceClient().dbutils\nfiles = dbutils.fs.ls("/")',
        'df = spark.table("t")'
      ],
      errors: [
        {
          message: '"spark" is not defined',
          cell: 2,
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 11
        }
      ]
    },
    {
      name: 'an nbcraft compute kernel defines spark only, not dbutils',
      cells: ['dbutils.fs.ls("/")'],
      metadata: {
        kernelspec: { name: 'nbcraft-spark-local', display_name: 'spark-local' }
      },
      errors: [
        {
          message: '"dbutils" is not defined',
          cell: 1,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 8
        }
      ]
    },
    {
      name: 'Synapse names in a Databricks notebook',
      cells: ['mssparkutils.fs.ls("/")'],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'etl' }
      },
      errors: [
        {
          message: '"mssparkutils" is not defined',
          cell: 1,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 13
        }
      ]
    },
    {
      name: 'the words of a %%writefile cell define nothing',
      cells: [
        '%%writefile score.py\nmodel = load()\ndef run(data):\n    return model.predict(data)',
        'print(model)'
      ],
      errors: [
        {
          message: '"model" is not defined',
          cell: 2,
          line: 1,
          column: 7,
          endLine: 1,
          endColumn: 12
        }
      ]
    },
    {
      name: 'one cell that does not parse does not hide a NameError elsewhere',
      cells: ['x = (1,', 'print(y_test)'],
      errors: [
        {
          message: '"y_test" is not defined',
          cell: 2,
          line: 1,
          column: 7,
          endLine: 1,
          endColumn: 13
        }
      ]
    },
    {
      name: 'a star import hides only what is read after it',
      cells: ['print(threshold)', 'from settings import *', 'print(alpha)'],
      errors: [
        {
          message: '"threshold" is not defined',
          cell: 1,
          line: 1,
          column: 7,
          endLine: 1,
          endColumn: 16
        }
      ]
    },
    {
      cells: ['import pandas as pd', 'df2 = pd.concat([df, other])'],
      errors: [
        {
          message: '"df" is not defined in any cell',
          messageId: 'undefined',
          cell: 2,
          line: 1,
          column: 18
        },
        { message: '"other" is not defined', cell: 2, line: 1, column: 22 }
      ]
    },
    {
      name: 'NameError guards cover neither other handlers, nor the else clause, nor a def inside the try',
      cells: [
        'try:\n    a = token\nexcept (KeyError, ValueError):\n    pass',
        'try:\n    pass\nexcept NameError:\n    pass\nelse:\n    b = secret_b',
        'try:\n    def g():\n        return later_c\nexcept NameError:\n    pass',
        'print(_exit_code)'
      ],
      errors: [
        { message: '"token" is not defined', cell: 1, line: 2, column: 9 },
        { message: '"secret_b" is not defined', cell: 2, line: 6, column: 9 },
        { message: '"later_c" is not defined', cell: 3, line: 3, column: 16 },
        { message: '"_exit_code" is not defined', cell: 4, line: 1, column: 7 }
      ]
    }
  ]
});
