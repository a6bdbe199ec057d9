import rule from '../../src/rules/syntax-error';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // issue #15 (s20), round 17: dlaicourse's "Exercise 6 - Question.ipynb" (no Markdown, no
      // cell run, `#YOUR CODE HERE` in every answer): the file's name sets the exercise, so a
      // block left with only a comment to the student is a blank
      name: 'a block body left as a comment to the student in a never-run notebook named as an exercise',
      path: 'Exercise 6 - Question.ipynb',
      cells: [
        { code: 'import os', count: 0 },
        {
          code: '# Use os.mkdir to create your directories\ntry:\n    #YOUR CODE GOES HERE\nexcept OSError:\n    pass',
          count: 0
        },
        { code: 'TRAINING_DIR = "" #YOUR CODE HERE', count: 0 }
      ]
    },
    {
      // round 17: tensorflow-1-public's C2W1_Assignment: every piece the learner writes is None
      name: "deeplearning.ai's None blanks between START CODE HERE and END CODE HERE",
      path: 'C2W1_Assignment.ipynb',
      cells: [
        '# GRADED CLASS: EarlyStoppingCallback\n\n### START CODE HERE ###\n\nclass EarlyStoppingCallback():\n    def None():\n        if None >= None and None >= None:\n            None = None\n            print("stop")\n\n### END CODE HERE ###'
      ]
    },
    {
      // round 17: Databricks Academy's MLE 03 lab: the module of an import and an attribute
      name: 'a <FILL_IN> as the module of a from-import and as an attribute (Databricks lab)',
      path: 'MLE 03 - Logistic Regression Lab.py',
      text: '# Databricks notebook source\n# TODO\nfrom <FILL_IN>\n\nlabel_df = airbnb_df.<FILL_IN>\n\npred_df = label_df.<FILL_IN> # Add a prediction column\n'
    },
    {
      // round 7: synapse workshop's "Complete the code in the cell and run it." over `df.#<-`
      name: 'an attribute left as a comment that asks the student to complete it',
      cells: [
        { md: 'Complete the code in the cell and run it.' },
        'df.#<- can you complete this?'
      ]
    },
    {
      // lone '\r' line ends: the blank is found on its own line and filled at its offset
      name: 'exercise blanks on lines after a lone \\r',
      cells: [
        '# TODO: Your code here\r\raccuracy_threshold =\r\rspecs = dict(threshold=accuracy_threshold)',
        'import os\rPROJECT = # Replace with your PROJECT\rBUCKET = PROJECT'
      ]
    },
    {
      // round 12 (precision-verdicts-12, NB201 0 of 6): a long numba cell whose floats are
      // written `600.` / `0.`; the grammar's error recovery left the `0` of `else 0.,` in an
      // error node, so the trailing-dot repair, which asked the tree for a Number, skipped it
      // (the judge's 12-line reduction of rogii-gs130-gr-median7.ipynb cell 8)
      name: 'floats with a trailing dot late in a long cell, one inside an error-recovered region',
      cells: [
        [
          'BEAMS = [(10,20.,144.,2,"cons"),(10,8.,64.,2,"loose"),(8,35.,220.,1,"vcons"),',
          '         (10,14.,90.,5,"sm5"),(20,4.,36.,3,"vloose"),(12,12.,100.,3,"mid"),(15,25.,180.,2,"stiff")]',
          'def _interp1(grid, v, vmin, step):',
          '    for j in range(N):',
          '        u = u0+j/N',
          '    for step in range(n):',
          '        for bi in range(bn):',
          '                    if nc < MAX: cI[nc] = ni; cC[nc] = tot; cP[nc] = bi; nc += 1',
          '        for j in range(N):',
          '            ws = 0.',
          '            for j in range(N):',
          '                lk = max(np.exp(-0.5*d*d) if d*d < 600. else 0., 1e-300); w[j] *= lk; ws += w[j]'
        ].join('\n'),
        // an f-string's replacement field holds Number tokens: its `100.` is repaired too
        'for k in r:\n    t = f"{round(100.*float(p[k]), 2)}% {1_000.}"\n    speed = s / (1024.**2 * d)'
      ]
    },
    {
      // IPython drops a cell's leading blank lines, then dedents it by its first line's indentation
      name: 'an indented cell after blank lines, or under an indented comment',
      cells: [
        '\n  \n    x = 1\n    y = 2',
        '    # setup\n    x = 1\n    y = 2',
        '%%time\n    total = 0\n    total += 1'
      ]
    },
    {
      name: 'characters outside ASCII in names, strings, f-strings and comments',
      cells: [
        'naïve_Bayes = 1\nπ = 3.14\ns = "“quoted”"  # “also” ²\nt = f"{naïve_Bayes} “q”"'
      ]
    },
    {
      // round 12: @lezer/python 1.1.19 reads a star in a for statement's target, not in a
      // comprehension's (its compFor is `commaSep<expression>`)
      name: 'a starred target in a comprehension',
      cells: [
        'last = [l for *_, l in E]',
        'firsts = {a for a, *_ in E if a}\nd = {k: v for k, *_, v in E}',
        'total = sum(x for *_, x in rows)',
        'async def f(E):\n    return [l async for *_, l in E]'
      ]
    },
    {
      // the percent fixture's old line: prose that starts like %time stays a comment
      name: 'a commented prose line that starts like a magic in a percent script',
      text: '# %%\n# %time is a commented line magic: a comment for Python\n# %time the loop below\nsquares = []\n'
    },
    {
      cells: [
        'x = 1',
        '%time y = x + 1',
        '!ls -la',
        '%%sql\nSELECT * FROM t WHERE a = ('
      ]
    },
    { cells: [{ md: 'not ( python' }] },
    {
      // round 10, row 54: a Databricks source file's cell whose first line is a bare `%md`
      // (no `# MAGIC ` prefix) is Markdown there, as with the prefix
      name: 'a bare %md first line in a Databricks source file makes the cell Markdown',
      text: '# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n%md\n# Enabling the preview\nIf you want more, ask (your account team).\n\n# COMMAND ----------\n%sql\nSELECT * FROM t WHERE a = (\n'
    },
    {
      // round 10, rows 53-58: a Databricks notebook saved as .ipynb with a plain python3
      // kernelspec (its cells call dbutils.widgets.get, which makes it Databricks for every
      // rule): its %sql cells, with Databricks' ${widget} substitution, are SQL, not Python
      name: 'a plain-kernelspec notebook that calls dbutils.widgets: its %sql and %md cells are not Python',
      cells: [
        'CATALOG = dbutils.widgets.get("CATALOG")',
        '%sql\n-- Stub tables so the functions can be created.\nCREATE SCHEMA IF NOT EXISTS ${CATALOG}.ai;',
        '%sql\nCREATE OR REPLACE FUNCTION ${CATALOG}.ai.history(uid STRING)\nRETURNS TABLE (id STRING)\nRETURN SELECT id FROM t WHERE uid = uid',
        '%md\nIf you want more, ask (your account team).'
      ]
    },
    {
      // solliancenet/azure-synapse-analytics-workshop-400 day-03 lab-06 old/Lab 06 - Machine
      // Learning.ipynb cell 28: Synapse Studio's export (saveOutput, no kernelspec); the magic
      // sets each cell's language
      name: "Synapse's %%spark (Scala), %%csharp and %%sparkr cells are not Python",
      metadata: { saveOutput: true, language_info: { name: 'python' } },
      cells: [
        '%%spark\n// Make sure the name of the SQL pool matches\nval df = spark.sqlContext.sql("select * from productpca")\ndf.write.sqlanalytics("pool.wwi_ml.ProductPCA", Constants.INTERNAL)',
        '%%csharp\nvar df = spark.Read().Json("people.json");',
        '%%sparkr\ndf <- read.df("people.json", "json")',
        '%%pyspark\ndf = spark.read.load("abfss://c@a.dfs.core.windows.net/x.parquet")'
      ]
    },
    {
      // review D5: the kernel's name in any case; its language_info says the notebook is Scala
      name: 'a Scala notebook on a Synapse_PySpark kernel is not parsed as Python',
      metadata: {
        kernelspec: { name: 'Synapse_PySpark', language: 'python' },
        language_info: { name: 'scala' }
      },
      cells: ['val n = spark.range(10).count()']
    },
    {
      name: "a Fabric notebook's %%spark cell is Scala too",
      metadata: {
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark'
        },
        microsoft: { language: 'python' }
      },
      cells: ['%%spark\nval n = spark.range(10).count()']
    },
    {
      // sparkmagic's %%spark sends its body to a Livy session in that session's language
      name: "a plain Jupyter notebook's %%spark cell (sparkmagic) is not parsed as Python",
      cells: [
        '%load_ext sparkmagic.magics',
        '%%spark\nval rdd = sc.parallelize(1 to 10)'
      ]
    },
    {
      name: 'a %%spark cell whose sparkmagic session is Scala (or sql, or two languages) is not parsed as Python',
      cells: [
        '%load_ext sparkmagic.magics\n%spark add -s s -l scala -u http://livy:8998',
        '%%spark\nval rdd = sc.parallelize(1 to 10)',
        '%spark add -s q -l sql -u http://livy:8998',
        '%%spark -s q\nSELECT 1'
      ]
    },
    {
      // Azure/MachineLearningNotebooks train-on-remote-vm: every line starts with one space;
      // IPython removes it (leading_indent) and the cell runs
      name: 'a cell indented as a whole runs once IPython dedents it',
      cells: [
        ' run = exp.submit(config=src)\n\n from azureml.exceptions import ActivityFailedException\n\n try:\n     run.wait_for_completion(show_output=True)\n except ActivityFailedException as ex:\n     print(ex)'
      ]
    },
    {
      // jakevdp/PythonDataScienceHandbook 03.05: the SyntaxError is the lesson, and was run
      name: 'a tutorial cell that ran into the SyntaxError the Markdown above announces',
      cells: [
        {
          md: 'Working with slices within these index tuples is not especially convenient; trying to create a slice within a tuple will lead to a syntax error:'
        },
        {
          code: "health_data.loc[(:, 1), (:, 'HR')]",
          count: 32,
          outputs: [
            {
              output_type: 'error',
              ename: 'SyntaxError',
              evalue: 'invalid syntax',
              traceback: []
            }
          ]
        }
      ]
    },
    {
      // fabric-samples' R churn notebook: the kernelspec says Python, language_info says R
      name: 'an R notebook on a Synapse/Fabric kernel',
      cells: ['rdf_clean$NewTenure <- rdf_clean$Tenure / rdf_clean$Age'],
      metadata: {
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark',
          language: 'Python'
        },
        language_info: { name: 'r' }
      }
    },
    {
      // Azure-Samples/Synapse: a Spark SQL cell in a PySpark notebook (cell metadata)
      name: 'a cell whose Synapse metadata says it is Spark SQL',
      cells: [
        {
          code: 'SELECT * FROM cities WHERE population > (',
          metadata: { microsoft: { language: 'sparksql' } }
        }
      ],
      metadata: {
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark'
        },
        language_info: { name: 'python' }
      }
    },
    {
      // GoogleCloudPlatform/mlops-on-gcp's labs/ and starter notebooks (the solutions/ copies
      // fill them): an assignment left without a value, in a cell that says it is an exercise
      name: 'exercise blanks: an empty assignment in a cell marked TODO / your code / replace with',
      cells: [
        'endpoint = # TODO 7: Your code goes here',
        '# TODO: Your code here to create a tfma.MetricThreshold.\n\naccuracy_threshold =\n\nmetrics_specs = tfma.MetricsSpec(\n    metrics=[tfma.MetricConfig(class_name="Accuracy", threshold=accuracy_threshold)])',
        'PROJECT = # Replace with your PROJECT\nBUCKET = PROJECT\nREGION = "us-east1"',
        // mlops-on-gcp's guided_project_1/2 (immersion/ and workshops/)
        'ENDPOINT = # Enter your ENDPOINT here.',
        'ENDPOINT = # Enter your Kubeflow ENDPOINT here.',
        // databricks-academy/ml-in-production-japanese's Labs: the comment swallows the `)`
        '# TODO\nsearch_space = #FILL_IN\nspark_trials = SparkTrials(parallelism=#FILL_IN)\nwith mlflow.start_run(run_name="Hyperopt"):\n    argmin = fmin(#FILL_IN)'
      ]
    },
    {
      // round 13 (precision-verdicts-13 rows 61, 63-65): codebasics' exercise_fashion_mnist_gpu_
      // benchmarking leaves each timed block's body for the student, only a comment in it
      // (in an exercise handed out: unrun, Markdown above sets an exercise, as there)
      name: 'a block whose body is only a comment speaking to the student (`# your code here`)',
      cells: [
        {
          md: "<h3 style='color:blue'>Exercise: GPU performance for fashion mnist dataset</h3>"
        },
        "%%timeit -n1 -r1\nwith tf.device('/CPU:0'):\n    # your code goes here",
        "%%timeit -n1 -r1\nwith tf.device('/GPU:0'):\n    # your code here",
        'for epoch in range(3):\n\n    # TODO 2: your code here\n\nprint("done")',
        'if ok:\n    # Your code here\n    # (hint: call fit)\nelse:\n    pass',
        'def train(model):\n    # YOUR_CODE_HERE\n\nclass Net:  # a model\n    # your code goes here'
      ]
    },
    {
      // databricks-academy/large-language-models, LLM 01L and 02L: lab cells under "# TODO" whose
      // blanks the student fills in (the Solutions copy has them filled)
      name: 'exercise blanks (<FILL_IN>) in expression positions',
      cells: [
        '# TODO\n# Constructor a summarization pipeline\nsummarizer = <FILL_IN>\n',
        'talks_collection.add(\n    documents=<FILL_IN>,\n    ids=<FILL_IN>\n)',
        '# TODO\nlm_response = pipe(<FILL_IN>)\nprint(lm_response[0]["generated_text"])',
        'model = <FILL-IN>.fit(X, y)\nfor row in <YOUR_CODE_HERE>:\n    print(row)',
        'df = spark.read.table(<FILL IN>)\nreturn_value = df.<FILL_IN>()'
      ]
    },
    {
      // udacity/deep-learning-v2-pytorch, Sentiment_RNN_Exercise (round 8): the Markdown above
      // sets the exercise; the cell's comment does not speak to the student
      name: 'empty assignments in the answer cell under Markdown that sets an exercise',
      cells: [
        {
          md: '## Instantiate the network\n\n> **Exercise:** Define the model  hyperparameters.\n'
        },
        '# Instantiate the model w/ hyperparams\nvocab_size = \noutput_size = \nembedding_dim = \n\nnet = SentimentRNN(vocab_size, output_size, embedding_dim)\n\nprint(net)'
      ]
    },
    {
      // one exercise word list (support/placeholders): "Your turn" sets an exercise right above
      // the answer cell as it does further up for NB108
      name: 'empty assignments in the answer cell under a "Your turn" prompt',
      cells: [
        { md: '### Your turn\n\nPick the hyperparameters.' },
        'vocab_size = \nnet = SentimentRNN(vocab_size)'
      ]
    },
    {
      // databricks-blogposts' codesnippets_cluster_configs.ipynb (round 9): a cluster
      // configuration with // comments and a trailing comma, kept in a code cell to copy
      name: 'a JSON document with comments in a code cell',
      cells: [
        '{\n"cluster_name": "BioNemoDockerCluster",\n"aws_attributes": {"zone_id": "us-west-2c" }, //help to avoid capacity limits\n//Specifies the type of EC2 instance\n"custom_tags": {"removeAfter": "yyy-mm-dd",},\n"docker_image": {"url": "https://registry.example.com/img:latest"},\n"enable_elastic_disk": true\n}',
        '[\n  {"task_key": "train"}, // first\n  {"task_key": "score"}\n]'
      ]
    },
    {
      // round 15 rows 67-69, 72 and round 16 rows 67-72: exercise blanks of teaching labs, in
      // cells never run: "## Fillin ##", "x, y = # TODO", "assert (# please complete this)",
      // "###" and "???" where the value goes
      name: 'exercise blanks of teaching labs in cells never run',
      cells: [
        'counts=Data.  ## Fillin ##\ncounts.sort()\nData.map(## FILLIN ##)',
        "'''TODO: Use the evaluate method to test the model!'''\ntest_loss, test_acc = # TODO\n\nprint('Test accuracy:', test_acc)",
        '# Check Function\n\nassert (# please complete this)\n\n### BEGIN HIDDEN TESTS\n# please complete this\n### END HIDDEN TESTS',
        '# Set a random seed\nnp.random.seed(###)\nimputer = SimpleImputer(strategy=###, fill_value=###)\ncar_sales_X = ###',
        '## Calculate the average temperature per day\nt_validated.???\ntemperatures = ???'
      ]
    },
    {
      // rasbt's Lightning template (round 8): `???` alone on its line where the argument goes is
      // no comment, and two cells marking answers so make the notebook an exercise
      name: 'a template whose never-run cells leave ??? in two places',
      cells: [
        'pytorch_model = PyTorchModel(\n    ???\n)',
        '# In the case of ???, the class label mapping\n# ???\nclass_dict = {???}'
      ]
    },
    {
      // attack review of s18-r15 (/tmp/rv5 d7): a `###` alone on its line is a comment, here a
      // heading inside a dict whose real blank is the `<FILL_IN>`
      name: 'a ### comment line inside brackets is no blank',
      cells: [
        'params = {\n    ### learning rate\n    "lr": <FILL_IN>,\n    ###\n    "epochs": 3,\n}\n'
      ]
    }
  ],
  invalid: [
    {
      // round 21's attack review, R10: "assignment" in the name (a sales territory assignment)
      // with one comment to the student and no Markdown prompt: a real IndentationError, as the
      // same notebook named sales_report.ipynb
      name: 'a notebook named as an assignment with one marked answer, never run',
      path: 'territory_assignment.ipynb',
      cells: [
        { md: '# Sales territories' },
        'import pandas as pd',
        'def score(row):\n    # your code here\n\nprint(score(1))'
      ],
      errors: [{ message: 'Cell does not parse', cell: 3 }]
    },
    {
      // the near misses of s20's blanks: a comment-only body in a never-run notebook whose name
      // sets no exercise, None outside a START CODE HERE block, `from` with no blank, a
      // comment after a float's dot, and a comment after a name's dot in a cell that ran
      name: 'near misses of the file-name, None, from-import and attribute blanks',
      path: 'training.ipynb',
      cells: [
        'try:\n    # YOUR CODE GOES HERE\nexcept OSError:\n    pass',
        'def None():\n    pass',
        'from \nimport os',
        'x = 1.  # can you complete this?\ny = (',
        { code: 'df.#<- can you complete this?', count: 3 }
      ],
      errors: [
        { message: 'does not parse', cell: 1, line: 3 },
        { message: 'does not parse', cell: 2, line: 1 },
        { message: 'does not parse', cell: 3, line: 1 },
        { message: 'does not parse', cell: 4, line: 2 },
        { message: 'does not parse', cell: 5, line: 1 }
      ]
    },
    {
      // attack review of s18-r15 (/tmp/rv5 d3, d8): a `###` alone on its line is a comment, not a
      // blank: the cell's real error is reported where it is, and a block whose only line is such
      // a comment is CPython's IndentationError (no INDENT for a comment line)
      name: 'a ### alone on its line in a cell never run hides no error',
      cells: [
        'params = {\n    "a": 1,\n    ###\n    "b": 2,\n}\nprint "x"\n',
        'for i in range(3):\n    ###\nprint(i)\n'
      ],
      errors: [
        { message: 'does not parse', cell: 1, line: 6 },
        { message: 'does not parse', cell: 2, line: 3 }
      ]
    },
    {
      // attack review of s18-r15 (/tmp/rv5 d1, d2): never run is also every nbstripout-ed
      // notebook; without Markdown that sets an exercise and with a bare blank in one cell only
      // (an exercise marks every answer so), `threshold = ###` is an unfinished line
      name: 'a bare ### in a never-run notebook that is no exercise is reported',
      cells: [
        'import pandas as pd\ndf = pd.read_csv("data.csv")\nthreshold = ###\nprint(df[df.score > threshold])\n'
      ],
      errors: [{ message: 'does not parse', cell: 1, line: 3 }]
    },
    {
      name: 'a bare # TODO value in a never-run notebook that is no exercise is reported',
      cells: ['import keras\ntest_loss, test_acc = # TODO\n'],
      errors: [{ message: 'does not parse', cell: 1, line: 2 }]
    },
    {
      name: 'near misses: the bare blanks in cells that ran, and notes that are no blank',
      cells: [
        { code: 'np.random.seed(###)', count: 3, outputs: [] },
        { code: 'test_loss, test_acc = # TODO', count: 4, outputs: [] },
        { code: 't.???', count: 5, outputs: [] },
        'x = ### the value\ny = 2',
        'counts = Data.  # fill in later',
        'with tf.device("/CPU:0"):\n    # please complete this'
      ],
      errors: [
        { message: 'does not parse', cell: 1 },
        { message: 'does not parse', cell: 2 },
        { message: 'does not parse', cell: 3 },
        { message: 'does not parse', cell: 4 },
        { message: 'does not parse', cell: 5 },
        { message: 'does not parse', cell: 6 }
      ]
    },
    {
      // attack review of s17-r13 (/tmp/RP2/t nb201_ran, nb201_py, nb201_real): a block left with
      // only a comment to the student is a real IndentationError in a notebook that ran (its saved
      // output says so) or in one that sets no exercise
      name: 'a placeholder-comment body outside an exercise handed out is reported',
      cells: [
        { md: '# Churn model' },
        {
          code: "import pandas as pd\nraw = pd.read_csv('c.csv')",
          count: 1
        },
        {
          code: 'def preprocess(df):\n    # TODO 1: add the cleaning steps here\n\ndf = preprocess(raw)\ndf.head()',
          count: 2,
          outputs: [
            {
              output_type: 'error',
              ename: 'IndentationError',
              evalue:
                'expected an indented block after function definition on line 1 (1066119771.py, line 4)',
              traceback: [
                'IndentationError: expected an indented block after function definition on line 1'
              ]
            }
          ]
        },
        'for col in raw.columns:\n    # put your checks here\nraw.describe()'
      ],
      errors: [
        { message: 'Cell does not parse', cell: 3, line: 4 },
        { message: 'Cell does not parse', cell: 4, line: 3 }
      ]
    },
    {
      name: 'a placeholder-comment body in an unrun notebook that sets no exercise is reported',
      cells: [
        { md: '# Training pipeline' },
        'def train(model, data):\n    # your code here\n\nresult = train(m, d)\nprint(result)'
      ],
      errors: [{ message: 'Cell does not parse', cell: 2, line: 4 }]
    },
    {
      // attack review of s17-r13 (nb201_cant): "can't" in a comment of a cell that does not parse
      // says nothing of its SyntaxError (an import that cannot move), which is still reported
      name: 'a comment saying something cannot be done does not excuse a SyntaxError',
      cells: [
        { md: '# Sales report' },
        {
          code: "# can't import this at module level (circular), so it lives here\nfrom report import build\ntotals = build(sales\nprint(totals)",
          count: 1,
          outputs: [
            {
              output_type: 'error',
              ename: 'SyntaxError',
              evalue: "'(' was never closed",
              traceback: ["SyntaxError: '(' was never closed"]
            }
          ]
        }
      ],
      errors: [{ message: 'Cell does not parse', cell: 2 }]
    },
    {
      // lq11 Essential-PySpark ml-lifecycle.py cell 10: quotes pasted from a word processor;
      // the grammar reads them as part of a name, CPython's tokenizer stops there
      name: 'a character outside ASCII that no name may hold, outside strings and comments',
      cells: [
        'df = spark.read.table("t")\ndf.write.format(“delta”).save(“/tmp/p”)',
        'x² = 1'
      ],
      errors: [
        { message: "invalid character '“' (U+201C)", cell: 1, line: 2 },
        { message: "invalid character '²' (U+00B2)", cell: 2, line: 1 }
      ]
    },
    {
      // lq7 catboost mvs_and_uncertainty.ipynb cell 21: a commented-out first line at column 0,
      // then indented code; IPython dedents a cell only by its first line's indentation
      name: 'indented statements under a first line at column 0, a comment or a line magic',
      cells: [
        "#     {'bootstrap_type': 'No'},\n    {'bootstrap_type': 'Bayesian'},\n    {'bootstrap_type': 'Poisson'}",
        '%matplotlib inline\n    x = 1'
      ],
      errors: [
        { message: 'unexpected indentation', cell: 1, line: 2 },
        { message: 'unexpected indentation', cell: 2, line: 2 }
      ]
    },
    {
      // the trailing-dot and starred-target repairs hide no real error after them
      name: 'a real error after a trailing-dot float or a starred comprehension target',
      cells: [
        'x = max(1. if a else 0., 2)\ny = (',
        'last = [l for *_, l in E]\nz = [*x for *y in E if *w]'
      ],
      errors: [
        { message: 'Cell does not parse', cell: 1, line: 2 },
        { message: 'Cell does not parse', cell: 2, line: 2 }
      ]
    },
    {
      name: 'a dict that is Python with a // comment, and a JSON-like cell that is not JSON',
      cells: [
        'config = {\n  "a": 1, // note\n}',
        '{\n"a": 1, // note\n"b": f(x\n}'
      ],
      errors: [
        { message: 'Cell does not parse', cell: 1, line: 2 },
        { message: 'Cell does not parse', cell: 2 }
      ]
    },
    {
      name: 'the same empty assignments with no exercise above, or another error in the answer cell',
      cells: [
        { md: '## Instantiate the network' },
        '# Instantiate the model w/ hyperparams\nvocab_size = \nnet = SentimentRNN(vocab_size)',
        { md: '> **Exercise:** Define the model hyperparameters.' },
        'vocab_size = \nnet = SentimentRNN(vocab_size'
      ],
      errors: [
        { message: 'invalid syntax', cell: 2, line: 2 },
        { message: 'Cell does not parse', cell: 4, line: 2 }
      ]
    },
    {
      // review R3 nb201_ex: a solution notebook that ran, under Markdown naming an exercise; its
      // `mean = ` is a real error, not a blank handed out
      name: 'an empty assignment under an exercise prompt in a notebook that ran',
      cells: [
        { md: '## Exercise 3: your code computes the mean' },
        { code: 'import numpy as np\nmean = \nprint(mean)', count: 3 }
      ],
      errors: [{ message: 'Cell does not parse', cell: 2, line: 2 }]
    },
    {
      // /tmp/r8 review p1: main reported this NB201
      name: "a plain Jupyter notebook's %%spark cell is Python when its sparkmagic session is",
      cells: [
        '%load_ext sparkmagic.magics\n%spark add -s s -l python -u http://livy:8998',
        '%%spark\ndef f(:\n  pass'
      ],
      errors: [
        {
          message: 'invalid syntax',
          messageId: 'syntaxError',
          cell: 2,
          line: 2
        }
      ]
    },
    {
      // a bare `%pip` is a Python cell's line magic: the prose below it is Python that fails
      name: 'a Databricks source cell that starts with a bare %pip is still Python',
      text: '# Databricks notebook source\n%pip install x==1\nIf you want more, ask\n',
      errors: [
        {
          message: 'invalid syntax',
          messageId: 'syntaxError',
          cell: 1,
          line: 2
        }
      ]
    },
    {
      // without Databricks' utilities the notebook is Jupyter's: `%sql` is a line magic there
      // and the lines below it run as Python
      name: 'a %sql cell of a plain notebook that never calls dbutils is still parsed as Python',
      cells: ['%sql\nCREATE SCHEMA IF NOT EXISTS ai;'],
      errors: [
        {
          message: 'invalid syntax',
          messageId: 'syntaxError',
          cell: 1,
          line: 2
        }
      ]
    },
    {
      name: "a Databricks notebook's Python cell that does not parse is still reported beside its %sql cells",
      cells: [
        'CATALOG = dbutils.widgets.get("CATALOG")',
        '%sql\nCREATE SCHEMA IF NOT EXISTS ${CATALOG}.ai;',
        'def f(:\n    pass'
      ],
      errors: [
        {
          message: 'invalid syntax',
          messageId: 'syntaxError',
          cell: 3,
          line: 1
        }
      ]
    },
    {
      // review D5: isSynapseSparkNotebook compared the kernel's name case-sensitively
      name: 'a %%pyspark cell on a Synapse_PySpark kernel (any case) of a Scala notebook is Python and checked',
      metadata: {
        kernelspec: {
          name: 'Synapse_PySpark',
          display_name: 'Synapse PySpark'
        },
        language_info: { name: 'scala' }
      },
      cells: ['%%pyspark\ndef f(:\n    pass'],
      errors: [
        {
          message: 'invalid syntax',
          messageId: 'syntaxError',
          cell: 1,
          line: 2
        }
      ]
    },
    {
      name: 'a Synapse %%pyspark cell is Python and still checked',
      metadata: { saveOutput: true, language_info: { name: 'scala' } },
      cells: ['%%pyspark\ndef f(:\n    pass'],
      errors: [
        {
          message: 'invalid syntax',
          messageId: 'syntaxError',
          cell: 1,
          line: 2
        }
      ]
    },
    {
      name: 'a real syntax error beside an exercise blank is still reported, where it is',
      cells: ['summarizer = <FILL_IN>\nprint("summary:" summarizer)'],
      errors: [{ message: 'Cell does not parse', cell: 1, line: 2, column: 18 }]
    },
    {
      name: "an empty assignment in a cell that says nothing to a student (an author's TODO) is a syntax error",
      cells: [
        'threshold =\nmodel.fit(X, y)',
        '# TODO: handle nulls\n# fill missing values, replace with the median\ndf =\ndf.fillna(0)'
      ],
      errors: [
        { message: 'Cell does not parse', cell: 1, line: 1 },
        { message: 'Cell does not parse', cell: 2, line: 3 }
      ]
    },
    {
      name: 'an exercise cell with a real syntax error besides its blank: the error, where it is',
      cells: ['# TODO: your code here\nendpoint =\nprint("deployed" endpoint)'],
      errors: [{ message: 'Cell does not parse', cell: 1, line: 3, column: 18 }]
    },
    {
      // CPython: "IndentationError: expected an indented block after 'if' statement"; a comment
      // that is the author's note, none, or one not inside the block leaves it an error
      name: 'an empty block is reported unless its only comment speaks to the student',
      cells: [
        'if x:\nprint(1)',
        'for i in range(3):\n    # TODO later\nprint(i)',
        'with open(p) as f:\n# your code here',
        'while True:',
        'if a:\n    # your code here\nprint("x" 1)'
      ],
      errors: [
        { message: 'Cell does not parse', cell: 1, line: 2 },
        { message: 'Cell does not parse', cell: 2 },
        { message: 'Cell does not parse', cell: 3 },
        { message: 'Cell does not parse', cell: 4 },
        { message: 'Cell does not parse', cell: 5, line: 3, column: 1 }
      ]
    },
    {
      // in an exercise handed out the blank body is filled: the cell's other error, where it is
      name: 'an exercise block with a real syntax error besides its blank body: the error, where it is',
      cells: [
        { md: '**Exercise:** fit the model.' },
        'if a:\n    # your code here\nprint("x" 1)'
      ],
      errors: [{ message: 'Cell does not parse', cell: 2, line: 3, column: 11 }]
    },
    {
      name: 'HTML pasted into a code cell is no exercise blank',
      cells: ['<div>Results</div>'],
      errors: [{ message: 'Cell does not parse', cell: 1, line: 1 }]
    },
    {
      // the review of s13-prec: angle brackets outside an exercise's vocabulary are HTML, a
      // type parameter, a pasted repr or a stray target; CPython rejects each
      name: 'angle-bracketed words that are no exercise blank are reported',
      cells: [
        'x = 1 + <b>',
        'x = {{ <value> }}',
        'def f() -> <T>: pass',
        'f = lambda <x>: 1',
        'del <x>',
        'fig = <Figure size 640x480 with 1 Axes>'
      ],
      errors: [1, 2, 3, 4, 5, 6].map(cell => ({
        message: 'Cell does not parse',
        cell,
        line: 1
      }))
    },
    {
      // the review of s13-prec: the student-directed comment must be the blank's own, or a
      // comment line right above it; a '#' in a string or a bare 'your' is no exercise
      name: 'an empty assignment whose comment is not an exercise instruction is reported',
      cells: [
        'x = # your data loaded below\nprint(1)',
        '# load your data\ndf = \nprint(df)',
        'url = "https://example.org/docs#your-account"\ndf =\nprint(df)',
        'df =  # fill in later'
      ],
      errors: [
        { message: 'Cell does not parse', cell: 1, line: 1 },
        { message: 'Cell does not parse', cell: 2, line: 2 },
        { message: 'Cell does not parse', cell: 3, line: 2 },
        { message: 'Cell does not parse', cell: 4, line: 1 }
      ]
    },
    {
      // the review of s13-prec: a long comment after an exercise blank took 17-23 s (the scan
      // was quadratic); the time is in bench/lint-placeholders-long.js, the result here
      name: 'a long line after an empty assignment is read, and the cell reported',
      cells: [
        'x =\n' + '#'.repeat(100_000),
        // the blank is an exercise's; `a: <spaces> b c` is the error
        'x = # your code\na:' + ' '.repeat(100_000) + 'b c'
      ],
      errors: [
        { message: 'Cell does not parse', cell: 1, line: 1 },
        { message: 'Cell does not parse', cell: 2, line: 2 }
      ]
    },
    {
      name: 'a placeholder after a name is a comparison, and no blank (`x <FILL_IN>`)',
      cells: ['x <FILL_IN>'],
      errors: [{ message: 'Cell does not parse', cell: 1, line: 1 }]
    },
    {
      name: 'Markdown below about syntax errors in general does not excuse this one',
      cells: [
        { md: '# T' },
        {
          code: 'print("a"\n',
          count: 9,
          outputs: [
            {
              output_type: 'error',
              ename: 'SyntaxError',
              evalue: 'incomplete input',
              traceback: ['SyntaxError: incomplete input']
            }
          ]
        },
        { md: 'Common mistakes: a missing bracket gives a SyntaxError.' }
      ],
      errors: [{ message: 'Cell does not parse', cell: 2 }]
    },
    {
      name: 'a cell indented as a whole that does not parse dedented either',
      cells: ['  try:\n      f()\n  except:'],
      errors: [
        {
          message: 'Cell does not parse',
          cell: 1,
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 3
        }
      ]
    },
    {
      name: 'the same cell never run: nothing shows the author met the error',
      cells: [
        {
          md: 'Working with slices within these index tuples is not especially convenient; trying to create a slice within a tuple will lead to a syntax error:'
        },
        "health_data.loc[(:, 1), (:, 'HR')]"
      ],
      errors: [
        {
          message: "Cell does not parse (invalid syntax near ':')",
          cell: 2,
          line: 1,
          column: 18,
          endLine: 1,
          endColumn: 18
        }
      ]
    },
    {
      cells: ['a = 1', 'def f(:\n    pass'],
      errors: [
        {
          message: 'Cell does not parse',
          messageId: 'syntaxError',
          cell: 2,
          line: 1
        }
      ]
    },
    {
      name: 'a Python cell of a Synapse notebook is still checked',
      cells: ['def f(:\n    pass'],
      metadata: {
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark'
        },
        language_info: { name: 'python' }
      },
      errors: [{ message: 'Cell does not parse', cell: 1, line: 1 }]
    }
  ]
});
