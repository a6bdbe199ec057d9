import rule from '../../src/rules/databricks-run-dependency';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['from utils.helpers import clean\n# %run is not used'] },
    {
      // azureml-examples' inference notebooks download their data with a script
      name: 'a .py script run with its command-line arguments',
      cells: [
        '# Download a small sample of the dataset\n%run ./squad-dataset/download-dataset.py --download_dir ./squad-dataset'
      ]
    },
    {
      // the near miss of the one below: the later code reads only what the notebook binds,
      // imports or Python provides
      name: 'a script run with arguments whose names nothing later reads',
      cells: [
        '%run train.py --epochs 10',
        'import json\nresults = json.load(open("out.json"))\nprint(len(results))'
      ]
    },
    {
      name: 'a %run line inside a triple-quoted string is text IPython never runs',
      cells: [
        'usage = """\nTo set up the tables first, run:\n%run ./setup\n"""\nprint(usage)',
        'usage = f"""\n  %run ./setup $env={env}\n"""'
      ]
    },
    {
      // round 19/20: Databricks Academy lessons run ./Includes/Classroom-Setup for its mounts and
      // MLflow set-up and read none of its names; Azure-Samples/azureml-quickstart runs its CLI
      // set-up notebook before cells of !az commands; a pipeline orchestrator runs each stage
      name: 'a %run made for its effects: no later cell reads a name it could have left',
      text: '# Databricks notebook source\n# MAGIC %run "./Includes/Classroom-Setup"\n\n# COMMAND ----------\n\ndf = spark.read.parquet("/mnt/training/airbnb.parquet")\ndisplay(df)\n\n# COMMAND ----------\n\n!az ml job create --file job.yml\n\n# COMMAND ----------\n\n# MAGIC %md ## Publish\n\n# COMMAND ----------\n\nimport time\n_t0 = time.time()\n%run ../50__publish/52__publish_to_github\nprint(time.time() - _t0)\n'
    },
    {
      // near misses of review F3.1: views and tables the notebook registers itself (a temp view,
      // a CTE), and names with a schema or catalog, are not the %run's
      name: 'a %run for effects before Spark reads of views the notebook registers or qualified tables',
      text: '# Databricks notebook source\n# MAGIC %run ./Includes/Classroom-Setup\n\n# COMMAND ----------\n\ndf = spark.table("samples.nyctaxi.trips")\ndf.createOrReplaceTempView("trips")\nn = spark.sql("WITH t AS (SELECT * FROM trips) SELECT count(*) FROM t JOIN main.ref.zones")\nspark.sql("CREATE OR REPLACE TEMP VIEW recent AS SELECT 1")\nr = spark.read.table("recent")\n'
    }
  ],
  invalid: [
    {
      // round 15: genesis-workbench's 01_download_sequences runs ./utils, which "declares
      // widgets", and the next cell reads them (judged true)
      name: 'a %run before a cell that reads a widget',
      text: '# Databricks notebook source\n# MAGIC %run ./utils\n\n# COMMAND ----------\n\ncatalog = dbutils.widgets.get("catalog")\nspark.sql(f"CREATE VOLUME IF NOT EXISTS {catalog}.v")\n',
      errors: [{ message: '%run ./utils injects', cell: 1, line: 1 }]
    },
    {
      // round 20: a course's Includes/Classroom-Setup runs ./Azure-Credentials, whose names the
      // lessons that run the set-up read (judged true)
      name: 'the %runs of a helper notebook others run pass its names on',
      path: 'ML-Deployment/Python/Includes/Classroom-Setup.py',
      text: '# Databricks notebook source\n# MAGIC %run "./Dataset-Mounts"\n\n# COMMAND ----------\n\n# MAGIC %run "./Azure-Credentials"\n',
      errors: [
        { message: '%run "./Dataset-Mounts" injects', cell: 1, line: 1 },
        { message: '%run "./Azure-Credentials" injects', cell: 2, line: 1 }
      ]
    },
    {
      // the near misses of the effects-only %run: a later cell whose reads are unknown (SQL, a
      // shell line that expands a name, a cell that does not parse), or a name read before any
      // cell binds it, even one a later cell binds
      name: 'a %run before a cell whose reads are unknown or that reads a name nothing bound yet',
      text: '# Databricks notebook source\n# MAGIC %run ./Includes/Classroom-Setup\n\n# COMMAND ----------\n\n# MAGIC %sql SELECT * FROM ${DA.db_name}.events\n\n# COMMAND ----------\n\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\n!az ml job create --name $job_name\n\n# COMMAND ----------\n\n# MAGIC %run ./more\n\n# COMMAND ----------\n\nfor x in (:\n\n# COMMAND ----------\n\n# MAGIC %run ./last\n\n# COMMAND ----------\n\nprint(user)\nuser = "me"\n',
      errors: [
        {
          message: '%run ./Includes/Classroom-Setup injects',
          cell: 1,
          line: 1
        },
        { message: '%run ./setup injects', cell: 3, line: 1 },
        { message: '%run ./more injects', cell: 5, line: 1 },
        { message: '%run ./last injects', cell: 7, line: 1 }
      ]
    },
    {
      // review F3.2: globals()['x'], vars()['x'], eval('x') read names the scope pass cannot
      // see, so a name the %run left may be read there
      name: 'a %run before a cell that reads names dynamically (globals, vars, eval)',
      text: '# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\nprint(globals()["config"])\n\n# COMMAND ----------\n\n# MAGIC %run ./more\n\n# COMMAND ----------\n\ncfg = vars()["config"]\n\n# COMMAND ----------\n\n# MAGIC %run ./last\n\n# COMMAND ----------\n\nprint(eval("config"))\n',
      errors: [
        { message: '%run ./setup injects', cell: 1, line: 1 },
        { message: '%run ./more injects', cell: 3, line: 1 },
        { message: '%run ./last injects', cell: 5, line: 1 }
      ]
    },
    {
      // review F3.1 and F3.3 (round 22): a temp view the %run notebook registers, read from Python
      // as a `%sql` cell would read it, and a name bound on one path only (on the other it is the
      // %run's); each alone after its %run
      name: 'a %run before spark.sql of a view no cell registers',
      text: "# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\nspark.sql('SELECT * FROM setup_view').show()\n",
      errors: [{ message: '%run ./setup injects', cell: 1, line: 1 }]
    },
    {
      name: 'a %run before spark.table of a view no cell registers',
      text: "# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\ndf = spark.table('setup_view')\ndisplay(df)\n",
      errors: [{ message: '%run ./setup injects', cell: 1, line: 1 }]
    },
    {
      name: 'a %run before a read of a name bound on one path only',
      text: "# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\nimport os\nif os.environ.get('X'):\n    config = {}\nprint(config)\n",
      errors: [{ message: '%run ./setup injects', cell: 1, line: 1 }]
    },
    {
      // review of session 18: IPython's %run loads the script's globals into the notebook with or
      // without arguments (IPython/core/magics/execution.py, `run`), and the next cell reads one
      name: 'a script run with arguments, then a name only the script can have defined',
      cells: [
        '%run train_utils.py --seed 0',
        'model = build_model()\nmodel.fit(X, y)'
      ],
      errors: [{ message: '%run train_utils.py injects', cell: 1, line: 1 }]
    },
    {
      // round 15, row 183: the message cut the quoted path at its first space
      name: 'a quoted path with spaces is one argument, named whole',
      text: '# Databricks notebook source\n# MAGIC %run "./0a_Intro & Config"\n\n# COMMAND ----------\n\n# MAGIC %run \'./setup files/run it.py\'\n\n# COMMAND ----------\n\ndisplay(orders)\n',
      errors: [
        {
          message: '%run "./0a_Intro & Config" injects that notebook\'s names',
          cell: 1,
          line: 1
        },
        {
          message: "%run './setup files/run it.py' injects",
          cell: 2,
          line: 1
        }
      ]
    },
    {
      name: 'near miss: an unquoted path with a space is a script and its argument',
      cells: [
        '%run ./0a_Intro & Config',
        'print(config)',
        '%run ./helpers.py 2020'
      ],
      errors: [{ message: '%run ./0a_Intro injects', cell: 1, line: 1 }]
    },
    {
      name: 'a %run jupytext commented out in a percent script runs',
      text: '# %%\n# %run ./helpers\nx = clean(1)\n',
      errors: [
        { message: '%run ./helpers injects', cell: 1, line: 1, column: 1 }
      ]
    },
    {
      name: 'a %run after a string closes, and an indented one, still run',
      cells: [
        'note = """a note"""\n%run ./helpers\nclean(df)',
        'if env == "dev":\n    %run ./dev_setup'
      ],
      errors: [
        { message: '%run ./helpers injects', cell: 1, line: 2, column: 1 },
        { message: '%run ./dev_setup injects', cell: 2, line: 2, column: 5 }
      ]
    },
    {
      cells: [{ md: '# t' }, '%run ./utils/setup $env="dev"'],
      errors: [
        {
          message: '%run ./utils/setup injects',
          messageId: 'runMagic',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      // databricks/tech-talks' Delta Lake talk: a helpers notebook, and a script without arguments
      name: 'a notebook, and a script whose names stay behind',
      cells: ['%run Helpers.ipynb', '%run setup_vars.py', 'df = load_data()'],
      errors: [
        {
          message: '%run Helpers.ipynb injects',
          cell: 1,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 19
        },
        {
          message: '%run setup_vars.py injects',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 19
        }
      ]
    }
  ]
});
