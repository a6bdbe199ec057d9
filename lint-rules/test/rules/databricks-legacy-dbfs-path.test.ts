import rule from '../../src/rules/databricks-legacy-dbfs-path';
import { runRuleTests } from './ruleTester';

/** an older Databricks export (name, notebookId) that Jupyter saved again (it added a kernelspec) */
const savedAgain = (name: string) => ({
  name,
  notebookId: 85286,
  kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }
});

runRuleTests(rule, {
  valid: [
    {
      // the second review: an IPython line magic on the first line (rpy2's %R, jupysql's %sql,
      // %sx) is no Databricks language cell outside Databricks; the lines after it are Python
      name: 'a comment after an IPython line magic in a plain notebook is prose',
      cells: [
        '%R x <- 1\n# see /dbfs/mnt/raw/x.csv\ny = 2',
        '%sql SELECT 1\n# see /dbfs/mnt/raw/y.csv\ny = 3',
        '%sx ls\n# see /dbfs/mnt/raw/z.csv'
      ]
    },
    {
      name: 'a comment in a percent script that is no magic stays prose',
      text: '# %%\n# DBFS paths are accessible via /dbfs/ in Databricks\nx = 1\n'
    },
    {
      name: 'a /mnt path outside Databricks is not DBFS',
      cells: ['df = pd.read_csv("/mnt/raw/events.csv")']
    },
    {
      cells: [
        'df = spark.read.csv("/Volumes/main/raw/files/a.csv")\np = "s3://bucket/dbfs/x"'
      ]
    },
    {
      // the shape a review found: the comment explains the replace below it, whose "/dbfs" is no path
      name: 'a DBFS path named in a comment or a docstring is prose',
      cells: [
        '# Convert DBFS path to local filesystem path\n# DBFS paths are accessible via /dbfs/ in Databricks\nlocal_model_path = dbfs_model_path.replace("dbfs:", "/dbfs")',
        'def load():\n    """Reads /dbfs/tmp/wine.csv, or dbfs:/mnt/raw/wine.csv on old workspaces."""\n    return read(path)'
      ]
    },
    {
      // round 15 rows 177, 179: a course notebook once exported from Databricks (name,
      // notebookId) and saved again by Jupyter on AWS EMR (a python3 kernelspec, !hdfs, no
      // dbutils; it builds its own SparkContext, which raises on Databricks): /mnt/workspace is
      // the EMR node's disk, not a DBFS mount
      name: 'an old Databricks export that Jupyter saved again and that builds its own SparkContext',
      metadata: savedAgain('PCA_using_numpy for HW3'),
      cells: [
        "from pyspark import SparkContext\nsc = SparkContext(pyFiles=['/mnt/workspace/lib/numpy_pack.py'])",
        "if EMR:\n    data_dir='/mnt/workspace/Data'\n    !hdfs dfs -copyFromLocal /mnt/workspace/Data/stations.parquet /weather/"
      ]
    },
    {
      // round 15's 2withSmoothed.PCA_computation per state: the same course builds it in a function
      name: 'an old Databricks export saved again that builds its SparkContext in a function',
      metadata: savedAgain('PCA_using_numpy for HW3'),
      cells: [
        "from pyspark import SparkContext, SparkConf\n\ndef create_sc(pyFiles):\n    sc_conf = SparkConf()\n    sc = SparkContext(conf=sc_conf, pyFiles=pyFiles)\n    return sc\n\nsc = create_sc(pyFiles=['lib.py'])",
        "if EMR:\n    data_dir='/mnt/workspace/Data'"
      ]
    }
  ],
  invalid: [
    {
      // round 23 row 144, databricks-industry-solutions/customer-lifetime-value 1_BYTD.py cell 8:
      // the path ran to the space and was named ".../Online"; a literal's whole value is the path.
      // A path later in a longer string (a command line) still ends at a space
      name: 'a path with a space in a string literal is the whole literal',
      text: '# Databricks notebook source\nimport pandas as pd\nxlsx_filename = "/dbfs/tmp/clv/online_retail/Online Retail.xlsx"\n\n# COMMAND ----------\n\nos.system("rm -r /dbfs/tmp/clv/old copy")\n',
      errors: [
        {
          message:
            'Legacy DBFS FUSE path "/dbfs/tmp/clv/online_retail/Online Retail.xlsx"',
          cell: 1,
          line: 2,
          column: 17,
          endColumn: 65
        },
        {
          message: 'Legacy DBFS FUSE path "/dbfs/tmp/clv/old"',
          cell: 2,
          line: 1,
          column: 18,
          endColumn: 35
        }
      ]
    },
    {
      // attack review of s18-r15 (/tmp/rv5 r2, r5): a SparkContext built only under a guard
      // (`try:` with getOrCreate() in `except`, `if 'sc' not in globals():`) runs on Databricks
      // too, so it says nothing about where the notebook runs
      name: 'an old export saved again whose SparkContext construction is guarded stays Databricks',
      metadata: savedAgain('HW3'),
      cells: [
        "from pyspark import SparkContext\ntry:\n    sc = SparkContext(appName='hw')\nexcept ValueError:\n    sc = SparkContext.getOrCreate()\nif 'sc' not in globals():\n    sc = SparkContext(appName='hw')",
        "data_dir = '/mnt/workspace/Data'"
      ],
      errors: [{ message: 'Legacy DBFS mount "/mnt/workspace/Data"', cell: 2 }]
    },
    {
      name: 'the old export without a kernelspec is Databricks, and so is a saved-again one that calls dbutils',
      metadata: { name: 'HW3', notebookId: 85286 },
      cells: ["data_dir = '/mnt/workspace/Data'"],
      errors: [{ message: 'Legacy DBFS mount "/mnt/workspace/Data"', cell: 1 }]
    },
    {
      name: 'an old export saved again by Jupyter that calls dbutils runs on Databricks',
      metadata: savedAgain('HW3'),
      cells: ["dbutils.fs.ls('/mnt/raw')\ndata_dir = '/mnt/workspace/Data'"],
      errors: [
        { message: 'Legacy DBFS mount "/mnt/raw"', cell: 1 },
        { message: 'Legacy DBFS mount "/mnt/workspace/Data"', cell: 1 }
      ]
    },
    {
      // a cell's first string is shown and bound to _, no module docstring (the review of round 6)
      name: "a string opening a cell is the cell's value, not a docstring",
      cells: [
        '"""SELECT * FROM csv.`/dbfs/mnt/raw/x.csv`"""',
        '"""/dbfs/mnt/x"""\ndf = spark.read.csv(_)'
      ],
      errors: [
        // part of a longer string: the path alone; the whole value: the literal, quotes included
        {
          message: '"/dbfs/mnt/raw/x.csv"',
          cell: 1,
          line: 1,
          column: 23,
          endColumn: 42
        },
        { message: '"/dbfs/mnt/x"', cell: 2, line: 1, column: 1, endColumn: 18 }
      ]
    },
    {
      // Databricks by its dbutils calls, exported without the notebook metadata: the %sh cell is
      // shell, where a '#' inside a word opens no comment (the review of round 6)
      name: 'a %sh cell of a Databricks notebook read as Python: its # is no comment',
      cells: [
        'dbutils.fs.ls("/")',
        '%sh\nwget https://x.org/f.csv#v2 -O /dbfs/mnt/raw/f.csv'
      ],
      errors: [
        {
          message: 'Legacy DBFS FUSE path "/dbfs/mnt/raw/f.csv"',
          cell: 2,
          line: 2,
          column: 32
        }
      ]
    },
    {
      // jupytext writes magics and ! commands commented out in percent scripts and uncomments
      // them when it reads the script: they run (the review of round 6)
      name: 'a commented-out ! command and %sh line in a jupytext percent script run',
      text: '# %%\n# !wget -O /dbfs/tmp/x http://a\n\n# %%\n# %sh cp /dbfs/mnt/a /tmp\n',
      errors: [
        {
          message: 'Legacy DBFS FUSE path "/dbfs/tmp/x"',
          cell: 1,
          line: 1,
          column: 10
        },
        {
          message: 'Legacy DBFS FUSE path "/dbfs/mnt/a"',
          cell: 2,
          line: 1,
          column: 8
        }
      ]
    },
    {
      name: 'a path the code uses is reported (not the comment after it), and a shell command path',
      cells: [
        'data_path = "/dbfs/tmp/wine.csv"  # was /dbfs/FileStore/wine.csv\n!ls /dbfs/tmp'
      ],
      errors: [
        {
          // the whole literal, quotes included, as the /mnt strings (rounds 18 to 20)
          message: 'Legacy DBFS FUSE path "/dbfs/tmp/wine.csv"',
          messageId: 'fusePath',
          cell: 1,
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 33
        },
        {
          message: 'Legacy DBFS FUSE path "/dbfs/tmp"',
          messageId: 'fusePath',
          cell: 1,
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 14
        }
      ]
    },
    {
      name: 'a /mnt path handed to Spark in a Databricks notebook',
      cells: ['df = spark.read.load("/mnt/raw/events")'],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'etl' }
      },
      errors: [
        {
          message: 'Legacy DBFS mount "/mnt/raw/events"',
          messageId: 'mountPath',
          cell: 1,
          line: 1,
          column: 22,
          endLine: 1,
          endColumn: 39
        }
      ]
    },
    {
      cells: [
        'pdf = pd.read_csv("/dbfs/FileStore/data.csv")\ndf = spark.read.parquet("dbfs:/mnt/raw/events")',
        'dbutils.fs.mount(source=src, mount_point="/mnt/x")'
      ],
      errors: [
        {
          message: 'Legacy DBFS FUSE path "/dbfs/FileStore/data.csv"',
          messageId: 'fusePath',
          cell: 1,
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 45
        },
        {
          message: 'Legacy DBFS mount "dbfs:/mnt/raw/events"',
          messageId: 'mountPath',
          cell: 1,
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 47
        },
        {
          message: 'dbutils.fs.mount() creates a legacy DBFS mount',
          messageId: 'mountCall',
          cell: 2,
          line: 1,
          column: 1
        },
        // a notebook that calls dbutils.fs is a Databricks notebook: its bare /mnt is a mount
        {
          message: 'Legacy DBFS mount "/mnt/x"',
          messageId: 'mountPath',
          cell: 2,
          line: 1,
          column: 42
        }
      ]
    }
  ]
});
