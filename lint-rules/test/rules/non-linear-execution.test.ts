import rule from '../../src/rules/non-linear-execution';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // rounds 17 and 18 (precision-verdicts-17 rows 3-6, -18 rows 2, 5): a late re-run of a cell
      // that only displays, or that works on names of its own, changes no result below it
      name: 'a late re-run independent of the cells below: display-only or self-contained',
      cells: [
        { code: "data['communcation_skill_score'].kurtosis()", count: 128 },
        {
          code: 'from scipy.stats import ttest_rel\ndata1 = np.array([63, 75])\ndata2 = np.array([53, 43])\nstat, p = ttest_rel(data1, data2)\nprint(p)',
          count: 22
        },
        { code: 'show(column(fig1, fig2))', count: 45 },
        {
          code: 'from bokeh.plotting import figure\nfig4 = figure()\nfig4.scatter(iris.x, iris.y)\nshow(fig4)',
          count: 37
        },
        { code: 'download(url + "/nsfg.py")', count: 26 },
        {
          code: 'print(Mean(female_heights), Median(female_heights))',
          count: 9
        }
      ]
    },
    {
      // near misses of the attack review's cases: a name bound to the removed path that no cell
      // below reads, and a recursive removal of a folder no other cell names a path under
      name: 'a clean-up re-run last whose path no cell below reads, by name or under its folder',
      cells: [
        {
          code: 'ZIP = "dl/glove.zip"\n!wget -O dl/glove.zip http://x/glove.zip',
          count: 1
        },
        { code: '!rm dl/glove.zip\n!rm -rf tmp_build', count: 20 },
        { code: 'model = fit(X)', count: 2 },
        { code: 'score(model)', count: 3 }
      ]
    },
    {
      // near misses of the attack review of s17's merges (rmglob/rmlist): a cell below reads
      // another file of the removed file's folder, or a glob of another folder, or a name `data`
      name: 'a clean-up re-run last whose folder no cell below lists or globs',
      cells: [
        { code: 'import glob\nimport pandas as pd', count: 1 },
        { code: '!rm data/old_2019.csv', count: 5 },
        {
          code: "data = pd.read_csv('data/new_2020.csv')\nparts = glob.glob('archive/*.csv')",
          count: 2
        },
        { code: 'print(len(data), data)', count: 3 }
      ]
    },
    {
      // round 10 (databricks/devrel "Intro to Spark"): a `%fs ls` listing of the dataset folder
      // ran as [2] after the cell below read a file from it as [1]; and the other listing forms
      name: 'a folder listing run after the cells below',
      cells: [
        { code: '%fs ls databricks-datasets/COVID/covid-19-data/', count: 2 },
        {
          code: 'covid_df = spark.read.csv("dbfs:/databricks-datasets/COVID/covid-19-data/us-counties.csv")',
          count: 1
        },
        {
          code: '# what is there\ndisplay(dbutils.fs.ls("/databricks-datasets"))\n!ls -la data/raw\n%ls "out dir"',
          count: 9
        },
        { code: 'covid_df.count()', count: 3 }
      ]
    },
    {
      // round 7 (microsoft/nlp-recipes absa): a clean-up cell removing a local download re-run
      // last, when no cell below names the file it removes
      name: 'a clean-up cell re-run last, removing a file no cell below names',
      cells: [
        {
          code: "!wget -O 'dataset/glove.zip' 'http://x/glove.zip'",
          count: 19
        },
        { code: "!rm 'dataset/glove.zip'", count: 31 },
        { code: 'exp = Experiment(ws, "absa")', count: 23 },
        { code: 'run = exp.submit(est)', count: 24 }
      ]
    },
    {
      // lone '\r' line ends: the %%sql line and the set-up lines are read one by one
      name: 'a read-only %%sql query and a set-up cell re-run later, with lone \\r line ends',
      cells: [
        { code: '%load_ext sql\r%sql sqlite:///attrition.db', count: 1 },
        {
          code: '%%sql\r\rSELECT Department, MAX(MonthlyIncome)\r    FROM attrition_records\r    GROUP BY Department;',
          count: 74
        },
        {
          code: '%%sql\r-- the top earners\rSELECT * FROM attrition_records;',
          count: 64
        }
      ]
    },
    {
      name: 'a cell of imports and version prints re-run last, with lone \\r line ends',
      cells: [
        {
          code: 'import sys\rimport pandas as pd\r\rprint(f"System version: {sys.version}")\rprint("Pandas version:", pd.__version__)',
          count: 36
        },
        { code: 'df = pd.read_csv("x.csv")', count: 2 },
        { code: 'df.head()', count: 3 }
      ]
    },
    {
      // chineidu/MLOps_Tutorials sql_subquery.ipynb (round 9): independent SELECTs re-run later
      name: 'a read-only %%sql query re-run later is no reference for the cells below',
      cells: [
        { code: '%load_ext sql\n%sql sqlite:///attrition.db', count: 1 },
        {
          code: '%%sql\n\nSELECT Department, MAX(MonthlyIncome)\n    FROM attrition_records\n    GROUP BY Department;',
          count: 74
        },
        {
          code: '%%sql\n-- the top earners\nWITH m AS (SELECT Department, MAX(MonthlyIncome) x FROM attrition_records GROUP BY Department)\nSELECT * FROM m ORDER BY x DESC;\nSHOW TABLES;',
          count: 64
        }
      ]
    },
    {
      // zafodB/dp-100-sdk 05 - Train Models.ipynb (round 9): the workspace cell re-run to
      // reconnect; the %%writefile script's path comes from a cell that ran in order
      name: 'a %%writefile cell below a later re-run that binds nothing its line expands',
      cells: [
        { code: 'training_folder = "diabetes-training"', count: 4 },
        {
          code: 'import azureml.core\nfrom azureml.core import Workspace\nws = Workspace.from_config()\nprint(ws.name, "loaded")',
          count: 19
        },
        {
          code: '%%writefile $training_folder/diabetes_training.py\n# Import libraries\nimport pandas as pd\nprint(pd.__version__)',
          count: 5
        }
      ]
    },
    {
      // round 13 (precision-verdicts-13 row 6): WillKoehrsen's "Article Work", Kaggle's kernel
      // template (imports with trailing comments, a listing of ../input) plus a matplotlib style,
      // re-run as [13] after the cells below ran [4]..[10] in order
      name: 'a set-up cell with commented imports, a folder listing and a matplotlib style, re-run last',
      cells: [
        {
          code: "# This Python 3 environment comes with many helpful analytics libraries installed\n\nimport numpy as np # linear algebra\nimport pandas as pd # data processing, CSV file I/O (e.g. pd.read_csv)\n\nimport os\nprint(os.listdir(\"../input\"))\n\n# matplotlib and seaborn for plotting\nimport matplotlib.pyplot as plt\nimport seaborn as sns\n\nimport warnings\nwarnings.filterwarnings('ignore')\n\nplt.style.use('fivethirtyeight')",
          count: 13
        },
        {
          code: "app = pd.read_csv('../input/application_train.csv')",
          count: 4
        },
        { code: "bureau = pd.read_csv('../input/bureau.csv')", count: 5 },
        { code: 'bureau.head()  # 1 # 2', count: 9 }
      ]
    },
    {
      // recommenders-team/recommenders examples/03_evaluate/evaluation.ipynb: the imports and
      // versions cell re-run after everything else
      name: 'a cell of imports and version prints re-run last is no reference for the cells below',
      cells: [
        {
          code: 'import sys\nimport pandas as pd\nfrom recommenders.utils import timer\n\nprint(f"System version: {sys.version}")\nprint("Pandas version:", pd.__version__)',
          count: 36
        },
        { code: 'df = pd.read_csv("x.csv")', count: 2 },
        { code: 'df.head()', count: 3 }
      ]
    },
    {
      name: 'IPython display and %matplotlib in a set-up cell re-run last, on indented lines',
      cells: [
        {
          code: '%matplotlib inline\nfrom IPython.display import display, HTML\nimport numpy as np, pandas as pd\n    print("numpy", np.__version__)   ',
          count: 40
        },
        { code: 'df = pd.read_csv("x.csv")', count: 2 }
      ]
    },
    {
      cells: [
        { code: 'a = 1', count: 1 },
        { code: 'b = 2', count: 2 },
        { md: '# t' },
        { code: 'c = 3', count: 5 }
      ]
    },
    {
      name: 'never-run cells are ignored',
      cells: [
        { code: 'a = 1', count: 3 },
        { code: 'b = 2', count: null },
        { code: 'c = 3', count: 4 }
      ]
    },
    {
      // a course's homework solution: the cell that makes the output folder re-run after the rest
      name: 'a cell that only makes a directory, re-run last, is no reference for the cells below',
      cells: [
        { code: 'import pickle\nimport pandas as pd', count: 2 },
        { code: '!mkdir output', count: 20 },
        { code: 'df = pd.read_parquet(input_file)', count: 7 },
        { code: 'df.to_parquet("output/out.parquet")', count: 8 },
        {
          code: '%mkdir -p data/raw $OUT_DIR\nos.makedirs("models", exist_ok=True)',
          count: 30
        },
        { code: 'df.head()', count: 9 }
      ]
    }
  ],
  invalid: [
    {
      // the review of the data pairing: state a top-to-bottom run would see, outside the names
      name: "a call of the notebook's own function that appends to a list another cell prints",
      cells: [
        { code: 'results = []\ndef add(v):\n    results.append(v)', count: 1 },
        { code: 'add(5)', count: 3 },
        { code: 'print(results)', count: 2 }
      ],
      errors: [{ message: 'Cell ran as [2] after cell 2 ran as [3]', cell: 3 }]
    },
    {
      // the review of the data pairing: state a top-to-bottom run would see, outside the names
      name: 'a global counter bumped through a function',
      cells: [
        {
          code: 'counter = 0\ndef bump():\n    global counter\n    counter += 1',
          count: 1
        },
        { code: 'bump()', count: 3 },
        { code: 'print(counter)', count: 2 }
      ],
      errors: [{ message: 'Cell ran as [2] after cell 2 ran as [3]', cell: 3 }]
    },
    {
      // the review of the data pairing: state a top-to-bottom run would see, outside the names
      name: 'the working directory changed',
      cells: [
        { code: 'import os\nimport pandas as pd', count: 1 },
        { code: 'os.chdir("data")', count: 3 },
        { code: 'df = pd.read_csv("train.csv")', count: 2 }
      ],
      errors: [{ message: 'Cell ran as [2] after cell 2 ran as [3]', cell: 3 }]
    },
    {
      // the review of the data pairing: state a top-to-bottom run would see, outside the names
      name: 'an environment variable set',
      cells: [
        { code: 'import os', count: 1 },
        { code: 'os.environ["OPENAI_API_KEY"] = key', count: 3 },
        { code: 'client = OpenAI()', count: 2 }
      ],
      errors: [{ message: 'Cell ran as [2] after cell 2 ran as [3]', cell: 3 }]
    },
    {
      // the review of the data pairing: state a top-to-bottom run would see, outside the names
      name: 'a file written by Path.write_text and read by path',
      cells: [
        { code: 'from pathlib import Path\nimport pandas as pd', count: 1 },
        { code: 'Path("a.csv").write_text(text)', count: 3 },
        { code: 'df = pd.read_csv("a.csv")', count: 2 }
      ],
      errors: [{ message: 'Cell ran as [2] after cell 2 ran as [3]', cell: 3 }]
    },
    {
      // the review of the data pairing: state a top-to-bottom run would see, outside the names
      name: 'a Spark temp view',
      cells: [
        { code: 'df = spark.range(3)', count: 1 },
        { code: 'df.createOrReplaceTempView("t")', count: 3 },
        { code: 'rows = spark.sql("SELECT * FROM t")', count: 2 }
      ],
      errors: [{ message: 'Cell ran as [2] after cell 2 ran as [3]', cell: 3 }]
    },
    {
      // the review of the data pairing: state a top-to-bottom run would see, outside the names
      name: 'a row inserted through a cursor',
      cells: [
        {
          code: 'import sqlite3\nimport pandas as pd\nconn = sqlite3.connect("a.db")\ncur = conn.cursor()',
          count: 1
        },
        { code: 'cur.execute("INSERT INTO t VALUES (1)")', count: 3 },
        { code: 'rows = pd.read_sql("SELECT * FROM t", conn)', count: 2 }
      ],
      errors: [{ message: 'Cell ran as [2] after cell 2 ran as [3]', cell: 3 }]
    },
    {
      // the review of the data pairing: state a top-to-bottom run would see, outside the names
      name: 'a seed set by a helper of another library',
      cells: [
        { code: 'import torch\nfrom transformers import set_seed', count: 1 },
        { code: 'set_seed(42)', count: 3 },
        { code: 'x = torch.randn(3)', count: 2 }
      ],
      errors: [{ message: 'Cell ran as [2] after cell 2 ran as [3]', cell: 3 }]
    },
    {
      // near misses of the data-dependency test: what names alone do not show is still read
      // through files, module state, another notebook or the shell
      name: 'a late re-run that writes a file, sets module state, runs a notebook or a shell line',
      cells: [
        { code: "df.to_csv('out.csv')", count: 20 },
        { code: "df2 = pd.read_csv('out.csv')", count: 1 },
        { code: "imsave('a.png', img)", count: 21 },
        { code: "b = imread('a.png')", count: 2 },
        { code: 'import numpy as np\nnp.random.seed(0)', count: 22 },
        { code: 'x = np.random.rand()', count: 3 },
        { code: '%run ./helpers.ipynb', count: 23 },
        { code: 'y = 1', count: 4 },
        { code: '!wget -q -O data.csv $URL', count: 24 },
        { code: "z = open('data.csv').read()", count: 5 }
      ],
      errors: [1, 2, 3, 4, 5].map(k => ({
        message: `ran as [${k}] after cell ${2 * k - 1} ran as [${19 + k}]`,
        cell: 2 * k
      }))
    },
    {
      // the attack review of s17's merges (rmglob.ipynb, rmlist.ipynb): a cell below reads the
      // removed file's folder whole, by a glob, a listing or a shell word; top to bottom the
      // file is gone before it reads
      name: 'a clean-up of a file whose folder a cell below globs or lists',
      cells: [
        { code: 'import glob\nimport os\nimport pandas as pd', count: 1 },
        { code: '!rm data/old_2019.csv', count: 20 },
        {
          code: "df = pd.concat(pd.read_csv(f) for f in glob.glob('data/*.csv'))",
          count: 2
        },
        { code: '!rm -f raw/stale.csv', count: 21 },
        {
          code: "files = sorted(os.listdir('raw'))\nlatest = pd.read_csv(os.path.join('raw', files[-1]))",
          count: 3
        },
        { code: '%rm out/a/prev.csv', count: 22 },
        { code: '!ls out/a | wc -l', count: 4 }
      ],
      errors: [
        { message: 'ran as [2] after cell 2 ran as [20]', cell: 3 },
        { message: 'ran as [3] after cell 4 ran as [21]', cell: 5 },
        { message: 'ran as [4] after cell 6 ran as [22]', cell: 7 }
      ]
    },
    {
      // the attack review of s17-r13b: the removed file's path travels below in a name bound by
      // a cell that names it (`OUT = "out/model.pkl"`); a cell below reads it
      name: 'a clean-up of a file a cell below reads through a name bound to its path',
      cells: [
        { code: 'OUT = "out/model.pkl"', count: 1 },
        { code: '!rm out/model.pkl', count: 20 },
        { code: 'df = pd.read_csv(OUT)', count: 2 }
      ],
      errors: [{ message: 'ran as [2] after cell 2 ran as [20]', cell: 3 }]
    },
    {
      // the attack review: `~` (the home folder, expanded by the shell), `.` and `..` name no
      // file a cell names; a recursive removal of a folder another cell names a path under
      name: 'a clean-up of the home folder, the working folder or a folder a cell writes under',
      cells: [
        { code: '!rm -rf ~/', count: 20 },
        { code: 'y0 = f()', count: 1 },
        { code: '!rm -rf ~/cache/models', count: 21 },
        { code: 'y1 = f()', count: 2 },
        { code: '%rm -r .', count: 22 },
        { code: 'y2 = f()', count: 3 },
        { code: '!rm -r ..', count: 23 },
        { code: 'y3 = f()', count: 4 },
        { code: 'df.to_parquet("scratch/part-0.parquet")', count: 5 },
        { code: '!rm -r scratch', count: 24 },
        { code: 'y4 = g(df)', count: 6 }
      ],
      errors: [
        ...[1, 2, 3, 4].map(k => ({
          message: `ran as [${k}] after cell ${2 * k - 1} ran as [${19 + k}]`,
          cell: 2 * k
        })),
        { message: 'ran as [5] after cell 7 ran as [23]', cell: 9 },
        { message: 'ran as [6] after cell 10 ran as [24]', cell: 11 }
      ]
    },
    {
      // near misses of the listing: a listing bound to a name, a shell listing piped into a
      // command, a `%fs` command that writes, a listing of a path from a variable
      name: 'a listing that binds, pipes, writes or expands is a reference',
      cells: [
        { code: 'files = dbutils.fs.ls("/data")', count: 20 },
        { code: 'y0 = len(files)', count: 1 },
        { code: '!ls data | xargs rm', count: 21 },
        { code: 'y1 = f()', count: 2 },
        { code: '%fs rm -r /tmp/out', count: 22 },
        { code: 'y2 = f()', count: 3 },
        { code: '!ls $folder', count: 23 },
        { code: 'y3 = f()', count: 4 }
      ],
      errors: [1, 2, 3, 4].map(k => ({
        message: `ran as [${k}] after cell ${2 * k - 1} ran as [${19 + k}]`,
        cell: 2 * k,
        line: 1,
        column: 1
      }))
    },
    {
      // near misses of the clean-up: a file a cell below reads (a top-to-bottom run would
      // remove it first), a glob (which files is unknown), removal by a variable's path
      name: 'a clean-up of a file a cell below names, a glob or a variable is a reference',
      cells: [
        { code: '!rm -f data/glove.zip', count: 20 },
        { code: '!unzip data/glove.zip', count: 1 },
        { code: '!rm -rf out/*.parquet', count: 21 },
        { code: 'y1 = f()', count: 2 },
        { code: '!rm $ZIP', count: 22 },
        { code: 'y2 = f()', count: 3 }
      ],
      errors: [1, 2, 3].map(k => ({
        message: `ran as [${k}] after cell ${2 * k - 1} ran as [${19 + k}]`,
        cell: 2 * k,
        line: 1,
        column: 1
      }))
    },
    {
      name: 'a %%sql query that writes, or binds a Python name, re-run later is a reference',
      cells: [
        {
          code: '%%sql\nINSERT INTO t SELECT * FROM staging;',
          count: 10
        },
        { code: '%%sql\nSELECT COUNT(*) FROM t;', count: 2 },
        { code: '%%sql -o counts\nSELECT COUNT(*) FROM t;', count: 20 },
        { code: 'print(counts)', count: 11 }
      ],
      errors: [
        { message: 'Cell ran as [2] after cell 1 ran as [10]', cell: 2 },
        { message: 'Cell ran as [11] after cell 3 ran as [20]', cell: 4 }
      ]
    },
    {
      // review R3 nb101_sql2, nb101_sql3: a SELECT that calls a function changing a sequence or
      // a setting is no read-only query
      name: 'a %%sql SELECT of setval / set_config re-run later is a reference',
      cells: [
        { code: '%load_ext sql', count: 1 },
        { code: "%%sql\nSELECT setval('orders_id_seq', 100);", count: 5 },
        { code: "%%sql\nSELECT nextval('orders_id_seq');", count: 3 },
        {
          code: "%%sql\nSELECT set_config('search_path', 'staging', false);",
          count: 8
        },
        { code: '%%sql\nSELECT count(*) FROM orders;', count: 6 }
      ],
      errors: [
        { message: 'Cell ran as [3] after cell 2 ran as [5]', cell: 3 },
        { message: 'Cell ran as [6] after cell 4 ran as [8]', cell: 5 }
      ]
    },
    {
      name: 'a %%writefile cell whose path a cell above that ran later binds',
      cells: [
        { code: 'training_folder = "run-2"', count: 9 },
        {
          code: '%%writefile $training_folder/train.py\nimport pandas as pd',
          count: 5
        }
      ],
      errors: [{ message: 'Cell ran as [5] after cell 1 ran as [9]', cell: 2 }]
    },
    {
      // round 9: chineidu/MLOps_Tutorials other_notes/Ray/Core/01-intro.ipynb. The imports and
      // settings cell (display options, warnings, %load_ext, %autoreload 2) re-run last as [17]
      // changes nothing below; the pair out of order is cells 5 [16] and 6 [13]
      name: 'a settings cell re-run last is no reference; the message names the nearest cell above that ran later',
      cells: [
        {
          code: '# Built-in library\nimport json\nimport warnings\n\nimport numpy as np\nimport pandas as pd\n\n# NumPy settings\nnp.set_printoptions(precision=4)\n\n# Pandas settings\npd.options.display.max_rows = 1_000\npd.set_option("display.max_colwidth", 600)\n\nwarnings.filterwarnings("ignore")\n\n%load_ext lab_black\n%load_ext autoreload\n%autoreload 2',
          count: 17
        },
        {
          code: 'import time\n\nimport ray\n\ndatabase: list[str] = ["Learning", "Ray"]',
          count: 2
        },
        { md: '## Parallel Computing Using Ray' },
        { code: 'db_object_ref = ray.put(database)', count: 6 },
        {
          code: 'def parallel_call_updated_1():\n    return ray.get(db_object_ref)\n\nall_data = parallel_call_updated_1()',
          count: 16
        },
        { code: 'all_data', count: 13 }
      ],
      errors: [
        {
          message: 'Cell ran as [13] after cell 5 ran as [16] above it',
          cell: 6,
          line: 1,
          column: 1
        }
      ]
    },
    {
      // out of order through data only (rounds 17 and 18): of the cells above that ran later
      // and share a name with it, the latest run is named; an independent cell is not reported
      name: 'a cell is reported only with a data dependency, and the latest such run is named',
      cells: [
        { code: 'a = 1', count: 30 },
        { code: 'b = a + 1', count: 1 },
        { code: 'c = 2', count: 20 },
        { code: 'e = 5', count: 3 },
        { code: 'd = a + c', count: 10 },
        { code: 'print(d)', count: 4 },
        { code: 'c = 7', count: 6 },
        { code: 'print(c)', count: 40 }
      ],
      errors: [
        { message: 'ran as [1] after cell 1 ran as [30]', cell: 2 },
        { message: 'ran as [10] after cell 1 ran as [30]', cell: 5 },
        { message: 'ran as [4] after cell 5 ran as [10]', cell: 6 },
        // both bind c, and a cell below reads it: the order decides which value it printed
        { message: 'ran as [6] after cell 3 ran as [20]', cell: 7 }
      ]
    },
    {
      name: 'a setting from a variable may differ from run to run: the cell is a reference',
      cells: [
        {
          code: 'import pandas as pd\npd.set_option("display.max_rows", rows)',
          count: 8
        },
        { code: 'df = pd.DataFrame()', count: 4 }
      ],
      errors: [{ message: 'ran as [4] after cell 1 ran as [8]', cell: 2 }]
    },
    {
      // pandas options that change results, not how they print: the cells below ran without the
      // setting re-run last (display.* beside one does not make the line a display setting)
      name: 'a pandas option that changes results (mode., compute., future., io.) makes a cell a reference',
      cells: [
        {
          code: 'import pandas as pd\npd.set_option("mode.copy_on_write", True)',
          count: 8
        },
        { code: 'df = pd.DataFrame()', count: 4 },
        {
          code: 'pd.set_option("display.max_rows", 10, "mode.use_inf_as_na", True)',
          count: 9
        },
        { code: 'df2 = df.dropna()', count: 5 },
        { code: "pd.set_option('copy_on_write', True)", count: 10 },
        { code: 'df3 = df2.copy()', count: 6 },
        { code: 'pd.set_option("future.infer_string", True)', count: 11 },
        { code: 'df4 = df3.astype(str)', count: 7 }
      ],
      errors: [
        { message: 'ran as [4] after cell 1 ran as [8]', cell: 2 },
        { message: 'ran as [5] after cell 3 ran as [9]', cell: 4 },
        { message: 'ran as [6] after cell 5 ran as [10]', cell: 6 },
        { message: 'ran as [7] after cell 7 ran as [11]', cell: 8 }
      ]
    },
    {
      // the attack review of s18-prec: pandas finds an option by case-insensitive pattern
      // (_get_single_key: re.search(pat, key, re.I), used when one key matches), so only a key
      // starting display./styler. in any case, regex-free, is a display setting
      name: 'a pandas option named in another case or by a pattern that changes results makes a cell a reference',
      cells: [
        {
          code: "import pandas as pd\npd.set_option('Mode.Copy_On_Write', True)",
          count: 8
        },
        { code: 'df = pd.DataFrame()', count: 4 },
        { code: "pd.set_option('chained', 'raise')", count: 9 },
        { code: 'df2 = df.dropna()', count: 5 },
        {
          code: "pd.set_option('display.zz|mode.copy_on_write', True)",
          count: 10
        },
        { code: 'df3 = df2.copy()', count: 6 },
        // the near-miss: a display option in another case is still one
        { code: "pd.set_option('Display.Max_Rows', 10)", count: 11 },
        { code: 'df4 = df3.copy()', count: 7 }
      ],
      errors: [
        { message: 'ran as [4] after cell 1 ran as [8]', cell: 2 },
        { message: 'ran as [5] after cell 3 ran as [9]', cell: 4 },
        { message: 'ran as [6] after cell 5 ran as [10]', cell: 6 },
        // after cell 5, not cell 7: Display.Max_Rows is a setting, no reference
        { message: 'ran as [7] after cell 5 ran as [10]', cell: 8 }
      ]
    },
    {
      name: 'a mkdir that does more (a shell operator, a download after it) makes a cell a reference',
      cells: [
        { code: '!mkdir -p data && wget -q -O data/x.csv $URL', count: 10 },
        { code: 'df = pd.read_csv("data/x.csv")', count: 1 },
        { code: '!mkdir data\n!wget -q -O data/x.csv $URL', count: 11 },
        { code: 'df = pd.read_csv("data/x.csv")', count: 2 }
      ],
      errors: [
        { message: 'ran as [1] after cell 1 ran as [10]', cell: 2 },
        { message: 'ran as [2] after cell 3 ran as [11]', cell: 4 }
      ]
    },
    {
      name: 'a bare %autoreload, a print that calls, an import of a builtin name and a star import make a cell a reference',
      cells: [
        {
          code: '%load_ext autoreload\n%autoreload\nimport mymod',
          count: 20
        }, // a bare %autoreload reloads changed modules now (`%autoreload 2` only sets the mode)
        { code: 'y0 = f()', count: 1 },
        {
          code: 'from mlflow import MlflowClient\nprint(MlflowClient().transition_model_version_stage("m", 1, "Production"))',
          count: 21
        }, // a print that calls something
        { code: 'y1 = f(MlflowClient)', count: 2 },
        { code: 'import numpy as np\nfrom numpy import sum', count: 22 }, // an import that rebinds a builtin
        { code: 'y2 = sum([1])', count: 3 },
        { code: 'from helpers import *', count: 23 }, // a star import
        { code: 'y3 = f()', count: 4 }
      ],
      errors: [
        {
          message: 'ran as [1] after cell 1 ran as [20]',
          cell: 2,
          line: 1,
          column: 1
        },
        {
          message: 'ran as [2] after cell 3 ran as [21]',
          cell: 4,
          line: 1,
          column: 1
        },
        {
          message: 'ran as [3] after cell 5 ran as [22]',
          cell: 6,
          line: 1,
          column: 1
        },
        {
          message: 'ran as [4] after cell 7 ran as [23]',
          cell: 8,
          line: 1,
          column: 1
        }
      ]
    },
    {
      // the near-misses of the Kaggle template: a listing that is kept (bound), a style read
      // from a variable, a `#` inside a string (no comment: the print's argument calls)
      name: 'a listing bound to a name, a style from a variable, a print whose string holds a `#` and calls',
      cells: [
        {
          code: 'import os\nfiles = os.listdir("../input")  # the inputs',
          count: 20
        },
        { code: 'y0 = len(files)', count: 1 },
        {
          code: 'import matplotlib.pyplot as plt\nplt.style.use(STYLE)',
          count: 21
        },
        { code: 'y1 = f()', count: 2 },
        {
          code: 'import os\nprint("#", os.remove("x"))',
          count: 22
        },
        { code: 'y2 = f()', count: 3 }
      ],
      errors: [1, 2, 3].map(k => ({
        message: `ran as [${k}] after cell ${2 * k - 1} ran as [${19 + k}]`,
        cell: 2 * k,
        line: 1,
        column: 1
      }))
    },
    {
      name: 'a cell that imports and also computes is a reference',
      cells: [
        { code: 'import pandas as pd\ndf = pd.read_csv("x.csv")', count: 9 },
        { code: 'df.head()', count: 3 }
      ],
      errors: [
        {
          message: 'ran as [3] after cell 1 ran as [9]',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      cells: [
        { code: 'a = 1', count: 2 },
        { code: 'b = a', count: 1 },
        { code: 'c = 3', count: 3 }
      ],
      errors: [
        {
          message: 'Cell ran as [1] after cell 1 ran as [2]',
          messageId: 'outOfOrder',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      cells: [
        { code: 'x = 1', count: 7 },
        { md: '# h' },
        { code: 'y = x', count: 3 },
        { code: 'z = x', count: 5 }
      ],
      errors: [
        {
          message: 'ran as [3] after cell 1 ran as [7]',
          cell: 3,
          line: 1,
          column: 1
        },
        {
          message: 'ran as [5] after cell 1 ran as [7]',
          cell: 4,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
