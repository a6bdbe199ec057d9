/**
 * NB104 and functions no cell references (issue #15, rounds 21 and 22): a sketch defined above the
 * real model and never called (pyro's scanvi `model_sketch`), a helper copied from another
 * notebook and never called (gluonts' `make_lag`), a callback class never instantiated (alibi's
 * cfrl_mnist). Python looks a body's free names up only when it runs, so a fresh kernel raises
 * no NameError. Still reported: a function any cell mentions (a call, a value passed, a string, a
 * magic line), a decorated one, one in a helper notebook a `%run` brings in (by name or by shape),
 * a likely misnamed parameter (siamese-1's `euclidean_distance(x_1, x_2)` reading `x`), and reads that
 * run with the statement (a default value, a class body, a top-level lambda's binding).
 */
import rule from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

const realModel =
  'class Model:\n    def __init__(self, n):\n        self.n = n\n\nmodel = Model(3)';

runRuleTests(rule, {
  valid: [
    {
      // scanvi cell 15: the sketch reads the real model's attributes as bare names
      name: 'a sketch function never called, the real model below',
      path: 'tutorial/scanvi.ipynb',
      cells: [
        'import torch\nimport pyro\nimport pyro.distributions as dist',
        'def model_sketch(x, y=None):\n    with pyro.plate("batch", len(x)):\n        y = pyro.sample("y", dist.OneHotCategorical(logits=torch.zeros(num_labels)), obs=y)\n        z2_loc, z2_scale = z2_decoder(x, y)\n        return z2_loc',
        realModel
      ]
    },
    {
      // gluonts 1-2 recursive_store_cat_TRAIN cell 10: make_lag reads another function's local
      name: 'a helper copied from another notebook and never called',
      path: 'train/recursive_store_TRAIN.ipynb',
      cells: [
        'import pandas as pd\nTARGET = "sales"',
        'def get_base_test():\n    base_test = pd.DataFrame()\n    return base_test\n\ndef make_lag(LAG_DAY):\n    lag_df = base_test[["id", "d", TARGET]]\n    return lag_df[TARGET].shift(LAG_DAY).apply(lambda v: v + OFFSET)',
        'grid = get_base_test()'
      ]
    },
    {
      // alibi cfrl_mnist cell 31: the callbacks are shown, never passed to the explainer
      name: 'a method of a class no cell instantiates or names',
      path: 'examples/cfrl_mnist.ipynb',
      cells: [
        'import numpy as np\nfrom alibi.explainers.cfrl_base import Callback',
        'class RewardCallback(Callback):\n    def __call__(self, step, update, model, sample, losses):\n        reward = np.mean(sample["Y_t"])\n        wandb.log({"reward": reward})',
        'def predictor(x):\n    return x\n\nexplainer = predictor(np.array([1]))'
      ]
    },
    {
      name: 'a name the function only mentions itself (a recursive call) is no reference',
      path: 'scratch.ipynb',
      cells: [
        'def walk(node):\n    """walk visits every node"""\n    return [walk(c) for c in node.children] + [VISITED]',
        'def main():\n    return 1\n\nmain()'
      ]
    }
  ],
  invalid: [
    {
      name: 'the function called in another cell, passed as a value, named in a string',
      path: 'analysis.ipynb',
      cells: [
        'def make_lag(d):\n    return base_test.shift(d)\n\ndef score(r):\n    return r + OFFSET\n\ndef by_name():\n    return LOOKUP',
        'lags = make_lag(1)',
        'import pandas as pd\nout = pd.Series([1]).apply(score)\njobs = {"run": "by_name"}'
      ],
      errors: [
        { message: '"base_test"', cell: 1, line: 2 },
        { message: '"OFFSET"', cell: 1, line: 5 },
        { message: '"LOOKUP"', cell: 1, line: 8 }
      ]
    },
    {
      name: 'the function named only on a magic line, or in a comment of another cell',
      path: 'timing.ipynb',
      cells: [
        'def slow(n):\n    return SIZE * n\n\ndef other():\n    return WIDTH',
        '%timeit slow(3)',
        '# other() is run by the scheduler\nx = 1'
      ],
      errors: [
        { message: '"SIZE"', cell: 1, line: 2 },
        { message: '"WIDTH"', cell: 1, line: 5 }
      ]
    },
    {
      // a decorator may register it (a Spark udf, a route, a DLT table)
      name: 'a decorated function and a decorated class',
      path: 'app.ipynb',
      cells: [
        'import functools\n\n@functools.lru_cache\ndef lookup(k):\n    return TABLE[k]',
        '@register\nclass Job:\n    def run(self):\n        return QUEUE.pop()'
      ],
      errors: [
        { message: '"TABLE"', cell: 1, line: 5 },
        { message: '"register"', cell: 2, line: 1 },
        { message: '"QUEUE"', cell: 2, line: 4 }
      ]
    },
    {
      name: 'a method of a class the notebook instantiates',
      path: 'client.ipynb',
      cells: [
        'class Client:\n    def get(self, uri):\n        return requests.get(uri)',
        'c = Client()'
      ],
      errors: [{ message: '"requests"', cell: 1, line: 3 }]
    },
    {
      // a set-up helper's functions are for the notebook that `%run`s it
      name: 'a helper notebook a %run brings in, by its name',
      path: '_resources/00-setup.ipynb',
      cells: [
        'def reset_tables():\n    spark_session.sql(f"DROP SCHEMA {DB} CASCADE")',
        'def main():\n    return 1\n\nmain()'
      ],
      errors: [
        { message: '"spark_session"', cell: 1, line: 2 },
        { message: '"DB"', cell: 1, line: 2 }
      ]
    },
    {
      // round 6's endpoint_sdk.py: one client class, which the notebook that `%run`s it calls
      name: 'a notebook that references none of its definitions (a library by its shape)',
      path: 'project/endpoint_sdk.ipynb',
      cells: [
        'class EndpointApiClient:\n    def _get(self, uri):\n        return requests.get(uri)'
      ],
      errors: [{ message: '"requests"', cell: 1, line: 3 }]
    },
    {
      // round 10's hls-llm-doc-qa util/create-update-serving-endpoint.py: its functions call
      // each other, its own code calls none, the notebook that `%run`s it calls them
      name: 'a notebook whose code outside its definitions uses none of them',
      path: 'util/create-update-serving-endpoint.ipynb',
      cells: [
        'import requests\nserving_host = "h"\n\ndef wait_for_endpoint(name):\n    return requests.get(serving_host + name)\n\ndef create_endpoint(name):\n    return wait_for_endpoint(name)\n\ndef update_endpoint(name, served_models):\n    return {"n": name, "m": served_models, "traffic_config": traffic_config}'
      ],
      errors: [{ message: '"traffic_config"', cell: 1, line: 11 }]
    },
    {
      // round 8's siamese-1: `x - y` where the parameters are x_1 and x_2
      name: 'a top-level function that never reads a parameter: the unknown name is it misnamed',
      path: 'metric/siamese-1.ipynb',
      cells: [
        'import tensorflow as tf\n\ndef euclidean_distance(x_1, x_2):\n    return tf.sqrt(tf.square(x - y))\n\ndef load(path):\n    return open(pth)',
        'def build():\n    return 1\n\nnet = build()'
      ],
      errors: [
        { message: '"x"', cell: 1, line: 4 },
        { message: '"y"', cell: 1, line: 4 },
        { message: '"pth"', cell: 1, line: 7 }
      ]
    },
    {
      name: 'reads that run with the statement: a default, a class body, a top-level lambda',
      path: 'defs.ipynb',
      cells: [
        'def table(name, schema=UC_SCHEMA):\n    return name\n\nclass Settings:\n    catalog = UC_CATALOG\n\nf = lambda: MISSING',
        'def main():\n    return 1\n\nmain()'
      ],
      errors: [
        { message: '"UC_SCHEMA"', cell: 1, line: 1 },
        { message: '"UC_CATALOG"', cell: 1, line: 5 },
        { message: '"MISSING"', cell: 1, line: 7 }
      ]
    }
  ]
});
