import rule from '../../src/rules/unexecuted-cell';
import { runRuleTests } from './ruleTester';

/** cells that ran after the ones tested, counts 2.. (more cells ran than not: a run is claimed) */
const ranAfter = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ code: `c = ${i + 2}`, count: i + 2 }));

const RAN = {
  code: 'print(1)',
  count: 1,
  outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
};

/**
 * RAN, with the names the never-run cells below read bound first: a cell that reads a name no
 * cell defines is pseudo-code, which NB102 leaves (the tests using this are about other
 * conditions)
 */
const RAN_BINDING = {
  ...RAN,
  code: 'from helpers import spark, compute, DropAllTables, conn, save, send, y_test, model, layers, client, df, fit, x, w, rows, clean, load, run, tok, opt, tune\nprint(1)'
};

runRuleTests(rule, {
  valid: [
    {
      // round 24 rows 9-11 (deepchem examples/tutorials: Learning_Unsupervised_Embeddings_for_
      // Molecules.ipynb cell 2, Uncertainty_In_Deep_Learning, Training_a_Generative_Adversarial_
      // Network_on_MNIST) and row 7 (Protein_Deep_Learning.ipynb cell 4, under "To run DeepChem
      // within Colab, you'll need to run the following installation commands"): the Colab set-up
      // cell a local run with deepchem installed skips
      name: 'a Colab set-up cell under Markdown that names Colab, or behind a Colab check',
      cells: [
        {
          md: "#  Learning Unsupervised Embeddings for Molecules\n\n## Colab\n\nThis tutorial and the rest in this sequence can be done in Google colab. If you'd like to open this notebook in colab, you can use the following link.\n\n[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/deepchem/deepchem/blob/master/examples/tutorials/Learning_Unsupervised_Embeddings_for_Molecules.ipynb)"
        },
        {
          code: '!pip install --pre deepchem\nimport deepchem\ndeepchem.__version__',
          count: null
        },
        {
          md: "# Setup\nTo run DeepChem within Colab, you'll need to run the following installation commands."
        },
        {
          code: '!curl -Lo conda_installer.py https://raw.githubusercontent.com/deepchem/deepchem/master/scripts/colab_install.py\nimport conda_installer\nconda_installer.install()\n!/root/miniconda/bin/conda info -e',
          count: null
        },
        {
          code: "import sys\nif 'google.colab' in sys.modules:\n    !pip install rdkit\n    import rdkit",
          count: null
        },
        {
          ...RAN,
          code: "import deepchem as dc\ntasks, datasets, transformers = dc.molnet.load_muv(split='stratified')"
        },
        ...ranAfter(4)
      ]
    },
    {
      // round 22 (FinRL Stock_NeurIPS2018_3_Backtest cells 10, 18, 19, 41): optional variants
      // switched off by flags a cell that ran sets to False; the cells they guard were left unrun
      name: 'cells guarded by a flag the notebook switches off',
      cells: [
        {
          ...RAN,
          code: 'from finrl import DRLAgent, env, trained_ddpg, trained_ppo\nif_using_a2c = True\nif_using_ddpg = False\nif_using_ppo = False  # optional'
        },
        {
          code: 'df_account_value_ddpg, df_actions_ddpg = DRLAgent.DRL_prediction(\n    model=trained_ddpg,\n    environment=env) if if_using_ddpg else (None, None)',
          count: null
        },
        {
          code: '# PPO\nif if_using_ppo:\n    trained_ppo.learn(10)\n    trained_ppo.save("ppo")',
          count: null
        },
        {
          code: "col_name = []\ncol_name.append('A2C') if if_using_a2c else None",
          count: 2
        },
        ...ranAfter(2).map(c => ({ ...c, count: c.count + 1 }))
      ]
    },
    {
      // round 11 (fchollet's 4.4 and 6.3): the book's pseudo-code, never run, reading names
      // no cell defines (`layer_output`, `preds`, `targets`) and binding nothing a later cell reads
      name: 'never-run pseudo-code that reads names defined nowhere',
      cells: [
        { ...RAN, code: 'import numpy as np\nprint(1)' },
        {
          code: 'layer_output *= np.random.randint(0, high=2, size=layer_output.shape)',
          count: null
        },
        { code: 'layer_output *= 0.5', count: null },
        { code: 'np.mean(np.abs(preds - targets))', count: null },
        ...ranAfter(4)
      ]
    },
    {
      // lone '\r' line ends (classic Mac OS): the comment lines and the "(Optional)" first line
      // are read line by line as with '\n'
      name: 'comments only, and a step marked optional, with lone \\r line ends',
      cells: [
        RAN,
        { code: '%%sql\r-- SELECT * FROM t\r-- LIMIT 10', count: null },
        { code: '# a peek\r\r# spark.read.load(path).show()', count: null },
        { md: '(Optional) Run the cell below\ronly if your versions differ.' },
        { code: 'x = 1', count: null },
        ...ranAfter(4)
      ]
    },
    {
      name: 'outputs stripped, one stray execution count',
      cells: [
        { code: 'import pandas as pd', count: 3 },
        'df = pd.DataFrame()',
        'df.head()'
      ]
    },
    { name: 'no cell ran (outputs stripped)', cells: ['a = 1', 'b = 2'] },
    {
      name: 'all ran',
      cells: [
        { code: 'a = 1', count: 1 },
        { code: 'b = 2', count: 2 }
      ]
    },
    {
      // fabric-samples' data-agent notebook: Fabric saves outputs with a null count
      name: 'a cell with outputs and no execution count ran',
      cells: [
        {
          code: 'a = 1\nprint(a)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        },
        {
          code: 'data_agent.get_configuration()',
          count: null,
          outputs: [
            {
              output_type: 'execute_result',
              execution_count: null,
              data: { 'text/plain': ['{}'] },
              metadata: {}
            }
          ]
        }
      ]
    },
    {
      // databricks/tech-talks' Delta Lake talk: a peek left commented out
      name: 'a cell of comments only has nothing to run',
      cells: [
        {
          code: 'print(1)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        },
        "# Let's have a peek at the new file\n\n# spark.read.load(path).show()",
        '%%sql\n-- SELECT * FROM t'
      ]
    },
    {
      // fabric-samples' data-science tutorial: outputs cleared but in 2 of 16 cells
      name: 'outputs cleared but for a few cells',
      cells: [
        {
          code: 'df = spark.read.table("t")\ndisplay(df)',
          count: 5,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['x\n'] }]
        },
        'import seaborn as sns',
        'sns.histplot(df)',
        'df.describe()'
      ]
    },
    {
      // azureml-examples' deploy notebooks end with a clean-up cell nobody runs before saving
      name: 'cells after the last one that ran',
      cells: [
        { code: 'a = 1', count: 1 },
        {
          code: 'print(a)',
          count: 2,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        },
        'ml_client.online_endpoints.begin_delete(name=endpoint_name).wait()'
      ]
    },
    {
      // Azure-Samples/Synapse's WASB notebook: counts 4 and 6 around it, it ran as [5]
      name: 'the counts around the cell leave room for it',
      cells: [
        { code: 'a = 1', count: 4 },
        'key = "..."  # count cleared with the output',
        {
          code: 'print(a)',
          count: 6,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        }
      ]
    },
    {
      // fabric-samples' data-engineering starter kit: an earlier run kept outputs, not counts
      name: 'below a cell that ran and lost its count',
      cells: [
        {
          code: 'df = spark.read.parquet("Files/trips.parquet")\ndisplay(df)',
          count: null,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['x\n'] }]
        },
        'df.write.format("delta").saveAsTable("trips")',
        { code: 'a = 1', count: 1 },
        {
          code: 'print(a)',
          count: 2,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        }
      ]
    },
    {
      // huggingface/notebooks sagemaker/11_deploy_model_from_hf_hub: the install cell ran in an
      // earlier session; the kernel that saved the outputs started with the packages in place
      name: 'a cell that only installs packages',
      cells: [
        { code: '!pip install "sagemaker>=2.48.0" --upgrade', count: null },
        // dmatrix/mlflow-misc prompt_optimization: uv as the installer
        { code: '!uv add openai-agents mlflow datasets', count: null },
        {
          code: '!{sys.executable} -m pip install -q shap==0.45.0',
          count: null
        },
        {
          code: '%%capture\n%pip install -q datasets==2.14.0  # quiet\n!pip install gradio --upgrade',
          count: null
        },
        {
          code: 'import sagemaker\nprint(sagemaker.__version__)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['2.48\n'] }]
        },
        { code: 'sess = sagemaker.Session()', count: 2 },
        { code: 'bucket = sess.default_bucket()', count: 3 },
        { code: 'role = get_role()', count: 4 },
        { code: 'model = train(role)', count: 5 },
        { code: 'model.save()', count: 6 }
      ]
    },
    {
      // fabric-toolbox's "User configuration (edit these)", recommenders' AzureML workspace
      // info: placeholders the reader fills in; the cell cannot run as saved
      name: 'a cell of placeholder values left unrun',
      cells: [
        RAN,
        {
          code: '# User configuration (edit these)\nWORKSPACE_NAME = "<workspacename>"\nEXCEL_FILE_PATH = "abfss://<workspacename>@onelake.dfs.fabric.microsoft.com/<lakehousename>.Lakehouse/Files/x.xlsx"\nINCLUDE_TABLES = []',
          count: null
        },
        {
          code: "SUBSCRIPTION_ID = '<subscription-id>'\nRESOURCE_GROUP = f'<resource-group>'",
          count: null
        },
        ...ranAfter(3)
      ]
    },
    {
      // recommenders' quick-start notebooks: papermill test hooks the notebook says to ignore
      name: 'a cell the notebook says to ignore, or to edit before running',
      cells: [
        RAN,
        {
          code: '# Record results for tests - ignore this cell\nstore_metadata("auc", res["auc"])',
          count: null
        },
        {
          // fabric-toolbox's "from lakehouse to semantic model": the values hold no brackets
          code: '# -----------------------------\n# User configuration (edit these)\nWORKSPACE_NAME = "workspacename"\nLAKEHOUSE_DATABASE = "lakehousename.dbo"',
          count: null
        },
        { code: '# fill in the values below:\nREGION = "westus"', count: null },
        ...ranAfter(3)
      ]
    },
    {
      // azureml-workshop-2019: the notebook's optional step, skipped on the way it follows
      name: 'a cell under Markdown that marks the step optional',
      cells: [
        RAN,
        {
          md: '## A.2 (Optional) Run the experiment with a single ScriptRunConfig'
        },
        { code: 'run = experiment.submit(script_runconfig)', count: null },
        { md: '#### Optionally list all the available environments' },
        { code: 'envs = Environment.list(workspace=ws)', count: null },
        {
          md: '(Optional) Run the cell below only if your versions do not match.'
        },
        '',
        { code: 'upgrade()', count: null },
        { md: '### 3. Optional: tune the threshold' },
        { code: 't = tune()', count: null },
        ...ranAfter(5)
      ]
    },
    {
      // DeepLearningExamples TensorFlow/Segmentation/UNet_Industrial/notebooks/
      // Colab_UNet_Industrial_TF_TFHub_export.ipynb, cells 38-40 (round 26, row 12): a heading
      // marks the section optional, and its second code cell, not only the first, is part of it
      name: 'every code cell of a section whose heading marks it optional',
      cells: [
        RAN,
        {
          md: '## Save TF-Hub modules to Google Drive (Optional)\n\nExecute the below cell to authorize Colab.'
        },
        {
          code: "from google.colab import drive\n\ndrive.mount('/content/gdrive')",
          count: 0
        },
        { code: '!cp -r "./NVIDIA" "/content/gdrive/My Drive/"', count: 0 },
        ...ranAfter(4)
      ]
    },
    {
      // recommenders' hyperdrive notebooks: a widget that shows a run, which no cell reads
      name: 'a cell that only displays something',
      cells: [
        RAN,
        {
          code: "# Note, widgets don't work on JupyterLab\nwidgets.RunDetails(hd_run).show()",
          count: null
        },
        {
          code: 'display(df.head(5))\nprint(len(rows), str(x))\ndf.limit(3).show()',
          count: null
        },
        ...ranAfter(3)
      ]
    },
    {
      // rounds 27 and 28 (WeightWatcher WW-VGG-RandDistance cell 16; IBM
      // watson-machine-learning-samples: `client.spaces.list(limit=10)`, `get_details`): a plot
      // drawn with pyplot, a listing or a getter's answer shown, never run
      name: 'a cell that only plots with pyplot or shows a listing or details',
      cells: [
        {
          ...RAN,
          code: 'from helpers import plt, details, modelname, client, deployment_id\nprint(1)'
        },
        {
          code: 'plt.hist(details.alpha, bins=30);\nplt.title("{} default".format(modelname))\nplt.xlabel("alpha")',
          count: null
        },
        { code: 'client.spaces.list(limit=10)', count: null },
        { code: 'client.deployments.get_details(deployment_id)', count: null },
        ...ranAfter(4)
      ]
    },
    {
      // round 28 (IBM watson-machine-learning-samples, "Use scikit-learn and custom library to
      // predict temperature" cell 8): credentials the reader pastes in before running
      name: 'a cell of placeholder values the reader is told to paste in',
      cells: [
        RAN,
        {
          code: "username = 'PASTE YOUR USERNAME HERE'\napi_key = 'PASTE YOUR API_KEY HERE'\nurl = 'PASTE THE PLATFORM URL HERE'",
          count: null
        },
        { code: 'project_id = "Enter your project id here"', count: null },
        ...ranAfter(3)
      ]
    },
    {
      // the near misses of the output-history case: `_` bound before it is read, or read only
      // above the display; a method of the notebook's named `head` does not make pandas' `count` its own
      name: 'a display-only cell with no output history read below it',
      cells: [
        { ...RAN, code: 'from helpers import df\nx = _\nprint(1)' },
        { code: 'df.describe()', count: null },
        { code: 'for _ in range(3):\n    print(_)\n_ = 2\nprint(_)', count: 2 },
        {
          code: 'class Table:\n    def head(self):\n        return self\nprint(3)',
          count: 3
        },
        { code: 'df.count()', count: null },
        ...ranAfter(3)
      ]
    },
    {
      // round 14: UBC-MDS programming-in-python-for-data-science, exercises/en/trash/
      // playground.ipynb cells 17 and 27: a pandas reduction or count shown, never run
      name: 'a cell that only shows a pandas reduction or count',
      cells: [
        {
          ...RAN,
          code: 'from helpers import df, grouped_pokemon, mighty_pokemon\nprint(1)'
        },
        { code: 'grouped_pokemon.mean()', count: null },
        { code: "mighty_pokemon['type'].value_counts()", count: null },
        {
          code: 'df.groupby("type").mean()\ndf.isna().sum()\nprint(df.nunique(), max(df["hp"]))',
          count: null
        },
        ...ranAfter(4)
      ]
    },
    {
      // round 7 and 9 review: rasbt ch15_part2 cell 20 (a print-only warning under an if),
      // nlp-recipes (a blocking wait on an Azure ML run, scrapbook's glue of results for the
      // repository's tests), Getting-Started-On-Azure-ML (`!pip show`); round 12: a second
      // `import numpy as np` under the one that ran
      name: 'cells whose only effect is their own output, or none',
      cells: [
        {
          ...RAN,
          code: 'import numpy as np\nimport os\nimport torch\nfrom helpers import run, hd_run, sb, results, VERBOSE, x\nprint(1)'
        },
        {
          code: 'if not torch.cuda.is_available():\n    print("Warning: this code may be very slow on CPU")\nelse:\n    # fast\n    print("GPU")',
          count: null
        },
        {
          code: '# For testing\nsb.glue("pearson", results[0]["STSBenchmark"]["pearson"])\nsb.glue("mse", results[0]["STSBenchmark"]["mse"])\n',
          count: null
        },
        // waits no cell below depends on: none reads `run` or `hd_run`
        { code: 'run.wait_for_completion()', count: null },
        {
          code: '_ = hd_run.wait_for_completion(show_output=VERBOSE) # Block until complete',
          count: null
        },
        { code: '!pip show azureml-datadrift', count: null },
        { code: '%pip list\n# what is installed', count: null },
        { code: 'pip list', count: null },
        { code: 'import numpy as np', count: null },
        {
          code: 'if not os.path.exists("data") and isinstance(x, int):\n    print("no data")',
          count: null
        },
        // the attack review of s17's merges: the is_/has_ form and listed read-only predicates
        // (os.path's isfile, str's startswith) still count as questions
        {
          code: 'if os.path.isfile("a.csv") and x.has_gpu() and VERBOSE.startswith("y"):\n    print("ready")',
          count: null
        },
        ...ranAfter(12)
      ]
    },
    {
      // dipanjanS/practical-machine-learning-with-python notebook_cnn_mnist_classifier.ipynb
      // cell 27 (round 11): a label shown to compare with the image above; it binds nothing
      name: 'a cell that only shows a value as its result',
      cells: [
        RAN,
        { code: 'y_test[4]', count: null },
        { code: '# the shapes\nX_train.shape, X_test.shape', count: null },
        { code: 'df.head()', count: null },
        ...ranAfter(4)
      ]
    },
    {
      // rounds 15 and 16 (mrdbourke/zero-to-mastery-ml, fastai/course22, mGalarnyk's PCA): a value
      // shown through calls documented to return a new value (numpy, pandas, scikit-learn's
      // score), a new DataFrame, fastai's show_batch
      name: 'a cell that only shows a value computed by calls that change nothing',
      cells: [
        {
          ...RAN,
          code: 'import numpy as np\nimport pandas as pd\nfrom helpers import a2, X, model, X_test, y_test, dls, signals, u, s\nprint(1)'
        },
        { code: 'a2.reshape(2, 3, 1)', count: null },
        {
          code: '# The categorical categories are now either 1 or 0...\nX["Make"].value_counts()',
          count: null
        },
        { code: 'model.score(X_test, y_test)', count: null },
        { code: 'dls.show_batch()', count: null },
        {
          code: 'np.mean(signals.values, axis = 0) +  pd.DataFrame(data = (u * s)) ',
          count: null
        },
        ...ranAfter(6)
      ]
    },
    {
      // rounds 19 and 20 (effective_pandas_book's series chapter, Pierian-Data's decorators
      // lesson): display-only cells through more calls that return a new value: pandas'
      // `reindex`, `filter`, `.str.lower()`/`.str.find()`, `str.find`, and the namespace views
      // `globals()`, `dict.keys()`
      name: 'a cell that only shows a reindexed, filtered or lower-cased value, or the globals',
      cells: [
        {
          ...RAN,
          code: 'from helpers import city2, make\nprint(1)'
        },
        { code: "city2.reindex(['Missing', 'Ford'])", count: null },
        { code: "city2.filter(like='rd')", count: null },
        { code: 'make.str.lower()', count: null },
        { code: "make.str.find('A')", count: null },
        { code: "'Alfa Romeo'.find('A')", count: null },
        { code: "globals()['s']", count: null },
        { code: 'print(globals().keys())', count: null },
        ...ranAfter(8)
      ]
    },
    {
      name: 'empty unexecuted cell',
      cells: [
        { code: 'a = 1', count: 1 },
        { code: '  ', count: null }
      ]
    }
  ],
  invalid: [
    {
      // round 24 row 12 (TP, deepchem Atomic_Contributions_for_Molecules.ipynb cell 5): a Colab
      // notebook's imports cell never run is reported; so is an install cell under Markdown that
      // does not name Colab (Training_an_Exchange_Correlation_Functional_using_Deepchem cell 12),
      // and one that installs only when not on Colab
      name: "a Colab notebook's other never-run cells stay reported",
      cells: [
        {
          md: "#  Learning Unsupervised Embeddings for Molecules\n\n## Colab\n\nThis tutorial and the rest in this sequence can be done in Google colab. If you'd like to open this notebook in colab, you can use the following link.\n\n[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/deepchem/deepchem/blob/master/examples/tutorials/Learning_Unsupervised_Embeddings_for_Molecules.ipynb)"
        },
        {
          code: 'import os\nimport pandas as pd\nimport deepchem as dc\nimport numpy as np',
          count: null
        },
        {
          md: 'In this example, we will calculate the initial density matrix for Hydrogen Fluoride.'
        },
        {
          code: '# INSTALL PYSCF \n!pip install pyscf\nimport pyscf',
          count: null
        },
        {
          code: 'if not IN_COLAB:\n    !pip install rdkit\n    import rdkit',
          count: null
        },
        { ...RAN, code: "IN_COLAB = 'google.colab' in sys.modules" },
        ...ranAfter(4)
      ],
      errors: [
        { message: /never executed/, cell: 2 },
        { message: /never executed/, cell: 4 },
        { message: /never executed/, cell: 5 }
      ]
    },
    {
      // near misses of the switched-off variant: a flag that is on, set False only in a cell that
      // never ran or below, set again elsewhere; an `else` branch; a fallback that calls; a
      // statement the flag does not guard
      name: 'cells guarded by a flag that is on, or not only guarded',
      cells: [
        {
          ...RAN,
          code: 'from helpers import f, g\nuse_a = True\nuse_b = False\nuse_c = False\nuse_e = False\nuse_f = False'
        },
        { code: 'use_d = False', count: null },
        { code: 'x = f() if use_a else None', count: null },
        { code: 'if use_b:\n    f()\nelse:\n    g()', count: null },
        { code: 'y = f() if use_c else g()', count: null },
        { code: 'if use_d:\n    f()', count: null },
        { code: 'if use_e:\n    f()\ng()', count: null },
        { code: 'if use_f:\n    f()', count: null },
        { code: 'use_f = True', count: 2 },
        { code: 'if use_g:\n    f()', count: null },
        { code: 'use_g = False', count: 3 },
        ...ranAfter(8).map(c => ({ ...c, count: c.count + 2 }))
      ],
      errors: [2, 3, 4, 5, 6, 7, 8, 10].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // attack review of s17-strict1 (D4, D5): never-run cells that look output-only or like a
      // repeated import but work: an `if` whose condition fits, runs a script or deletes a file;
      // a pip query that redirects, pipes or chains an install; a wait the results below rest on
      name: 'an if whose condition works, a pip query that does more, a wait',
      cells: [
        {
          ...RAN,
          code: 'import os\nfrom helpers import clf, X, y, run, make, soup\nprint(1)'
        },
        {
          code: 'if clf.fit(X, y).score(X, y) > 0.9:\n    print("good fit")',
          count: null
        },
        {
          code: 'if os.system("python prepare_data.py") != 0:\n    print("failed")',
          count: null
        },
        {
          code: 'if os.remove("cache.pkl") is None:\n    print("cleared")',
          count: null
        },
        { code: 'if X.sort() is None:\n    print("sorted")', count: null },
        { code: 'if clf.fit(X, y): print("fitted")', count: null },
        { code: '!pip freeze > requirements.txt', count: null },
        { code: '%pip freeze > /dbfs/FileStore/reqs.txt', count: null },
        {
          code: '!pip list --outdated --format=freeze | cut -d= -f1 | xargs -n1 pip install -U',
          count: null
        },
        { code: '!pip show torch && pip install torch==2.3.0', count: null },
        { code: 'run.wait_for_completion(show_output=True)', count: null },
        { code: 'print(run.get_metrics())', count: 2 },
        // the near-misses of the calls that change nothing: pandas' inplace=True, a fit shown
        { code: 'X.dropna(inplace=True)', count: null },
        { code: 'clf.fit(X, y)', count: null },
        // and of the new ones: a value bound, a tag BeautifulSoup removes from its tree
        { code: 'y = make.str.lower()\nprint(y)', count: null },
        { code: "soup.find('div').extract()", count: null },
        ...ranAfter(13)
      ],
      errors: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // issue #15 (s19), class 3: a display-only cell's shown value is its effect when a cell
      // below reads IPython's output history (`_`, `__`, `_N`, `Out[N]`); and a call of the
      // notebook's own `def head(...)` is its code, not pandas' preview
      name: 'a display-only cell whose result the output history hands on, or an own preview-named def',
      cells: [
        {
          ...RAN,
          code: 'from helpers import df, rows\ndef head(frame, n=5):\n    frame.to_csv("head.csv")\n    return frame[:n]\nprint(1)'
        },
        { code: 'df.describe()', count: null },
        { code: 'summary = _\nprint(summary)', count: 2 },
        { code: 'head(df)', count: null },
        { code: 'rows.mean()', count: null },
        { code: 'x = Out[4] + _7', count: 3 },
        ...ranAfter(3)
      ],
      errors: [2, 4, 5].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // attack review of s17-strict1 (D4c): an import "again" whose first import failed or was
      // undone in between: deleted, overwritten through globals() or a function's `global`,
      // popped from sys.modules, or in a cell that stopped at an error
      name: 'an import again after the first failed or was undone',
      cells: [
        {
          ...RAN,
          code: 'import numpy as np\nimport sys\nimport mymod\nprint(1)'
        },
        {
          code: 'import torch',
          count: 2,
          outputs: [
            {
              output_type: 'error',
              ename: 'ModuleNotFoundError',
              evalue: "No module named 'torch'",
              traceback: []
            }
          ]
        },
        { code: '!pip install torch', count: 3 },
        { code: 'import torch', count: null },
        {
          code: 'x = 1/0\nimport pandas as pd',
          count: 4,
          outputs: [
            {
              output_type: 'error',
              ename: 'ZeroDivisionError',
              evalue: 'division by zero',
              traceback: []
            }
          ]
        },
        { code: 'import pandas as pd', count: null },
        { code: 'del np', count: 5 },
        { code: 'import numpy as np', count: null },
        { code: 'sys.modules.pop("mymod")', count: 6 },
        { code: 'import mymod', count: null },
        { code: 'import numpy as np', count: 7 },
        { code: 'globals()["np"] = None', count: 8 },
        { code: 'import numpy as np', count: null },
        { code: 'import numpy as np', count: 9 },
        {
          code: 'def reset():\n    global np\n    np = None\nreset()',
          count: 10
        },
        { code: 'import numpy as np', count: null },
        ...ranAfter(12)
      ],
      errors: [4, 6, 8, 10, 13, 16].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // lone '\r' line ends: the import on the second line is work, not an install
      name: 'an install cell that also does work, with lone \\r line ends',
      cells: [
        { code: '%pip install xgboost==2.0.3\rimport xgboost', count: null },
        RAN,
        { code: 'c = 2', count: 2 }
      ],
      errors: [{ message: 'Cell was never executed', cell: 1 }]
    },
    {
      // the near miss: a name defined nowhere, but a later executed cell reads what it binds
      // (its effect is missing), and a never-run cell reading only defined names
      name: 'never-run cells whose effect a later cell needs',
      cells: [
        { ...RAN, code: 'import numpy as np\nprint(1)' },
        { code: 'scale = base_rate * 2', count: null },
        { code: 'y = np.ones(3)', count: null },
        { code: 'print(scale, y)', count: 2 },
        // round 7 (catboost's ODSC tutorial): a chain of never-run cells, the first assigns
        { code: 'shap_values = np.ones(3)', count: null },
        { code: 'import shap\nshap.force_plot(shap_values)', count: null },
        ...ranAfter(3).map(c => ({ ...c, count: c.count + 1 }))
      ],
      errors: [2, 3, 5, 6].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      cells: [
        {
          code: 'a = 1\nprint(a)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        },
        { md: '# x' },
        { code: 'b = a + 1\nprint(b)', count: null },
        { code: 'c = 2', count: 2 }
      ],
      errors: [
        {
          message: 'Cell was never executed',
          messageId: 'neverRun',
          cell: 3,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 10
        }
      ]
    },
    {
      // the near-misses: an if that binds in a branch or its condition, pip that installs
      // or uninstalls, an import that differs from the one above (another alias, another
      // module), one whose name a cell between bound again, one whose earlier import never ran,
      // a wait whose result is kept
      name: 'cells that look like output-only or repeated imports but change state',
      cells: [
        {
          ...RAN,
          code: 'import numpy as np\nimport torch\nfrom helpers import run\nprint(1)'
        },
        {
          code: 'if not torch.cuda.is_available():\n    device = "cpu"',
          count: null
        },
        {
          code: 'if (n := torch.cuda.device_count()):\n    print(n)',
          count: null
        },
        { code: '!pip uninstall -y azureml-datadrift', count: null },
        { code: 'import numpy as npy', count: null },
        { code: 'import numpy.linalg as np', count: null },
        { code: 'np = None', count: 5 },
        { code: 'import numpy as np', count: null },
        { code: 'import pandas as pd', count: null },
        { code: 'import pandas as pd', count: null },
        { code: 'status = run.wait_for_completion()', count: null },
        ...ranAfter(11)
      ],
      errors: [2, 3, 4, 5, 6, 8, 9, 10, 11].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // the attack review of s17's merges (nr_isue.ipynb): a call whose name only starts with
      // "is"/"has" is no question: issue_token() issues, isend() sends (mpi4py), and
      // hash_and_store() stores, so an `if` on it did work the saved results may rest on
      name: 'an if on a call whose name only starts with is or has',
      cells: [
        RAN_BINDING,
        {
          code: "if client.issue_token('me'):\n    print('token issued')",
          count: null
        },
        { code: 'if tok.isend(rows):\n    print("sent")', count: null },
        {
          code: 'if load.hash_and_store(x):\n    print("stored")',
          count: null
        },
        ...ranAfter(4)
      ],
      errors: [2, 3, 4].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // the exemptions are for the whole cell: a display that runs work, a show of a query
      // (which runs it), a print that binds, HTML in a string, an "ignore" that is not a
      // comment, a placeholder in a comment only, "change this" followed by what it changes,
      // "optional" in prose that marks no step
      name: 'cells that look like exemptions but do work',
      cells: [
        RAN_BINDING,
        { code: 'display(spark.sql("DROP TABLE t"))', count: null },
        { code: 'spark.sql("INSERT INTO t VALUES (1)").show()', count: null },
        { code: 'print(n := compute())', count: null },
        { code: 'print(n := 5)', count: null },
        { code: 'print(df.head(k := 3))', count: null },
        { code: 'display(DropAllTables(conn))', count: null },
        { code: 'html = "<div>x</div>"\nsave(html)', count: null },
        { code: 'msg = "ignore this cell"\nsend(msg)', count: null },
        {
          code: '# set WORKSPACE to "<workspacename>"\nWORKSPACE = "prod"',
          count: null
        },
        { code: 'print(1)\nx = 2', count: null },
        { code: 'label = y_test[4]', count: null },
        { code: 'model.add(layers.Dropout(0.5))', count: null },
        { code: 'await client.close()', count: null },
        { code: 'df.head(n := 3)', count: null },
        { md: 'This uses the optional `weights` argument.' },
        { code: 'fit(x, weights=w)', count: null },
        {
          code: '# change this dataframe with the new rows\ndf = df.append(rows)',
          count: null
        },
        // more cells ran than not: the saved results claim a run
        ...ranAfter(17)
      ],
      errors: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18].map(
        cell => ({
          message: 'Cell was never executed',
          cell
        })
      )
    },
    {
      // near misses: pyplot saving a file, a getter that creates, a bare list() over an iterator a
      // later cell reads, a pasted value that is no instruction, instructions in a longer string
      name: 'plots that write, getters that create, and strings that only mention pasting',
      cells: [
        {
          ...RAN,
          code: 'from helpers import plt, client, mlflow, load, details\nitems = (i for i in load())\nprint(1)'
        },
        {
          code: 'plt.hist(details.alpha)\nplt.savefig("alpha.png")',
          count: null
        },
        { code: 'mlflow.get_or_create_experiment("x")', count: null },
        { code: 'list(items)', count: null },
        { code: "note = 'paste the rows into the sheet'", count: null },
        {
          code: "msg = 'Please enter your name here: ' + details",
          count: null
        },
        { code: 'plt.hist(details.alpha); details = load()', count: null },
        { code: 'for i in items:\n    print(i)', count: 2 },
        ...ranAfter(7)
      ],
      errors: [2, 3, 4, 5, 6, 7].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // the attack review of s18-prec (/tmp/rv3/lint/u_0, u_1, u_5): bare sum/min/max iterate
      // their argument to its end (Python's builtins), so a generator or a csv reader a later
      // cell iterates is empty there; as a method (`df.sum()`) or over a name no later cell
      // reads, still only a read
      name: 'a bare sum/min/max over an iterator a later cell reads',
      cells: [
        {
          ...RAN,
          code: "import csv\nfrom helpers import load, fit\nbatches = (b for b in load())\nreader = csv.reader(open('f'))\nscores = [1, 2]\nprint(1)"
        },
        { code: 'sum(batches)', count: null },
        { code: 'max(reader)', count: null },
        { code: 'sum(1 for _ in reader)', count: null },
        { code: 'print(min(batches))', count: null },
        { code: 'max(scores)\nprint(sum(scores))', count: null },
        { code: 'for b in batches:\n    fit(b)', count: 2 },
        { code: 'print(next(reader))', count: 3 },
        ...ranAfter(3).map(c => ({ ...c, count: c.count + 2 }))
      ],
      errors: [2, 3, 4, 5].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // the near-misses: a reduction of a call that works, kept in a name, or grouped by a call
      name: 'a reduction of a call that may change state, or one whose value a name keeps',
      cells: [
        RAN_BINDING,
        { code: 'spark.sql("DELETE FROM t WHERE x").count()', count: null },
        { code: 'total = df.sum()', count: null },
        { code: 'df.groupby(load(x)).mean()', count: null },
        { code: 'df.fillna(0, inplace=True)', count: null },
        // review of s18-r16: names shared with calls that change things (shutil.copy copies a
        // file, a MongoDB collection's or SQLAlchemy table's drop() drops it)
        { code: "shutil.copy('model.pkl', 'share/model.pkl')", count: null },
        { code: 'client.shop.orders.drop()', count: null },
        { code: 'rows.drop(conn)', count: null },
        ...ranAfter(12),
        { code: 'import shutil', count: 14 }
      ],
      errors: [2, 3, 4, 5, 6, 7, 8].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // review of s13-prec2: a cell of 100,000 blank lines or a Markdown line of 100,000 '#'
      // took the comment and "optional" patterns 9 to 26 s (quadratic); the word "optional"
      // in a heading's prose, on a later line, or in a code fence marks no step
      name: 'long cells, and "optional" that marks no step',
      cells: [
        RAN_BINDING,
        { code: 'x = 1' + '\n'.repeat(100_000), count: null },
        { md: '#'.repeat(100_000) },
        { code: 'y = 2', count: null },
        { md: '\n'.repeat(100_000) + 'Next' },
        { code: 'z = 3', count: null },
        { md: '## Drop rows whose optional fields are missing' },
        { code: 'df = df.dropna()', count: null },
        { md: '## Clean up\nOptional columns are dropped below.' },
        { code: 'df = df.drop(columns=opt)', count: null },
        { md: '```python\n# optional: tune\n```' },
        { code: 'tune()', count: null },
        // a paragraph that marks the cell below optional marks only that one; a later heading
        // that does not say optional ends the optional section
        { md: '(Optional) Run the cell below.' },
        { code: 'extra()', count: null },
        { code: 'more = sorted([3, 1])', count: null },
        { md: '## Optional: tune' },
        { code: 'tune()', count: null },
        { md: '## Evaluate' },
        { code: 'score = sum([1, 2])', count: null },
        ...ranAfter(12)
      ],
      errors: [2, 4, 6, 8, 10, 12, 15, 19].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // review of s13-prec2: a negation turns "skip this cell" around, and the words inside
      // a string are no comment
      name: 'skip and edit words that are negated or not in a comment',
      cells: [
        RAN_BINDING,
        {
          code: '# Do not skip this cell: it cleans the data\ndf = clean(df)',
          count: null
        },
        { code: '# never ignore this cell\nx = load()', count: null },
        { code: 's = """\n# skip this cell\n"""\nrun(s)', count: null },
        { code: "# don't change these:\nSEED = 1", count: null },
        ...ranAfter(5)
      ],
      errors: [2, 3, 4, 5].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      // review of s13-prec2: angle brackets in an ordinary string are no value left to fill in
      name: 'strings with angle brackets that are no placeholder',
      cells: [
        RAN_BINDING,
        {
          code: 'specials = ["<pad>", "<unk>"]\ntok.add_tokens(specials)',
          count: null
        },
        {
          code: 'q = "SELECT * FROM t WHERE a<limit AND b>0"\nrun(q)',
          count: null
        },
        { code: 'xml = "<config><item>1"\nsave(xml)', count: null },
        ...ranAfter(4)
      ],
      errors: [2, 3, 4].map(cell => ({
        message: 'Cell was never executed',
        cell
      }))
    },
    {
      name: 'an install cell that also does work is still reported',
      cells: [
        { code: '%pip install xgboost==2.0.3\nimport xgboost', count: null },
        {
          code: 'print(1)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        },
        { code: 'c = 2', count: 2 }
      ],
      errors: [
        {
          message: 'Cell was never executed',
          cell: 1,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 28
        }
      ]
    }
  ]
});
