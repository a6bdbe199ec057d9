import rule from '../../src/rules/absolute-path';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // round 21 (numpyro effect_handlers cell 49): a URL split over adjacent string literals,
      // whose later piece starts with `/`; the pieces across lines in brackets or on one line
      name: 'a later piece of adjacent string literals is part of their join, not a path',
      cells: [
        'data_url = (\n    "https://raw.githubusercontent.com/matheusfacure/"\n    "python-causality-handbook/master/causal-inference-for-the-brave-and-true"\n    "/data/collections_email.csv"\n)\ndf = pd.read_csv(data_url)',
        'url = "https://example.org" "/home/alice/x.csv"\nf = ("s3://bucket" f"/data/{name}.csv")'
      ]
    },
    {
      // round 21 (qlib workflow_by_code cell 3): a `~` scratch folder expanded into a name that a
      // later line makes, in the same cell or another
      name: 'a `~` folder expanded into a name that the notebook makes',
      cells: [
        'scripts_dir = Path("~/tmp/qlib_code/scripts").expanduser().resolve()\nscripts_dir.mkdir(parents=True, exist_ok=True)\nopen(scripts_dir.joinpath("get_data.py"), "wb")',
        'cache = os.path.expanduser("~/scratch/cache")\nlog = "~/scratch/cache/run.log"',
        'os.makedirs(cache, exist_ok=True)'
      ]
    },
    {
      // rounds 13, 15, 16: a `~` folder made for whoever runs the notebook, by a library that
      // downloads into it or by the notebook itself; the default users' homes of platform images
      // (rounds 15, 14); a pipeline parameter's default, a path in its containers (round 16)
      name: 'per-user folders the notebook or a downloader makes, platform homes, pipeline defaults',
      cells: [
        "mnist = torchvision.datasets.FashionMNIST(root='~/Datasets/FashionMNIST', train=True, download=True)\nmnist = fetch_mldata('MNIST original', data_home='~/Desktop/alternativeData')",
        '!mkdir -p ~/tmp/compressed-files-lab\n!cp /opt/x/*.gz ~/tmp/compressed-files-lab',
        "names = os.listdir(os.path.expanduser('~/tmp/compressed-files-lab'))\nf = '~/tmp/compressed-files-lab/a.gz'",
        "dir = '/home/ec2-user/spark/'\nwork = '/home/jovyan/work/data.csv'\nattrition = '/opt/notebooks/ads-examples/oracle_data/orcl_attrition.csv'\ncmd = ['--model', f'/opt/ds/model/deployed_model/{prefix}']",
        // round 13 (AzureML-BERT): the interpreter in the estimator's custom Docker image
        "estimator._estimator_config.environment.python.interpreter_path = '/opt/miniconda/envs/amlbert/bin/python'\nenv.docker.base_dockerfile = '/opt/docker/Dockerfile'",
        '@dsl.pipeline(name="fan-out")\ndef fan_out(data_path: str = "/data/latest"):\n    split_data(data_path=data_path)',
        // round 16's MLOps workshop (corpus diff, session 22): a component's body and a pipeline's
        // call of a component name paths in the step's containers
        '@component(base_image="python:3.11")\ndef prepare(date: str):\n    output_path = f"/data/processed/{date}/dataset.csv"\n@dsl.pipeline(name="p")\ndef p():\n    for i in range(3):\n        train(data_chunk=f"/data/chunk_{i}")'
      ]
    },
    {
      // near misses of round 21's attack review R7: a made folder the notebook downloads into or
      // writes into, then reads; a folder made on a line whose comment names another
      name: 'a made `~` folder the notebook fills, then reads',
      cells: [
        '!mkdir -p ~/data/cifar  # then download\n!wget -P ~/data/cifar https://example.org/cifar.tgz\nlabels = pd.read_csv("~/data/cifar/labels.csv")',
        "out = os.path.expanduser('~/runs/exp1')\nos.makedirs(out, exist_ok=True)\ndf.to_csv(os.path.join(out, 'preds.csv'))\nback = pd.read_csv(os.path.join(out, 'preds.csv'))"
      ]
    },
    {
      // round 17 (precision-verdicts-17 rows 31-36: MS Learn's Synapse labs 11, 14, 17): Synapse
      // Spark reads '/data/...' from the workspace's primary data-lake container
      name: 'a path Spark reads in a Synapse or Fabric notebook is on the workspace data lake',
      cells: [
        "airports = spark.read.csv('/data/airports.csv', header=True, inferSchema=True)",
        "csv = '/data/raw-flight-data.csv'\nflights = spark.read.csv(csv, schema=flightSchema, header=True)",
        "df.write.mode('overwrite').parquet('/data/out/flights')\nmssparkutils.fs.ls('/data/out')",
        // near misses of a pandas write after toPandas(): the Spark read before it, a name read
        // by Spark before the chain leaves it, and a session held by an object
        "pdf = spark.read.csv('/data/in.csv').toPandas()\nsrc = '/data/raw/'\nn = spark.read.parquet(src).count()\nt = self.spark.read.json('/data/events')"
      ],
      metadata: {
        kernel_info: { name: 'synapse_pyspark' },
        kernelspec: {
          name: 'python3',
          display_name: 'Python 3',
          language: 'python'
        }
      }
    },
    {
      name: 'paths of a deployment or job container, and platform container paths',
      cells: [
        'deployment = ManagedOnlineDeployment(name="blue", environment_variables={"MODEL_DIR": "/var/models/v1"})\njob = command(code="./src", command="python train.py --out /data/out")\nenv = {"env": {"DATA": "/data/in"}}\nmodel_path = "/var/azureml-app/azureml-models/m/1"'
      ]
    },
    {
      // round 14 (lamastex scalable-data-science, a student project): a data folder Spark loads
      // in a Databricks notebook is on DBFS, written there by the project's other notebook
      name: 'a data folder Spark or dbutils.fs reads on Databricks is on DBFS',
      text: '# Databricks notebook source\nfor i in range(10):\n  data_path = "/projects/group21/uniform_SingularValues" + str(i)\n  sv = spark.read.format("parquet").load(data_path).toPandas()\n\n# COMMAND ----------\ndf = spark.read.csv("/data/flights.csv")\n'
    },
    {
      name: 'a /mnt path on Databricks is a DBFS mount (databricks-legacy-dbfs-path reports it)',
      cells: ['df = spark.read.load("/mnt/raw/events")'],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'etl' }
      }
    },
    {
      cells: [
        'df = pd.read_csv("data/train.csv")\nurl = "https://x.org/home/a"'
      ]
    },
    {
      cells: [
        'p = "/dbfs/x"\nq = "/Volumes/main/raw/files/a.csv"\nr = "/tmp/scratch"'
      ]
    },
    { name: 'comments are not strings', cells: ['# see /home/alice/notes'] },
    {
      // mlflow-eval-workshop's ~/.guardrailsrc, interpret's benchmark cache ~/.powerlift
      name: "a tool's per-user config or cache under ~",
      cells: [
        '_rc_path = os.path.expanduser("~/.guardrailsrc")\ncache_dir = "~/.powerlift"\nhf = Path("~/.cache/huggingface").expanduser()'
      ]
    },
    {
      // fabric-toolbox's Gateway Config: the on-premises data gateway's standard log folder
      name: "Windows' own folders",
      cells: [
        'cfg = {"GatewayLogsPath": [r"C:\\Windows\\ServiceProfiles\\PBIEgwService\\AppData\\Local"], "Exe": "C:/Program Files (x86)/Tool/tool.exe"}'
      ]
    },
    {
      // databricks-industry-solutions/smart-claims setup/initialize: the running user's folder
      name: 'a home folder whose user is a placeholder filled at run time',
      cells: [
        "config = {\n  'damage_severity_model_dir': '/Users/{}/car_damage_severity'.format(user),\n  'home': '/home/%s/data' % getpass.getuser(),\n  'out': '/Users/{user}/out'.format(user=u),\n}"
      ]
    },
    {
      name: 'the tail of a concatenation, and probes of the machine the notebook runs on',
      cells: [
        'train = Input(path=parent_dir + "/data/")\nout = base + "/opt/models/" + name',
        'IS_WORKBENCH = os.path.exists("/opt/deeplearning/metadata/env_version")\nif Path("/opt/conda").is_dir():\n    pass',
        'mlflow.set_experiment("/Users/{}/var".format(user))\nmlflow.set_experiment("/Users/ana@corp.com/churn")\ndbutils.fs.mount(source=src, mount_point="/mnt/%s" % name)\ndbutils.fs.rm("/Users/demo/checkpoint", recurse=True)'
      ]
    },
    {
      // round 10, rows 22-24 and 26: Databricks notebooks that create and fill the folder on
      // DBFS (`%fs mkdirs`, dbutils.fs.mkdirs("dbfs:/..."), a write through /dbfs) and read it
      // through Spark by its DBFS path
      name: 'a path in a folder the Databricks notebook itself names on DBFS',
      text: '# Databricks notebook source\n# MAGIC %fs mkdirs /home/fs/banking_personalization/\n\n# COMMAND ----------\nfor i in range(3):\n  dbutils.fs.put("/home/fs/banking_personalization/p_{}.json".format(i), entry, True)\ninput_path = "/home/fs/banking_personalization/"\nschema = spark.read.format("json").load(input_path).schema\n\n# COMMAND ----------\ndbutils.fs.mv("file:/databricks/driver/2019-Oct.csv", "dbfs:/Users/ecommerce-demo/2019-Oct.csv")\ndbutils.fs.mkdirs("dbfs:/Users/ecommerce-demo/StreamingCheckpoint")\ndf = spark.read.option("header", "true").csv("/Users/ecommerce-demo/*.csv")\nq = df.writeStream.option("checkpointLocation", "/Users/ecommerce-demo/StreamingCheckpoint").table("t")\n\n# COMMAND ----------\npd_df.to_csv("/dbfs/Users/shop-demo/Streaming/{}.csv".format(t))\ns = spark.readStream.load("/Users/shop-demo/Streaming")\n'
    },
    {
      // round 10, row 25: a dbldatagen value template (\\n is a number), no UNC path
      name: "a data generator's template that starts with two backslashes",
      cells: [
        'spec = spec.withColumn("ip_address", template=r"\\\\n.\\\\n.\\\\n.\\\\n")'
      ]
    }
  ],
  invalid: [
    {
      // near misses of a data folder on DBFS: pandas reads it from the driver's disk, and a
      // pandas write after toPandas() writes there
      name: 'a data folder pandas reads or writes in a Databricks notebook',
      text: '# Databricks notebook source\nimport pandas as pd\na = pd.read_csv("/data/flights.csv")\nspark.sql("SELECT 1").toPandas().to_csv("/data/out.csv")\n',
      errors: [
        { message: '/data/flights.csv', cell: 1, line: 2 },
        { message: '/data/out.csv', cell: 1, line: 3 }
      ]
    },
    {
      // near misses: a `~` path no code makes (its sibling is made), one passed to a call that
      // does not download (download=False), another user's home, a plain function's default
      name: 'per-user paths nothing makes, other homes, a default of an undecorated function',
      cells: [
        '!mkdir -p ~/tmp/lab\nf = "~/tmp/lab2/a.gz"\nd = CIFAR10(root="~/Datasets/CIFAR", download=False)',
        "p = '/home/alice/data.csv'\ndef load(data_path: str = '/data/latest'):\n    return data_path",
        "config.output_dir = '/opt/work/out'"
      ],
      errors: [
        { message: '~/tmp/lab2/a.gz', cell: 1, line: 2 },
        { message: '~/Datasets/CIFAR', cell: 1, line: 3 },
        { message: '/home/alice/data.csv', cell: 2, line: 1 },
        { message: '/data/latest', cell: 2, line: 2 },
        { message: '/opt/work/out', cell: 3, line: 1 }
      ]
    },
    {
      // near misses: the driver's own reads in a Synapse notebook, and Spark's in a plain one
      name: 'pandas or open() in a Synapse notebook, Spark in a local notebook',
      cells: [
        "import pandas as pd\nlocal = pd.read_csv('/data/airports.csv')\nspark.createDataFrame(pd.read_csv('/data/x.csv'))",
        "f = open('/data/notes.txt')"
      ],
      metadata: {
        kernel_info: { name: 'synapse_pyspark' },
        kernelspec: {
          name: 'python3',
          display_name: 'Python 3',
          language: 'python'
        }
      },
      errors: [
        { message: '/data/airports.csv', cell: 1, line: 2 },
        { message: '/data/x.csv', cell: 1, line: 3 },
        { message: '/data/notes.txt', cell: 2, line: 1 }
      ]
    },
    {
      // session 19's review: in a Synapse or Fabric notebook, pandas writing what a Spark chain
      // brought to the driver (`toPandas()`) writes the driver's local disk, directly or through
      // a name; the chain's own Spark calls keep their exemption
      name: 'a pandas write at the end of a Spark chain in a Synapse notebook',
      cells: [
        "spark.sql('SELECT * FROM flights').toPandas().to_csv('/data/report.csv')",
        "out = '/data/summary.csv'\ndf.groupBy('a').count().toPandas().to_csv(out)",
        "spark.read.csv('/data/in.csv').toPandas().to_csv('/data/local.csv')\nrows = spark.table('t').collect()\npd.DataFrame(rows).to_parquet('/data/rows.parquet')"
      ],
      metadata: {
        kernel_info: { name: 'synapse_pyspark' },
        kernelspec: {
          name: 'python3',
          display_name: 'Python 3',
          language: 'python'
        }
      },
      errors: [
        { message: '/data/report.csv', cell: 1, line: 1 },
        { message: '/data/summary.csv', cell: 2, line: 1 },
        { message: '/data/local.csv', cell: 3, line: 1 },
        { message: '/data/rows.parquet', cell: 3, line: 3 }
      ]
    },
    {
      name: 'Spark reading /data in a notebook of no cluster workspace',
      cells: ["airports = spark.read.csv('/data/airports.csv')"],
      errors: [{ message: '/data/airports.csv', cell: 1, line: 1 }]
    },
    {
      // lone '\r' line ends: the name and the Spark call are on different lines, so pandas
      // reads the path from the driver's disk (no line reads it through DBFS)
      name: 'a path pandas reads, a Spark call on another line after a lone \\r',
      cells: [
        'dbutils.fs.mkdirs("dbfs:/home/alice/ckpt")',
        'import pandas as pd\rp = "/home/alice/ckpt/a.csv"\rdf = pd.read_csv(p)\rs = spark.read.csv("dbfs:/x")'
      ],
      errors: [{ message: '"/home/alice/ckpt/a.csv"', cell: 2, line: 2 }]
    },
    {
      // round 10's attack review, D4: pandas and open() read the driver's local disk, not DBFS,
      // and a parent of a folder the notebook names on DBFS is no DBFS folder
      name: 'a path in or above a DBFS folder that pandas, open() or Spark reads as a local path',
      text: '# Databricks notebook source\ndbutils.fs.mkdirs("dbfs:/home/alice/ckpt/run1")\n\n# COMMAND ----------\nimport pandas as pd\na = pd.read_csv("/home/alice/ckpt/run1/data.csv")\nb = open("/home/alice/ckpt/run1/x.txt")\nc = spark.read.csv("/home/alice/ckpt/other.csv")\nd = spark.read.csv("/home/alice/ckpt/run1/ok.csv")\n',
      errors: [
        { message: '"/home/alice/ckpt/run1/data.csv"', cell: 2 },
        { message: '"/home/alice/ckpt/run1/x.txt"', cell: 2 },
        { message: '"/home/alice/ckpt/other.csv"', cell: 2 }
      ]
    },
    {
      // round 21's attack review, R1: pandas and open() read the driver's disk, also when their
      // value or the path's name is then given to Spark or sits on a line that mentions `spark.`;
      // a real shape: a Databricks notebook that loads a small local CSV into a Spark frame
      name: 'a data folder pandas or open() reads inside or beside a Spark call on Databricks',
      text: '# Databricks notebook source\nimport pandas as pd\ndf = spark.createDataFrame(pd.read_csv("/data/raw/x.csv"))\nlocal_path = "/data/raw/y.csv"\nsdf = spark.createDataFrame(pd.read_csv(local_path))\np = "/data/raw/x.json"\nprint(spark.version, p)\ncfg = open(p).read()\n\n# COMMAND ----------\nairports = "/data/ref/airports.csv"\nairports_df = spark.createDataFrame(pd.read_csv(airports, sep=";")); spark.read.csv(other).count()\nflights = spark.read.csv(os.path.join("/data/flights", day))\n',
      errors: [
        { message: '"/data/raw/x.csv"', cell: 1, line: 2 },
        { message: '"/data/raw/y.csv"', cell: 1, line: 3 },
        { message: '"/data/raw/x.json"', cell: 1, line: 5 },
        { message: '"/data/ref/airports.csv"', cell: 2, line: 1 }
      ]
    },
    {
      // round 21's attack review R7 and round 22's F5.3-F5.4: a folder named only in a comment,
      // a made folder the notebook reads files from that nothing puts there, a SageMaker notebook
      // instance's own volume, ZenML's bare @pipeline (runs locally by default), a later piece of
      // adjacent literals after a first piece that is no URL, and an f-string
      name: 'made-folder, platform, pipeline and joined-literal guesses that miss',
      cells: [
        '# mkdir ~/data before running\nlabels = pd.read_csv("~/data/my_labels_v3.csv")',
        '!mkdir -p ~/data/cifar\nlabels = pd.read_csv("~/data/cifar/my_labels_v3.csv")',
        "data_dir = os.path.expanduser('~/datasets/kaggle')\nos.makedirs(data_dir, exist_ok=True)",
        "df = pd.read_csv(os.path.join(data_dir, 'train.csv'))",
        'df = pd.read_csv("/home/ec2-user/SageMaker/my_project/train.csv")',
        'from zenml import pipeline, step\n@pipeline\ndef train(data_path: str = "/Users/alice/data/train.csv"):\n    load(data_path)',
        "a = spark.read.csv('file:' '/Users/alice/projects/data/train.csv')\nb = pd.read_csv('' '/Users/alice/x.csv')\nc = pd.read_csv(f\"/data/out/{day}.csv\")\nexp = f\"/Users/{w.current_user.me().user_name}/genie\""
      ],
      errors: [
        { message: '"~/data/my_labels_v3.csv"', cell: 1, line: 2 },
        { message: '"~/data/cifar/my_labels_v3.csv"', cell: 2, line: 2 },
        { message: '"~/datasets/kaggle"', cell: 3, line: 1 },
        { message: '"/home/ec2-user/SageMaker/my_project/train.csv"', cell: 5 },
        { message: '"/Users/alice/data/train.csv"', cell: 6, line: 3 },
        { message: '"/Users/alice/projects/data/train.csv"', cell: 7, line: 1 },
        { message: '"/Users/alice/x.csv"', cell: 7, line: 2 },
        { message: '"/data/out/{day}.csv"', cell: 7, line: 3 }
      ]
    },
    {
      name: 'a UNC path (host and share) is still absolute',
      cells: ['p = r"\\\\fileserver\\team\\data.csv"'],
      errors: [
        { message: 'Absolute path "\\\\fileserver\\team\\data.csv"', cell: 1 }
      ]
    },
    {
      // the DBFS folders a Databricks notebook names cover their own folder only, and a plain
      // notebook's home paths are the author's
      name: 'a home path outside the folders a Databricks notebook names on DBFS, and in a plain notebook',
      text: '# Databricks notebook source\ndbutils.fs.mkdirs("dbfs:/Users/demo/Streaming")\nlocal = "/Users/alice/Downloads/data.csv"\n',
      errors: [
        {
          message: 'Home-directory path "/Users/alice/Downloads/data.csv"',
          cell: 1
        }
      ]
    },
    {
      name: 'a plain Jupyter notebook that names the folder under /dbfs is no Databricks notebook',
      cells: ['out = "/dbfs/Users/demo/x.csv"\np = "/Users/demo/x.csv"'],
      errors: [{ message: 'Home-directory path "/Users/demo/x.csv"', cell: 1 }]
    },
    {
      // the exemptions are for a tool's dot-folder under `~` and Windows' own folders only: a
      // named user's dot-folder, a project under `~`, and a user's folder on C: are reported
      name: 'near the per-user and Windows exemptions',
      cells: [
        'a = "/home/alice/.config/tool"\nb = "~/projects/.data"\nc = r"C:\\Users\\bob\\.aws"\nd = r"C:\\Windows_data\\x.csv"'
      ],
      errors: [
        { message: 'Home-directory path "/home/alice/.config/tool"', cell: 1 },
        { message: 'Path "~/projects/.data" is in the home folder', cell: 1 },
        { message: 'Home-directory path "C:\\Users\\bob\\.aws"', cell: 1 },
        { message: 'Absolute path "C:\\Windows_data\\x.csv"', cell: 1 }
      ]
    },
    {
      // review of s13-prec2: `..` walks out of the exempt folder, and ProgramData holds the
      // machine's own data
      name: 'paths that leave the per-user and Windows exemptions',
      cells: [
        'a = "~/../alice/data/train.csv"\nb = r"~/..\\bob\\data.csv"\nc = r"C:\\Windows\\..\\Users\\me\\data.csv"\nd = "C:/Program Files/../Users/me/data.csv"\ne = r"C:\\ProgramData\\me\\proj\\train.csv"'
      ],
      errors: [
        { message: 'Path "~/../alice/data/train.csv" is in the home', cell: 1 },
        { message: 'Path "~/..\\bob\\data.csv" is in the home', cell: 1 },
        {
          message: 'Absolute path "C:\\Windows\\..\\Users\\me\\data.csv"',
          cell: 1
        },
        {
          message: 'Absolute path "C:/Program Files/../Users/me/data.csv"',
          cell: 1
        },
        {
          message: 'Absolute path "C:\\ProgramData\\me\\proj\\train.csv"',
          cell: 1
        }
      ]
    },
    {
      name: "a placeholder further down a named user's home is still that user's",
      cells: ['p = "/Users/jules@databricks.com/{}".format(name)'],
      errors: [
        {
          message: 'Home-directory path "/Users/jules@databricks.com/{}"',
          cell: 1,
          line: 1,
          column: 5,
          endLine: 1,
          endColumn: 37
        }
      ]
    },
    {
      cells: [
        'df = pd.read_csv("/home/alice/data.csv")',
        'm = load(r"C:\\Users\\bob\\model.pkl")\nout = "/mnt/data/out.parquet"'
      ],
      errors: [
        {
          message: 'Home-directory path "/home/alice/data.csv"',
          messageId: 'homePath',
          cell: 1,
          line: 1,
          column: 18
        },
        {
          message: 'Home-directory path "C:\\Users\\bob\\model.pkl"',
          cell: 2,
          line: 1,
          column: 10
        },
        {
          message: 'Absolute path "/mnt/data/out.parquet"',
          messageId: 'absolutePath',
          cell: 2,
          line: 2,
          column: 7
        }
      ]
    },
    {
      name: 'a concatenation that starts with the path, and a path only passed to Path()',
      cells: [
        'f = "/data/raw/" + name\np = Path("/opt/models/m.pkl")\nok = os.path.exists(p)'
      ],
      errors: [
        { message: '"/data/raw/"', cell: 1, line: 1, column: 5 },
        { message: '"/opt/models/m.pkl"', cell: 1, line: 2, column: 10 }
      ]
    },
    {
      cells: ["open('~/keys.txt')"],
      errors: [{ message: '"~/keys.txt"', cell: 1, line: 1, column: 6 }]
    },
    {
      // round 22 (stellargraph's demos): `~` is the reader's own home, so the message says the
      // folder must be set up by hand there, not that it is the author's
      name: "a `~` data folder nothing in the notebook makes: each user's home, set up by hand",
      cells: [
        'data_dir = os.path.expanduser("~/data/hateful-twitter-users")\nraw = pd.read_csv("~/data/globalterrorismdb_0718dist.csv", sep=",")'
      ],
      errors: [
        {
          message:
            'Path "~/data/hateful-twitter-users" is in the home folder of whoever runs the notebook, and nothing in the notebook puts it there',
          messageId: 'userHomePath',
          cell: 1,
          line: 1,
          column: 31
        },
        {
          message: 'Path "~/data/globalterrorismdb_0718dist.csv"',
          messageId: 'userHomePath',
          cell: 1,
          line: 2
        }
      ]
    },
    {
      // near misses of round 21's exemptions: a first piece that is itself a path, a name made
      // that holds another folder, a `~` folder assigned without expanduser (made literally as
      // `./~/...`), and a folder made for a different name
      name: 'the first piece of adjacent literals, and `~` folders no line makes',
      cells: [
        'p = ("/home/alice/data" "/train.csv")',
        'a = Path("~/tmp/a").expanduser()\nb = Path("~/tmp/b")\nc = os.path.expanduser("~/tmp/c")\nb.mkdir()\nother.mkdir(parents=True)'
      ],
      errors: [
        { message: 'Home-directory path "/home/alice/data"', cell: 1 },
        { message: '"~/tmp/a"', cell: 2, line: 1 },
        { message: '"~/tmp/b"', cell: 2, line: 2 },
        { message: '"~/tmp/c"', cell: 2, line: 3 }
      ]
    }
  ]
});
