import rule from '../../src/rules/unseeded-global-random';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // round 22 (pyro's intro_long, easyguide): Pyro's documented seeding helper seeds torch,
      // numpy and random (pyro/util.py)
      name: 'pyro.set_rng_seed seeds the draws below',
      cells: [
        'import torch\nimport pyro\npyro.set_rng_seed(1)',
        'a = pyro.param("a", lambda: torch.randn(()))'
      ]
    },
    {
      // round 22 (pyro's contrib_funsor_intro_ii): the helper imported under another name
      name: 'set_rng_seed imported under an alias',
      cells: [
        'import torch\nfrom pyro import set_rng_seed as pyro_set_rng_seed\npyro_set_rng_seed(101)',
        'p = torch.rand((3, 3))'
      ]
    },
    {
      name: "Catalyst's set_global_seed",
      cells: [
        'import numpy as np\nfrom catalyst import utils\nutils.set_global_seed(42)\nx = np.random.rand(3)\nprint(x)'
      ]
    },
    {
      // caspers-kitchens support_request_agent_stream: a UDF falls back on another function that
      // is a UDF too; both run on the executors only
      name: 'a UDF called only from inside another UDF',
      cells: [
        'import random\nfrom pyspark.sql.functions import udf\ndef get_fake_response(order_id):\n    return random.choice(fake_responses)\ndef call_agent(payload):\n    try:\n        return post(payload)\n    except Exception:\n        return get_fake_response(payload)\ncall_agent_udf = udf(call_agent, StringType())\nget_fake_response_udf = udf(get_fake_response, StringType())'
      ]
    },
    {
      // ab-testing "4. Real time inference": the A/B assignment drawn in a pandas_udf;
      // caspers-kitchens refund_recommender_stream: canned fake responses in functions wrapped
      // by udf(); the driver's seed does not reach the executors' Python workers
      name: 'draws in functions that run as Spark UDFs (decorated, wrapped, registered, mapInPandas, a lambda)',
      cells: [
        'import numpy as np\nimport pandas as pd\nfrom pyspark.sql.functions import pandas_udf\n\n@pandas_udf("double")\ndef pandas_random_number(s: pd.Series) -> pd.Series:\n    return s.apply(lambda x: np.random.uniform())',
        'import random, json\nfrom pyspark.sql import functions as F\ndef get_fake_response(order_id: str) -> str:\n    return json.dumps(random.choice(fake_responses))\nfake_udf = F.udf(get_fake_response, StringType())',
        'def pick(x):\n    return random.random()\nspark.udf.register("pick", pick, "double")\ndef shuffle_batches(it):\n    for pdf in it:\n        yield pdf.sample(frac=np.random.rand())\nout = df.mapInPandas(shuffle_batches, df.schema)\ncoin = F.udf(lambda: random.randint(0, 1), "int")'
      ]
    },
    {
      name: 'values that only name things are random on purpose',
      cells: [
        'import random, string\nendpoint_name = f"endpoint-{random.randint(1000, 9999)}"\nrun = "run-" + str(random.random())\nsuffix = random.randint(0, 10**6)\ntag = "".join(random.choices(string.ascii_lowercase, k=6))'
      ]
    },
    {
      // azureml-examples' managed-identity endpoint notebook: the number only names resources
      name: 'a drawn variable that is read only inside names',
      cells: [
        'import random\n\nrand = random.randint(0, 10000)\n\nendpoint_name = f"endpt-moe-{rand}"\nstorage_account_name = f"oepstorage{rand}"',
        'uai_name = "oep-user-identity-" + str(rand)'
      ]
    },
    {
      // azureml-examples' mmdetection notebook: a random edge colour per box
      name: 'a random colour for a plot',
      cells: [
        'import numpy as np\nfor box in boxes:\n    color = np.random.rand(3)\n    ax.add_patch(Rectangle(box, edgecolor=color))'
      ]
    },
    {
      // azureml-examples' mask-generation notebooks: a random mask colour inside an expression
      name: 'a random colour built from a draw',
      cells: [
        'import numpy as np\ndef show_mask(mask, ax, random_color=False):\n    if random_color:\n        color = np.concatenate([np.random.random(3), np.array([0.6])], axis=0)\n    ax.imshow(mask * color)'
      ]
    },
    {
      // dask-examples' futures and evolving-workflows: random waits simulate uneven work
      name: 'draws that only set how long to sleep',
      cells: [
        'import random, time\ndef inc(x):\n    time.sleep(random.random())\n    return x + 1',
        'from time import sleep\ndef process_item(x):\n    sleep(random.random() / 4)\n    delay = random.uniform(0, 2)\n    sleep(delay)\n    return x'
      ]
    },
    {
      // dbdemos' patient-readmission: a random id for the cohort rows a table gets appended
      name: 'draws stored as an identifier: a column, a keyword, a key',
      cells: [
        "import random\ncohort = df.withColumn('id', F.lit(random.randint(999999, 99999999)))",
        'submit(job, run_id=random.randint(0, 10**9))\nrow = {"uuid": random.random(), "request_id": random.randint(0, 9)}'
      ]
    },
    {
      // Machine-Learning-Engineering-with-MLflow's randomizer: a random baseline pyfunc model
      name: 'a draw inside a method of an MLflow pyfunc model',
      cells: [
        'import random\nfrom mlflow.pyfunc import PythonModel\nclass RandomPredictor(PythonModel):\n    def predict(self, context, model_input):\n        return model_input.apply(lambda column: random.randint(0, 1))',
        'class Other(mlflow.pyfunc.PythonModel):\n    def predict(self, context, x):\n        return np.random.rand(len(x))'
      ]
    },
    {
      // pytorch-deep-learning's exercise solutions: a dummy forward pass to see the shapes
      name: 'a dummy input that only checks shapes',
      cells: [
        'import torch\ndummy_x = torch.rand(size=(1, 28, 28)).unsqueeze(dim=0)\nmodel(dummy_x).shape'
      ]
    },
    {
      // round 28 (IBM watson-machine-learning-samples, "Convert ONNX neural network from fixed
      // axes to dynamic axes" cell 23): the dummy input only gives the exported graph its shape
      name: 'a random dummy input to torch.onnx.export',
      cells: [
        'import torch\nmodel = SimpleModel()\n\ntorch_input = torch.randn(1, 2) \n\ntorch.onnx.export(model,\n                  torch_input,\n                  onnx_model_path,\n                  verbose=False,\n                  input_names=["input"])\n\nprint(f"ONNX model has been saved to {onnx_model_path}")'
      ]
    },
    {
      name: 'random inputs given straight to jit.trace, summary and add_graph',
      cells: [
        'import torch\ntraced = torch.jit.trace(model, torch.rand(1, 3, 224, 224))',
        'from torchinfo import summary\nsummary(model, input_data=torch.randn(1, 3, 32, 32))',
        'writer.add_graph(model, (torch.rand(1, 4), torch.rand(1, 4)))'
      ]
    },
    {
      // rounds 8, 27 and 28: a random sample only shown, whose numbers the page never relies on
      name: 'a random sample only printed or plotted',
      cells: [
        'import numpy as np\nsample = np.random.randn(5)\nprint(sample)',
        'import matplotlib.pyplot as plt\nplt.hist(np.random.randn(1000), bins=30)'
      ]
    },
    {
      cells: ['import numpy as np\nnp.random.seed(0)', 'x = np.random.rand(3)']
    },
    { cells: ['import random\nrandom.seed(1)\nrandom.shuffle(items)'] },
    {
      name: 'a seed call under an alias whose own name does not say seed',
      cells: [
        'import torch\nfrom torch import manual_seed as fix\nfix(0)',
        'x = torch.rand(3)'
      ]
    },
    {
      cells: [
        'import numpy as np\nrng = np.random.default_rng(42)\nrng.normal()'
      ]
    }
  ],
  invalid: [
    // an attack review of s16-seed: the UDF exemption went by the function's name in the raw
    // text of every cell. A function the driver also calls draws in the notebook's own
    // interpreter; `udf(pick)` in a comment or a Markdown cell hands nothing to Spark; a second
    // `def f` is another function than the one given to udf() (one finding per notebook: one
    // case each)
    ...[
      {
        name: 'a function passed to udf() that the driver also calls',
        cells: [
          'import random\nfrom pyspark.sql.functions import udf\ndef jitter(x):\n    return x + random.random()\njitter_udf = udf(jitter)\nsample = [jitter(v) for v in range(10)]'
        ],
        errors: [{ message: 'random.random() draws', cell: 1, line: 4 }]
      },
      {
        name: 'a function passed to udf() that a driver-side function also calls',
        cells: [
          'import random\nfrom pyspark.sql.functions import udf\ndef pick(xs):\n    return random.choice(xs)\npick_udf = udf(pick)\ndef report():\n    return pick([1, 2])\nreport()'
        ],
        errors: [{ message: 'random.choice() draws', cell: 1, line: 4 }]
      },
      {
        name: 'udf(f) in a comment hands nothing to Spark',
        cells: [
          'import random\ndef pick(xs):\n    return random.choice(xs)\n# TODO later: wrap as udf(pick) for spark\nwinner = pick([1, 2, 3])'
        ],
        errors: [{ message: 'random.choice() draws', cell: 1, line: 3 }]
      },
      {
        name: 'udf(f) in a Markdown cell hands nothing to Spark',
        cells: [
          { md: 'Later we could wrap it as `udf(pick)` for Spark.' },
          'import random\ndef pick(xs):\n    return random.choice(xs)\nwinner = pick([1, 2])'
        ],
        errors: [{ message: 'random.choice() draws', cell: 2, line: 3 }]
      },
      {
        name: 'a later def of the same name is another function than the UDF',
        cells: [
          'import random\nfrom pyspark.sql.functions import udf\ndef f(x):\n    return x\nf_udf = udf(f)',
          'def f(n):\n    return random.sample(range(100), n)'
        ],
        errors: [{ message: 'random.sample() draws', cell: 2, line: 2 }]
      }
    ],
    {
      // the near-miss: the same draw in a function the driver calls itself (passed to no udf)
      name: 'a draw in a function that runs on the driver, beside a UDF, is reported',
      cells: [
        'import numpy as np\nfrom pyspark.sql.functions import pandas_udf\n\n@pandas_udf("double")\ndef scaled(s):\n    return s * 2\n\ndef assign_groups(n):\n    return np.random.uniform(size=n) < 0.5\ngroups = assign_groups(100)\nudf_of_other = pandas_udf(scaled_other, "double")'
      ],
      errors: [
        {
          message:
            'numpy.random.uniform() draws from a global random generator',
          cell: 1,
          line: 9
        }
      ]
    },
    // near-misses of the traced and shown inputs: the same input also run through the model, a
    // value computed from the draw and then printed, a shown sample also summed
    ...[
      {
        name: 'a dummy input also run through the model',
        cells: [
          'import torch\nx = torch.randn(1, 2)\ntorch.onnx.export(model, x, path)\ny = model(x)'
        ],
        errors: [{ message: 'torch.randn() draws', cell: 1, line: 2 }]
      },
      {
        name: 'a result computed from a draw, then printed',
        cells: [
          'import numpy as np\nprint(model.fit(np.random.rand(10, 2), y).score(X, y))'
        ],
        errors: [{ message: 'numpy.random.rand() draws', cell: 1, line: 2 }]
      },
      {
        name: 'a printed sample that a later line also sums',
        cells: [
          'import numpy as np\nsample = np.random.randn(5)\nprint(sample)',
          'total = sample.sum()'
        ],
        errors: [{ message: 'numpy.random.randn() draws', cell: 1, line: 2 }]
      }
    ],
    // review of s13-prec2: the exemptions go by use, not by name: a dummy input a model is
    // fitted on, a random id column that becomes the groups, weights a pyfunc model draws in
    // __init__ (pickled with it when logged)
    ...[
      ['dummy_x = np.random.rand(100, 5)', 'model.fit(dummy_x, y)'],
      [
        "df.insert(0, 'user_id', np.random.randint(0, 5, len(df)))",
        "df.groupby('user_id').mean()"
      ],
      [
        "data = pd.DataFrame({'id': np.random.randint(0, 3, 100), 'v': v})",
        "data.groupby('id').sum()"
      ],
      [
        'class M(mlflow.pyfunc.PythonModel):\n    def __init__(self):\n        self.w = np.random.rand(3)',
        '    def predict(self, context, x):\n        return x @ self.w'
      ]
    ].map(([draw, use]) => ({
      name: `a draw whose values decide a result: ${draw.split('\n').pop()?.trim()}`,
      cells: [`import numpy as np\n${draw}\n${use}`],
      errors: [
        {
          message: 'draws from a global random generator',
          cell: 1,
          line: draw.split('\n').length + 1
        }
      ]
    })),
    {
      // the exemptions are for the value's only use: a draw that is also a value, a column
      // that is not an id, a keyword that is not one, and a wait whose value is also returned
      name: 'draws next to a sleep or an id that are values',
      cells: [
        "import random, time\ndf = df.withColumn('label', F.lit(random.randint(0, 1)))",
        'fit(x, idx=random.randint(0, 9))',
        'delay = random.random()\ntime.sleep(delay)\nresults.append(delay)'
      ],
      errors: [
        {
          message: 'random.randint() draws from a global random generator',
          cell: 1,
          line: 2,
          column: 35
        }
      ]
    },
    {
      // only a pyfunc model's methods serve elsewhere: another class's draw runs here
      name: 'a draw in a method of a class that is not a pyfunc model',
      cells: [
        'import random\nclass Sampler(Base):\n    def draw(self):\n        return random.randint(0, 1)\n\nSampler().draw()'
      ],
      errors: [
        {
          message: 'random.randint() draws from a global random generator',
          cell: 1,
          line: 4,
          column: 16
        }
      ]
    },
    {
      name: 'a wait and a value drawn in one cell: the value is reported',
      cells: [
        'import random, time\ndef parse_file(fn):\n    time.sleep(random.random())\n    return [random.random() for _ in range(3)]'
      ],
      errors: [
        {
          message: 'random.random() draws from a global random generator',
          cell: 1,
          line: 4,
          column: 13
        }
      ]
    },
    {
      name: 'a drawn variable that is also used as a value',
      cells: [
        'import random\nk = random.randint(0, 9)',
        'name = f"run-{k}"\nsample = rows[k]'
      ],
      errors: [
        {
          message: 'random.randint() draws from a global random generator',
          cell: 1,
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 19
        }
      ]
    },
    {
      // the review of s15-r11 (D5): the inserted line ends as the cell's lines do
      name: 'the unsafe fix in a CRLF cell writes CRLF',
      cells: ['import random\r\nrandom.random()\r\n'],
      errors: [{ message: 'random.random() draws', cell: 1, line: 2 }],
      unsafe: true,
      output: ['import random\r\nrandom.seed(0)\r\nrandom.random()\r\n']
    },
    {
      name: 'a real draw next to a naming one; the unsafe fix seeds above the top-level statement',
      cells: [
        'import numpy as np\nname = f"job-{np.random.randint(100)}"\nfor i in range(3):\n    noise = np.random.normal(0, 1, 10)'
      ],
      errors: [
        {
          message: 'numpy.random.normal() draws',
          cell: 1,
          line: 4,
          column: 13,
          endLine: 4,
          endColumn: 29
        }
      ],
      unsafe: true,
      output: [
        'import numpy as np\nname = f"job-{np.random.randint(100)}"\nnp.random.seed(0)\nfor i in range(3):\n    noise = np.random.normal(0, 1, 10)'
      ]
    },
    {
      cells: [
        'import numpy as np',
        'noise = np.random.randn(10)',
        'idx = np.random.choice(5)'
      ],
      errors: [
        {
          message: 'numpy.random.randn() draws from a global random generator',
          messageId: 'unseeded',
          cell: 2,
          line: 1,
          column: 9
        }
      ]
    },
    {
      // each module DRAWS knows, through an alias: the prefix test before the regex lets them all by
      name: 'draws from torch and from random imported under other names',
      cells: ['import torch as tt\nx = tt.randn(3)'],
      errors: [
        {
          message: 'torch.randn() draws from a global random generator',
          cell: 1,
          line: 2,
          column: 5
        }
      ]
    },
    {
      name: 'a draw in a cell that names neither random nor torch',
      cells: ['from numpy.random import rand as r', 'x = r(3)'],
      errors: [
        {
          message: 'numpy.random.rand() draws from a global random generator',
          cell: 2,
          line: 1,
          column: 5
        }
      ]
    },
    {
      cells: ['from random import shuffle as mix\nmix(items)'],
      errors: [
        {
          message: 'random.shuffle() draws from a global random generator',
          cell: 1,
          line: 2,
          column: 1
        }
      ]
    },
    {
      cells: ['import numpy\nrng = numpy.random.default_rng()'],
      errors: [
        {
          message: 'default_rng() without a seed',
          messageId: 'unseededGenerator',
          cell: 1,
          line: 2,
          column: 7
        }
      ]
    }
  ]
});
