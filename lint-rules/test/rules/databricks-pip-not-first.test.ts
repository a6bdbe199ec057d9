import rule from '../../src/rules/databricks-pip-not-first';
import { runRuleTests } from './ruleTester';

// databricks-industry-solutions/customer-er 03_Incremental_Workflow.py, cell 3: a precondition check
const ZINGG_CHECK =
  "# DBTITLE 1,Verify Zingg JAR Installed\n# set default zingg path\nzingg_jar_path = None\n\n# for each jar in the jars folder\nfor j in dbutils.fs.ls('/FileStore/jars') + dbutils.fs.ls('/tmp/solacc/customer_er/jar/'): # either manually extracted and uploaded jar or use the RUNME Notebook automation\n  # locate the zingg jar\n  if '-zingg_' in j.path:\n    zingg_jar_path = j.path\n    print(f'Zingg JAR found at {zingg_jar_path}')\n    break\n    \nif zingg_jar_path is None: \n  raise Exception('The Zingg JAR was NOT found.  Please install the JAR file before proceeding.')\n";

runRuleTests(rule, {
  valid: [
    {
      // the near-miss of the attack review's D3 cases: a volume path the code reads
      name: 'Databricks: a volume path the code reads (plain literal) is 13.3+',
      path: 'v.py',
      text: '# Databricks notebook source\ncatalog = dbutils.widgets.get("catalog")\ndf = spark.read.csv("/Volumes/main/raw/files/x.csv")\n\n# COMMAND ----------\n\n# MAGIC %pip install openai\n\n# COMMAND ----------\n\nprint(catalog, df)\n'
    },
    {
      name: 'a package named like a built-in object property (crashed the rule)',
      cells: [
        'import pandas as pd',
        '%pip install constructor==1.0 toString==2.0'
      ]
    },
    {
      // Ultralytics' YOLOv8 tutorial, appendix: clone and install editable for the shell commands
      // that follow; no Python cell below uses the ultralytics imported above
      name: 'plain Jupyter: the stale import is never used below (only shell commands follow)',
      cells: [
        '%pip install ultralytics\nimport ultralytics\nultralytics.checks()',
        '!yolo predict model=yolov8n.pt',
        'from ultralytics import YOLO\nmodel = YOLO("yolov8n.pt")',
        '!git clone https://github.com/ultralytics/ultralytics -b main\n%pip install -qe ultralytics',
        '!pytest ultralytics/tests',
        "for x in 'nsmlx':\n  !yolo val model=yolov8{x}.pt data=coco.yaml"
      ]
    },
    {
      // caspers-kitchens jobs/support_request_agent_stream: a job that streams into a Unity
      // Catalog volume runs on Databricks Runtime 13.3+, where %pip keeps Python state
      name: 'Databricks: a notebook on a Unity Catalog volume (13.3+) loses nothing at %pip',
      path: 'stream.py',
      text: '# Databricks notebook source\nCATALOG = dbutils.widgets.get("CATALOG")\n\n# COMMAND ----------\n\n# MAGIC %pip install openai\n\n# COMMAND ----------\n\nfrom openai import OpenAI\nCHECKPOINT_PATH = f"/Volumes/{CATALOG}/support/checkpoints/stream"\n'
    },
    {
      // caspers-kitchens stages/lakebase: an .ipynb exported from serverless compute names its
      // environment version
      name: 'Databricks: a notebook for a serverless environment loses nothing at %pip',
      cells: [
        'INSTANCE = dbutils.widgets.get("INSTANCE")',
        '%pip install openai',
        'print(INSTANCE)'
      ],
      metadata: {
        'application/vnd.databricks.v1+notebook': {
          notebookName: 'lakebase',
          environmentMetadata: {
            base_environment: '',
            environment_version: '3'
          }
        }
      }
    },
    {
      name: 'plain Jupyter: %pip after work on other packages keeps the kernel state',
      cells: [
        'import pandas as pd\ndf = pd.read_csv("d.csv")',
        '%pip install xgboost==2.0.3',
        'import xgboost'
      ]
    },
    {
      cells: [
        { md: '# t' },
        '%pip install a==1',
        '# comment only',
        '%pip install b==2',
        'import a'
      ]
    },
    {
      // mlops-on-gcp's TFX labs: check the versions, install if they differ, then the
      // Markdown says to restart the kernel (the imported version is reloaded)
      name: 'plain Jupyter: the notebook restarts the kernel right after the install',
      cells: [
        'import tensorflow as tf\nimport tfx',
        'print("TF", tf.__version__)',
        {
          md: '(Optional) Run the cell below only if your package versions do not match.'
        },
        '%pip install --upgrade --user tensorflow==2.3.1\n%pip install --upgrade --user tfx==0.25.0',
        {
          md: '**Restart the kernel by using Kernel > Restart kernel > Restart.**'
        },
        'import sklearn',
        '%pip install scikit-learn==1.5.0\n# then restart the kernel',
        'import pandas',
        '%pip install pandas==2.2.0',
        '',
        'import IPython\nIPython.Application.instance().kernel.do_shutdown(True)'
      ]
    },
    {
      // databricks-industry-solutions/many-model-forecasting examples/run_daily: a job's
      // parameters declared first; widgets outlive the Python restart of %pip
      name: 'Databricks: a cell above only declares widgets',
      text: '# Databricks notebook source\ndbutils.widgets.text("catalog", "")\ndbutils.widgets.dropdown("model", "a", ["a", "b"])  # the model\n\n# COMMAND ----------\n\nmodel_class = "global" if "Neural" in dbutils.widgets.get("model") else "foundation"\n%pip install -r ../requirements-{model_class}.txt --quiet\ndbutils.library.restartPython()\n',
      path: 'run_daily.py'
    },
    {
      // amesar/mlflow-examples 03b_Inference-Autogenerated.py: Databricks' generated notebook
      // downloads the model's requirements.txt, then installs it
      name: "Databricks: the %pip expands a variable the work above computes (the install's input)",
      path: '03b_Inference-Autogenerated.py',
      text: '# Databricks notebook source\nmodel_name = "mini_mlops_pipeline"\n\n# COMMAND ----------\n\nimport os\nfrom mlflow.store.artifact.models_artifact_repo import ModelsArtifactRepository\nlocal_path = ModelsArtifactRepository(f"models:/{model_name}/Production").download_artifacts("")\nrequirements_path = os.path.join(local_path, "requirements.txt")\n\n# COMMAND ----------\n\n# MAGIC %pip install -r $requirements_path\n\n# COMMAND ----------\n\n# redefining key variables here because %pip and %conda restarts the Python interpreter\nmodel_name = "mini_mlops_pipeline"\n'
    },
    {
      // databricks-industry-solutions/customer-er 03_Incremental_Workflow.py: the cell above only
      // checks that the Zingg JAR is there; what it binds is never read after the %pip
      name: 'Databricks: a cell above only checks a precondition',
      path: '03_Incremental_Workflow.py',
      text:
        '# Databricks notebook source\n# MAGIC %md The purpose of this notebook is to perform incremental processing.\n\n# COMMAND ----------\n\n' +
        ZINGG_CHECK +
        '\n# COMMAND ----------\n\n# DBTITLE 1,Install Zingg Python Library\n# MAGIC %pip install zingg\n\n# COMMAND ----------\n\n# MAGIC %run "./00_Intro_&_Config"\n'
    },
    {
      // round 9: databricks-ml-examples codellama-13b 01_load_inference.py, cells 16 and 27: a
      // deliberate restart to free GPU memory, and everything read after it is loaded again
      name: 'Databricks: a %pip that restarts on purpose, after which the notebook loads again what it uses',
      cells: [
        'import torch\nfrom transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained("codellama")',
        'print(model.generate("def f():"))',
        '# Restart the Python repl to release the occupied GPU memory.\n%pip install -U transformers==4.33.3\n%pip install -U flash-attn==2.3.0\ndbutils.library.restartPython()',
        'import torch\nfrom transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained("codellama", use_flash_attention_2=True)',
        'print(model.generate("def g():"))'
      ],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'nb' }
      }
    },
    {
      // round 9: databricks-ml-examples mistral-7b and llamav2-7b 04_langchain.py: a second
      // section opens with its own %pip and binds again what it reads
      name: 'Databricks: a second section that opens with its own %pip and re-binds its names',
      cells: [
        '%pip install -q -U langchain\ndbutils.library.restartPython()',
        'from langchain.llms import Databricks\nllm = Databricks(endpoint_name="mistral")',
        'print(llm("How are you?"))',
        { md: '## Wrapping a cluster driver proxy app' },
        '%pip install -q -U langchain\ndbutils.library.restartPython()',
        'from langchain.llms import Databricks\nllm = Databricks(cluster_driver_port="7777")',
        'print(llm("How are you?"))'
      ],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'nb' }
      }
    },
    {
      // round 9: databricks-blogposts 1-Create-function-and-Sample-Data.ipynb: nothing bound
      // above (result, rename_columns) is read after the %pip
      name: 'Databricks: a %pip with nothing bound above read after it',
      cells: [
        'result = spark.sql("SELECT 1")\ndef rename_columns(df):\n    return df\ndisplay(rename_columns(result))',
        'if os.environ.get("X") is None:\n  os.environ["X"] = "1"',
        '%pip install Faker',
        'from faker import Faker\nfake = Faker()\ndf_synthetic = spark.createDataFrame([(fake.name(),)])',
        'display(df_synthetic)'
      ],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'nb' }
      }
    },
    {
      name: 'Databricks: a %run below the %pip may bind again what the cells above bound',
      path: 'serve.py',
      text: '# Databricks notebook source\nimport os\nfrom databricks import sdk\n\n# COMMAND ----------\n\n# MAGIC %pip install -U databricks-sdk\n\n# COMMAND ----------\n\n# MAGIC %run ../Common\n\n# COMMAND ----------\n\nprint(os.environ["HOME"], sdk.version)\n'
    },
    {
      name: 'Databricks: a package upgraded after a cell above imported it, then Python restarted',
      path: 'upgraded_then_restarted.py',
      text: "# Databricks notebook source\nimport mlflow\nprint(mlflow.__version__)\n\n# COMMAND ----------\n\n# MAGIC %pip install -U mlflow==2.14.1\n\n# COMMAND ----------\n\ndbutils.library.restartPython()\n\n# COMMAND ----------\n\nimport mlflow\nmlflow.log_param('a', 1)\n"
    },
    {
      // Databricks Runtime 12.2 LTS, the last runtime that reset Python state at %pip itself,
      // left support on 2026-03-01: without a restart after it, a %pip loses nothing (round 4's
      // dbdemos volume loader, round 12's serverless pipeline stage, round 15's GWAS job on 15.4)
      name: 'Databricks: %pip with no restart after it keeps the names bound above',
      cells: [
        'df = spark.table("raw")\nmodel = train(df)',
        '%pip install shap==0.45.0',
        'import shap\nshap.Explainer(model)(df)'
      ],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'nb' }
      }
    },
    {
      // a restart further down (not right after the %pip) is another cell's business, and
      // words are no restart
      name: 'Databricks: a restart that is not right after the %pip, or only said in words',
      cells: [
        'volume_folder = dbutils.widgets.get("volume_folder")',
        '%pip install awscli\n# restart the Python kernel if the import fails',
        'print(volume_folder)',
        'dbutils.library.restartPython()',
        'print("done")'
      ],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'nb' }
      }
    },
    {
      // round 24 rows 161, 162 (whylogs python/examples/integrations/writers/Writing_Profiles.ipynb
      // cells 26 and 42, after cell 8's `import whylogs as why`): an extra of a package already
      // installed, no version and no -U: pip leaves whylogs as it is and adds the extra's
      // dependencies, imported after the install; nothing the kernel holds is stale
      name: 'an extra of an imported package, without an upgrade flag',
      cells: [
        'import whylogs as why\nprofile = why.log(df).profile()',
        "%pip install -q 'whylogs[s3]' moto",
        'import boto3\nfrom moto import mock_s3\nwhy.log(df)',
        "%pip install -q gcp-storage-emulator 'whylogs[gcs]'\nwhy.log(df)",
        '%pip install whylogs\nwhy.log(df)'
      ]
    },
    {
      // round 6 (GoogleCloudPlatform/mlops-on-gcp on_demand/tfx-caip lab-01, labs and solutions):
      // the lab prints the versions it imported, and the Markdown right above the install says
      // "(Optional) Run the cell below only if your package versions do not match the lab
      // defaults": a fix-up the reader runs on a mismatch, not set-up to move to the top
      name: 'plain Jupyter: an install the Markdown right above marks optional',
      cells: [
        'import tensorflow as tf\nimport tfx',
        'print("Tensorflow Version:", tf.__version__)\nprint("TFX Version:", tfx.__version__)',
        {
          md: '(Optional) Run the cell below only if your package versions do not match the lab defaults.'
        },
        '%pip install --upgrade --user tensorflow==2.3.1\n%pip install --upgrade --user tfx==0.25.0',
        'x = (tf.__version__, tfx.__version__)'
      ]
    }
  ],
  invalid: [
    {
      // the near-miss: Markdown that only uses the word, or an optional mark that is not right
      // above the install, marks nothing
      name: 'plain Jupyter: an install under Markdown that does not mark it optional',
      cells: [
        'import tensorflow as tf',
        { md: 'Install the optional dependencies below.' },
        '%pip install --upgrade tensorflow==2.3.1',
        { md: '(Optional) Print the version.' },
        'print(tf.__version__)',
        { md: 'Now upgrade.' },
        '%pip install --upgrade tensorflow==2.4.0',
        'x = tf.__version__'
      ],
      errors: [
        {
          message: '%pip install tensorflow==2.3.1 after cell 1 imported it',
          cell: 3
        },
        {
          message: '%pip install tensorflow==2.4.0 after cell 1 imported it',
          cell: 7
        }
      ]
    },
    {
      // round 23 row 148 (Azure-Sentinel-Notebooks training-notebooks/Training - MSTICPy Training
      // 3 - 2022-01-13.ipynb cell 8, after cell 5 imported msticpy): --upgrade may replace the
      // msticpy the kernel imported, which stays loaded until a restart; so may -U in a short
      // group, a version, a reinstall
      name: 'an extra with an upgrade flag, or a version, after the import',
      cells: [
        'import msticpy\nmsticpy.init_notebook()',
        '%pip install --upgrade msticpy[vt3,riskiq]\nmsticpy.init_notebook()',
        "%pip install -qU 'msticpy[azsentinel]'\nmsticpy.init_notebook()",
        "%pip install 'msticpy[ml]>=2.0'\nmsticpy.init_notebook()",
        '%pip install --force-reinstall msticpy',
        'msticpy.init_notebook()'
      ],
      errors: [
        { message: '%pip install msticpy[vt3,riskiq] after cell 1', cell: 2 },
        { message: '%pip install msticpy[azsentinel] after cell 1', cell: 3 },
        { message: '%pip install msticpy[ml]>=2.0 after cell 1', cell: 4 },
        { message: '%pip install msticpy after cell 1', cell: 5 }
      ]
    },
    {
      // review of s20 (D2): Databricks' %restart_python magic restarts as restartPython() does
      name: 'Databricks: %pip and the %restart_python magic, a name bound above read below',
      cells: [
        'import pandas as pd\ncatalog = "main"',
        '%pip install -U pandas\n%restart_python',
        'print(catalog, pd)'
      ],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'nb' }
      },
      errors: [
        {
          message:
            '%pip install with the Python restart in cell 2 after cell 1 bound "catalog", which cell 3 reads',
          messageId: 'notFirst',
          cell: 2
        }
      ]
    },
    {
      // the same as a Databricks source file, and many %pip + restart sections: each its own
      name: 'Databricks source: # MAGIC %restart_python, and one finding per section that loses a name',
      path: 'sections.py',
      text: '# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n# MAGIC %pip install a\n# MAGIC %restart_python\n\n# COMMAND ----------\n\nprint(x)\ny = 2\n\n# COMMAND ----------\n\n# MAGIC %pip install b\n# MAGIC %restart_python\n\n# COMMAND ----------\n\nprint(y)\n',
      errors: [
        {
          message: 'in cell 2 after cell 1 bound "x", which cell 3 reads',
          cell: 2
        },
        {
          message: 'in cell 4 after cell 3 bound "y", which cell 5 reads',
          cell: 4
        }
      ]
    },
    {
      name: 'Databricks: a name bound again between the %pip and the read is not lost; one that is not is',
      cells: [
        'df = spark.table("raw")\nmodel = train(df)',
        '%pip install shap==0.45.0\ndbutils.library.restartPython()',
        'df = spark.table("raw")',
        'import shap\nshap.Explainer(model)(df)'
      ],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'nb' }
      },
      errors: [
        {
          message:
            '%pip install with the Python restart in cell 2 after cell 1 bound "model", which cell 4 reads without binding it again',
          cell: 2
        }
      ]
    },
    {
      // no restart: nothing is lost, but a package imported above and used below keeps its version
      name: 'Databricks 13+ (a volume path): an upgrade of a package imported above and used below',
      path: 'vol.py',
      text: '# Databricks notebook source\nimport mlflow\npath = "/Volumes/main/default/models"\n\n# COMMAND ----------\n\n# MAGIC %pip install -U mlflow==2.14.1\n\n# COMMAND ----------\n\nmlflow.log_param("p", path)\n',
      errors: [
        {
          message: '%pip install mlflow==2.14.1 after cell 1 imported it',
          cell: 2
        }
      ]
    },
    {
      // the near-miss of the shell-only case: a function defined above reads the import, and a
      // cell below calls it (the old seaborn runs)
      name: 'plain Jupyter: a function above that uses the imported package, called below',
      cells: [
        'import seaborn as sns\n\n@cache\ndef plot(df):\n    return sns.histplot(df)',
        '%pip install -U seaborn==0.13.2',
        'plot(df)'
      ],
      errors: [
        {
          message: '%pip install seaborn==0.13.2 after cell 1 imported it',
          cell: 2
        }
      ]
    },
    {
      // the near-miss of the shell-only case: a later cell imports the package again, which
      // returns the module already loaded (sys.modules)
      name: 'plain Jupyter: the package imported again below the install is the stale one',
      cells: [
        'import ultralytics',
        '%pip install -qe ultralytics',
        '!yolo val model=yolov8n.pt',
        'from ultralytics import YOLO'
      ],
      errors: [
        {
          message: '%pip install ultralytics after cell 1 imported it',
          cell: 2
        }
      ]
    },
    {
      name: 'Databricks: a check whose result is read after the %pip',
      path: 'check.py',
      text:
        '# Databricks notebook source\n' +
        ZINGG_CHECK +
        '\n# COMMAND ----------\n\n# MAGIC %pip install zingg\n\n# COMMAND ----------\n\ndbutils.library.restartPython()\n\n# COMMAND ----------\n\nspark.conf.set("zingg.jar", zingg_jar_path)\n',
      errors: [
        {
          message:
            '%pip install with the Python restart in cell 3 after cell 1 bound "zingg_jar_path", which cell 4 reads without binding it again',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 5
        }
      ]
    },
    {
      name: 'Databricks: a %pip that expands a variable no cell above binds ($HOME) is not excused',
      path: 'train.py',
      text: '# Databricks notebook source\nimport pandas as pd\ndf = pd.DataFrame()\n\n# COMMAND ----------\n\n# MAGIC %pip install -r $HOME/requirements.txt\n\n# COMMAND ----------\n\ndbutils.library.restartPython()\n\n# COMMAND ----------\n\ndf.head()\n',
      errors: [
        {
          message:
            '%pip install with the Python restart in cell 3 after cell 1 bound "df", which cell 4 reads without binding it again',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 5
        }
      ]
    },
    {
      name: 'plain Jupyter: the first cell that imported the package is named, with %pip cells between',
      cells: [
        'import numpy as np',
        '%pip install xgboost==2.0.3',
        'import xgboost\nimport numpy',
        '%pip install xgboost==2.1.0 numpy==2.0.0',
        'xgboost.XGBRegressor()'
      ],
      errors: [
        {
          message: '%pip install xgboost==2.1.0 after cell 3 imported it',
          cell: 4,
          line: 1,
          column: 14
        }
      ]
    },
    {
      name: 'plain Jupyter: a package imported in the first cell and again later names the first',
      cells: [
        'import numpy as np',
        '%pip install scipy==1.13.0',
        'import numpy',
        '%pip install numpy==2.0.0',
        'np.zeros(3)'
      ],
      errors: [
        {
          message: '%pip install numpy==2.0.0 after cell 1 imported it',
          cell: 4,
          line: 1,
          column: 14
        }
      ]
    },
    {
      name: 'plain Jupyter: installing a package a cell above imported (scikit-learn is sklearn)',
      cells: [
        'from sklearn.linear_model import LinearRegression',
        '%pip install -U scikit-learn==1.5.0',
        'LinearRegression().fit(X, y)'
      ],
      errors: [
        {
          message: '%pip install scikit-learn==1.5.0 after cell 1 imported it',
          messageId: 'importedAbove',
          cell: 2,
          line: 1,
          column: 17,
          endLine: 1,
          endColumn: 36
        }
      ]
    },
    {
      // the restart must follow the install: a note further down, a restart in a comment of
      // another cell, or Markdown that says something else is no restart
      name: 'plain Jupyter: no restart right after the install',
      cells: [
        'import tensorflow as tf',
        '%pip install tensorflow==2.3.1',
        { md: 'Now train the model.' },
        { md: 'Restart the kernel if anything fails.' },
        'import tfx  # restart the kernel later',
        '%pip install tfx==0.25.0',
        'x = (tf.__version__, tfx.__version__)'
      ],
      errors: [
        {
          message: '%pip install tensorflow==2.3.1 after cell 1 imported it',
          cell: 2
        },
        {
          message: '%pip install tfx==0.25.0 after cell 5 imported it',
          cell: 6
        }
      ]
    },
    {
      // review of s13-prec2: negated restart words, and a restart call in a comment or a
      // string, restart nothing
      name: 'plain Jupyter: restarts that are not',
      cells: [
        'import tensorflow as tf\nimport tfx\nimport sklearn\nimport pandas',
        '%pip install tensorflow==2.3.1\n# no need to restart the kernel',
        '%pip install tfx==0.25.0',
        { md: 'You do not need to restart the kernel.' },
        '%pip install scikit-learn==1.5.0',
        '# IPython.Application.instance().kernel.do_shutdown(True)\nx = 1',
        '%pip install pandas==2.2.0',
        'msg = "call os._exit(0) to restart"',
        'print(tf, tfx, sklearn, pandas)'
      ],
      errors: [
        {
          message: '%pip install tensorflow==2.3.1 after cell 1 imported it',
          cell: 2
        },
        {
          message: '%pip install tfx==0.25.0 after cell 1 imported it',
          cell: 3
        },
        {
          message: '%pip install scikit-learn==1.5.0 after cell 1 imported it',
          cell: 5
        },
        {
          message: '%pip install pandas==2.2.0 after cell 1 imported it',
          cell: 7
        }
      ]
    },
    {
      // review of s13-prec2: a `^\s*#` under the `m` flag took 7 s on 100,000 blank lines
      name: 'plain Jupyter: an install cell of many blank lines',
      cells: [
        'import pandas',
        '%pip install pandas==2.2.2' + '\n'.repeat(100_000),
        'pandas.DataFrame()'
      ],
      errors: [
        {
          message: '%pip install pandas==2.2.2 after cell 1 imported it',
          cell: 2
        }
      ]
    },
    {
      name: 'Databricks: %pip and a restart after cells that did work, their result read below',
      cells: [
        'import pandas as pd\ndf = pd.DataFrame()',
        '%pip install xgboost==2.0.3',
        'dbutils.library.restartPython()',
        'import xgboost\nmodel = xgboost.XGBRegressor().fit(df, y)'
      ],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'train' }
      },
      errors: [
        {
          message:
            '%pip install with the Python restart in cell 3 after cell 1 bound "df", which cell 4 reads without binding it again: the restart clears Python state. Put %pip cells and the restart at the top.',
          messageId: 'notFirst',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      name: 'Databricks: a widget value kept in a Python variable is lost at the restart',
      text: '# Databricks notebook source\ndbutils.widgets.text("catalog", "")\ncatalog = dbutils.widgets.get("catalog")\n\n# COMMAND ----------\n\n# MAGIC %pip install mlflow==2.14.1\n\n# COMMAND ----------\n\ndbutils.library.restartPython()\n\n# COMMAND ----------\n\nspark.sql(f"USE CATALOG {catalog}")\n',
      path: 'train.py',
      errors: [
        {
          message: 'after cell 1 bound "catalog", which cell 4 reads',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 5
        }
      ]
    },
    {
      // s14 review: Databricks Runtime 13+ does not restart Python at %pip, so the module a cell
      // above imported stays loaded; nothing is lost (the cell below imports it again), and the
      // install still does not take effect
      name: 'Databricks: a package upgraded after a cell above imported it, no restart after',
      path: 'z_imported_then_upgraded.py',
      text: "# Databricks notebook source\nimport mlflow\nprint(mlflow.__version__)\n\n# COMMAND ----------\n\n# MAGIC %pip install -U mlflow==2.14.1\n\n# COMMAND ----------\n\nimport mlflow\nmlflow.log_param('a', 1)\n",
      errors: [
        {
          message: '%pip install mlflow==2.14.1 after cell 1 imported it',
          cell: 2,
          fileLine: 7
        }
      ]
    },
    {
      // attack review of s17-strict1 (D1): anything bound above the %pip carries the old version
      name: 'plain Jupyter: an object made from the stale import (a DataFrame) read below',
      cells: [
        'import pandas as pd\ndf = pd.read_csv("x.csv")',
        '%pip install -U pandas==2.2.0',
        'print(df.groupby("a").sum())'
      ],
      errors: [
        {
          message: '%pip install pandas==2.2.0 after cell 1 imported it',
          messageId: 'importedAbove',
          cell: 2
        }
      ]
    },
    {
      // attack review of s17-strict1 (D1): anything bound above the %pip carries the old version
      name: 'plain Jupyter: a tokenizer made from the stale import called below',
      cells: [
        'from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained("bert-base-uncased")',
        '%pip install -U transformers==4.44.0',
        'print(tok("hi"))'
      ],
      errors: [
        {
          message: '%pip install transformers==4.44.0 after cell 1 imported it',
          messageId: 'importedAbove',
          cell: 2
        }
      ]
    },
    {
      // attack review of s17-strict1 (D1): anything bound above the %pip carries the old version
      name: 'plain Jupyter: a lambda reading the stale import called below',
      cells: [
        'import seaborn as sns\nplot = lambda df: sns.histplot(df)',
        '%pip install -U seaborn==0.13.2',
        'plot(df)'
      ],
      errors: [
        {
          message: '%pip install seaborn==0.13.2 after cell 1 imported it',
          messageId: 'importedAbove',
          cell: 2
        }
      ]
    },
    {
      // attack review of s17-strict1 (D1): anything bound above the %pip carries the old version
      name: 'plain Jupyter: a function calling a function that reads the stale import',
      cells: [
        'import seaborn as sns\ndef draw(df):\n    return sns.histplot(df)\ndef report(df):\n    return draw(df)',
        '%pip install -U seaborn==0.13.2',
        'report(df)'
      ],
      errors: [
        {
          message: '%pip install seaborn==0.13.2 after cell 1 imported it',
          messageId: 'importedAbove',
          cell: 2
        }
      ]
    },
    {
      // attack review of s17-strict1 (D1): anything bound above the %pip carries the old version
      name: 'plain Jupyter: an instance of a class whose method reads the stale import',
      cells: [
        'import seaborn as sns\nclass P:\n    def plot(self, df):\n        return sns.histplot(df)\np = P()',
        '%pip install -U seaborn==0.13.2',
        'p.plot(df)'
      ],
      errors: [
        {
          message: '%pip install seaborn==0.13.2 after cell 1 imported it',
          messageId: 'importedAbove',
          cell: 2
        }
      ]
    },
    {
      // attack review of s17-strict1 (D1): anything bound above the %pip carries the old version
      name: 'plain Jupyter: a function defined inside try: reading the stale import',
      cells: [
        'import seaborn as sns\ntry:\n    def draw(df):\n        return sns.histplot(df)\nexcept Exception:\n    pass',
        '%pip install -U seaborn==0.13.2',
        'draw(df)'
      ],
      errors: [
        {
          message: '%pip install seaborn==0.13.2 after cell 1 imported it',
          messageId: 'importedAbove',
          cell: 2
        }
      ]
    },
    {
      name: 'Databricks source file',
      text: '# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n# MAGIC %pip install mlflow==2.14.1\n\n# COMMAND ----------\n\ndbutils.library.restartPython()\n\n# COMMAND ----------\n\nprint(x)\n',
      errors: [{ message: 'after cell 1', cell: 2, fileLine: 6 }]
    }
  ]
});
