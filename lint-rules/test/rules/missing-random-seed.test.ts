import rule from '../../src/rules/missing-random-seed';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // a star import of sklearn.model_selection or sklearn.ensemble binds their __all__
      // (src/python/starExports.ts): the names are scikit-learn's, as if imported by name
      name: 'star-imported scikit-learn names given random_state, or after np.random.seed',
      cells: [
        'from sklearn.model_selection import *\nfrom sklearn.ensemble import *\nimport numpy as np',
        'X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)\nm = RandomForestClassifier(random_state=1)',
        'np.random.seed(0)\ncv = KFold(5, shuffle=True)\nrf = ExtraTreesClassifier()'
      ]
    },
    {
      // game-review-nlp 03_Post Processing: KMeans and VectorAssembler come from a `%run` config
      // notebook; Spark ML's KMeans takes seed= (HasSeed), scikit-learn's would raise on it
      name: 'seed= given to an estimator no import names (Spark ML brought in by %run) seeds it',
      cells: [
        'vec = VectorAssembler(inputCols=cols, outputCol="features")\nkmeans = KMeans(k=3, seed=1)\nmodel = kmeans.fit(vec.transform(df))',
        'rf = RandomForestClassifier(numTrees=20, seed=42)'
      ]
    },
    {
      // ray-framework-on-databricks 01b: Ray Data's Dataset.train_test_split(test_size, *,
      // shuffle=False, seed=None); tabpfn-databricks 04: TimeSeriesDataFrame.train_test_split(
      // prediction_length) holds out each series' last steps. Neither notebook imports datasets.
      name: 'train_test_split methods of Ray Data and time-series frames (no datasets import) draw nothing by default',
      cells: [
        'import ray\nds = ray.data.read_parquet(parquet_path)\ntrain_dataset, val_dataset = ds.train_test_split(test_size=0.25)',
        'from tabpfn_time_series import TimeSeriesDataFrame\ntsdf = to_tsdf(df)\ntrain, test = tsdf.train_test_split(prediction_length=6)\nparts = make_frame()["x"].train_test_split(0.2)'
      ]
    },
    {
      name: 'a train_test_split method of a name bound to a module is seeded by random_state',
      cells: [
        'import sklearn.model_selection\nms = sklearn.model_selection\nX_tr, X_te = ms.train_test_split(X, test_size=0.2, random_state=0)',
        'class C:\n    ms = sklearn.model_selection\na, b = C.ms.train_test_split(X, test_size=0.2, random_state=1)'
      ]
    },
    {
      // jakevdp/PythonDataScienceHandbook 05.08 Random Forests: the ensemble seeds its trees
      name: 'an estimator handed to an ensemble that seeds it (by name, in the cell or a later one, or inline)',
      cells: [
        'from sklearn.tree import DecisionTreeClassifier\nfrom sklearn.ensemble import BaggingClassifier\n\ntree = DecisionTreeClassifier()\nbag = BaggingClassifier(tree, n_estimators=100, max_samples=0.8,\n                        random_state=1)\n\nbag.fit(X, y)',
        'stump = DecisionTreeClassifier(max_depth=1)',
        'ada = AdaBoostClassifier(estimator=stump, random_state=0)\nbr = BaggingRegressor(DecisionTreeRegressor(), random_state=0)'
      ]
    },
    {
      // amesar/mlflow-examples 03a_SparkML_Train_Predict: one Spark ML tree, no bootstrap
      name: 'a Spark ML decision tree has no randomness to seed',
      cells: [
        'from pyspark.ml.regression import DecisionTreeRegressor\ndt = DecisionTreeRegressor(labelCol="quality", featuresCol="features", maxDepth=5)',
        'import pyspark.ml.classification as C\nclf = C.DecisionTreeClassifier(maxDepth=3)'
      ]
    },
    {
      // kaggleScape script127.ipynb cell 12: LightGBM's sklearn API with random_state=None uses
      // the C++ default seeds (bagging_seed=3, feature_fraction_seed=2, ...), so its bagging and
      // feature subsampling draw the same rows and columns on every run
      name: 'LightGBM subsampling rows and columns is seeded by its fixed default seeds',
      cells: [
        'import lightgbm as lgb\nreg = lgb.LGBMClassifier(boosting_type="rf",\n                         num_leaves=165,\n                         colsample_bytree=.5,\n                         subsample=.632,\n                         subsample_freq=1)',
        'from lightgbm import LGBMRegressor, LGBMRanker\nm = LGBMRegressor(subsample=0.8, colsample_bytree=0.8, bagging_fraction=0.7, feature_fraction=0.9)\nr = LGBMRanker(subsample=0.5, random_state=None)'
      ]
    },
    {
      name: 'XGBoost, LightGBM and CatBoost seed themselves and do not subsample by default',
      cells: [
        'from xgboost import XGBClassifier\nfrom lightgbm import LGBMRegressor\nclf = XGBClassifier(n_estimators=200, max_depth=4)\nreg = LGBMRegressor()\nclf2 = XGBClassifier(subsample=1.0)'
      ]
    },
    {
      cells: [
        'X_tr, X_te = train_test_split(X, test_size=0.2, random_state=42)'
      ]
    },
    {
      cells: [
        'm = RandomForestClassifier(n_estimators=10, random_state=0)\nkf = KFold(5)'
      ]
    },
    {
      name: 'methods named like built-in object properties are not estimators (crashed the rule)',
      cells: [
        'y = x.toString()\nz = d.constructor()\nh = o.hasOwnProperty("a")\nv = o.valueOf()'
      ]
    },
    {
      name: 'kwargs may carry the seed',
      cells: ['m = RandomForestClassifier(**params)']
    },
    {
      name: 'spark randomSplit with positional seed',
      cells: ['a, b = df.randomSplit([0.8, 0.2], 42)']
    },
    {
      // databricks-demos/dbdemos-notebooks 02-huggingface-model-training.py, cell 6: Hugging Face
      // datasets' Dataset.train_test_split takes seed=
      name: "a dataset's train_test_split method seeded with seed=, or not shuffling",
      cells: [
        "splits = dataset.train_test_split(test_size=0.2, seed = 42)\ntrain_ds = splits['train']\nfixed = ds['train'].train_test_split(test_size=0.1, shuffle=False)\nchained = load_dataset('imdb')['train'].train_test_split(test_size=0.2, seed=7)"
      ]
    },
    {
      // shap/shap notebooks/.../Fitting a Linear Simulation with XGBoost.ipynb cell 4:
      // scikit-learn draws from NumPy's global generator, seeded above
      name: 'scikit-learn calls after np.random.seed(0), in the cell or an earlier one',
      cells: [
        'import numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split\nimport sklearn.ensemble as E',
        'N = 10000\nnp.random.seed(0)\nX = np.random.randn(N, 10)\ny = X @ np.random.randn(10)\n\nX_train, X_test, y_train, y_test = train_test_split(X, y)',
        'm = E.RandomForestClassifier(n_estimators=10)\nfrom numpy.random import seed'
      ]
    },
    {
      name: 'a seed in a function called at the top level before the call, a live if, a seed named by a constant',
      cells: [
        'import numpy as np\nfrom sklearn.model_selection import train_test_split\ndef set_seeds(s=0):\n    np.random.seed(s)\nset_seeds()\na = train_test_split(X)',
        'np.random.seed()\nif True:\n    np.random.seed(0)\nb = train_test_split(X)',
        'np.random.seed()\nSEED = 42  # the seed\nnp.random.seed(SEED)\nc = train_test_split(X)'
      ]
    },
    {
      // shap/shap notebooks/overviews/Be careful when interpreting predictive models in search
      // of causal insights.ipynb cell 3: the seed runs through user_retention_dataset() before
      // fit_xgboost() is called
      // review /tmp/r8/p2: NumPy's random module under an alias
      name: 'a seed through numpy.random imported as npr, or seed imported from it',
      cells: [
        'import numpy.random as npr\nfrom numpy.random import seed\nfrom sklearn.model_selection import train_test_split\nnpr.seed(0)\na = train_test_split(X)\nnpr.seed()\nseed(1)\nb = train_test_split(X)'
      ]
    },
    {
      name: 'a scikit-learn call in a function body, with a seed in another function body',
      cells: [
        'import numpy as np\nimport sklearn\ndef generator(n, seed=0):\n    if seed is not None:\n        np.random.seed(seed)\n    return np.random.randn(n)\ndef user_retention_dataset():\n    return generator(100)\ndef fit(X, y):\n    a, b, c, d = sklearn.model_selection.train_test_split(X, y)',
        'X = user_retention_dataset()\nfit(X, X)'
      ]
    },
    {
      // a notebook's own splitter or estimator named like scikit-learn's, imported from nowhere
      name: "the notebook's own def train_test_split / KMeans, never imported",
      cells: [
        'import pandas as pd\ndef train_test_split(df, frac=0.8):\n    n = int(len(df) * frac)\n    return df[:n], df[n:]',
        'train, test = train_test_split(df)\nclass KMeans:\n    def __init__(self, k):\n        self.k = k\nkm = KMeans(3)'
      ]
    },
    {
      // precision round 14, jeffheaton+t81_558_deep_learning t81_558_class_08_2_keras_ensembles
      // .ipynb, cell 27: blend_ensemble() fits the forests; np.random.seed(42) runs under
      // `if __name__ == '__main__':` after the definition and before the call
      name: 'a scikit-learn call in a function defined before np.random.seed and only called after it',
      cells: [
        'import numpy as np\nfrom sklearn.ensemble import RandomForestClassifier\ndef blend_ensemble(x, y):\n    model = RandomForestClassifier(n_estimators=100)\n    model.fit(x, y)\n    return model\nif __name__ == "__main__":\n    np.random.seed(42)\n    blend_ensemble(X, Y)',
        'blend_ensemble(X, Y)'
      ]
    }
  ],
  invalid: [
    {
      // the near-miss: scikit-learn's, imported, beside a function of the notebook's own
      name: "scikit-learn's train_test_split imported, and a notebook that also defines one",
      cells: [
        'from sklearn.model_selection import train_test_split\ndef split(df):\n    return train_test_split(df)',
        'def train_test_split(df):\n    return df, df\na, b = train_test_split(df)'
      ],
      errors: [
        {
          message: 'train_test_split() is called without random_state',
          cell: 1,
          line: 3
        },
        {
          message: 'train_test_split() is called without random_state',
          cell: 2,
          line: 3
        }
      ],
      unsafe: true,
      output: [
        'from sklearn.model_selection import train_test_split\ndef split(df):\n    return train_test_split(df, random_state=0)',
        'def train_test_split(df):\n    return df, df\na, b = train_test_split(df, random_state=0)'
      ]
    },
    {
      // the near-misses: the function also runs before the seed, never runs, or runs only
      // before it (scikit-learn then draws from an unseeded generator)
      name: 'a scikit-learn call in a function called before np.random.seed, or never called',
      cells: [
        'import numpy as np\nfrom sklearn.ensemble import RandomForestClassifier\ndef fit(x, y):\n    return RandomForestClassifier().fit(x, y)\nfit(X, Y)\nnp.random.seed(0)\nfit(X, Y)',
        'np.random.seed()\ndef fit_once(x, y):\n    return RandomForestClassifier().fit(x, y)\nfit_once(X, Y)\nnp.random.seed(1)',
        'np.random.seed()\ndef never_called(x, y):\n    return RandomForestClassifier().fit(x, y)\nnp.random.seed(1)',
        // a method is no top-level function: a module-level function of the same name called
        // after the seed says nothing of when the method runs
        'np.random.seed()\nclass Model:\n    def train(self, x, y):\n        return RandomForestClassifier().fit(x, y)\ndef train():\n    pass\nnp.random.seed(1)\ntrain()'
      ],
      errors: [
        {
          message: 'RandomForestClassifier() is called without random_state',
          cell: 1,
          line: 4
        },
        {
          message: 'RandomForestClassifier() is called without random_state',
          cell: 2,
          line: 3
        },
        {
          message: 'RandomForestClassifier() is called without random_state',
          cell: 3,
          line: 3
        },
        {
          message: 'RandomForestClassifier() is called without random_state',
          cell: 4,
          line: 4
        }
      ]
    },
    {
      // scikit-learn takes no seed= (TypeError): after a star import the callee is scikit-learn's,
      // not a name only a %run could bring in (which may be Spark ML's, which takes seed=)
      name: 'star-imported scikit-learn names with seed= or nothing are still reported',
      cells: [
        'from sklearn.model_selection import *\nfrom sklearn.ensemble import *',
        'X_tr, X_te, y_tr, y_te = train_test_split(X, y, seed=0)\nm = RandomForestClassifier(seed=1)\ncv = ShuffleSplit(5)'
      ],
      errors: [
        { message: 'train_test_split', cell: 2, line: 1 },
        { message: 'RandomForestClassifier', cell: 2, line: 2 },
        { message: 'ShuffleSplit', cell: 2, line: 3 }
      ]
    },
    // an attack review of s16-seed: the method gate missed an import of `datasets` beside
    // another module on one line, and receivers bound to scikit-learn through a name or in
    // parentheses (one case each: the datasets import decides for the whole notebook)
    ...[
      {
        name: '`import os, datasets`: a split of a Hugging Face dataset',
        cells: [
          'import os, datasets',
          "ds = datasets.load_dataset('imdb')['train']\nparts = ds.train_test_split(test_size=0.2)"
        ],
        errors: [
          {
            message: 'ds.train_test_split() is called without seed',
            cell: 2,
            line: 2
          }
        ]
      },
      {
        name: '`import numpy as np; import datasets`: a receiver of unknown origin',
        cells: [
          'import numpy as np; import datasets',
          'parts = dset.train_test_split(test_size=0.2)'
        ],
        errors: [
          {
            message: 'dset.train_test_split() is called without',
            cell: 2,
            line: 1
          }
        ]
      },
      {
        name: 'a receiver bound to sklearn through a name: `sk = sklearn`',
        cells: [
          'import sklearn',
          'sk = sklearn\nX_tr, X_te = sk.model_selection.train_test_split(X, test_size=0.2)'
        ],
        errors: [
          {
            message:
              'sk.model_selection.train_test_split() is called without random_state',
            cell: 2,
            line: 2
          }
        ]
      },
      {
        name: 'a receiver bound to sklearn in parentheses, and through another binding',
        cells: [
          'import sklearn.model_selection',
          'ms2 = (sklearn.model_selection)\nX_tr, X_te = ms2.train_test_split(X, test_size=0.2)\nms = ms2\nclass C: pass\nC.ms = ms\nA, B = C.ms.train_test_split(X, test_size=0.2)'
        ],
        errors: [
          {
            message: 'ms2.train_test_split() is called without random_state',
            cell: 2,
            line: 2
          },
          {
            message: 'C.ms.train_test_split() is called without random_state',
            cell: 2,
            line: 6
          }
        ]
      }
    ],
    {
      // lone '\r' line ends: the assignments above the call are read line by line
      name: 'a seed undone by SEED = None and a dataset bound by load_dataset, with lone \\r line ends',
      cells: [
        'import numpy as np\rfrom sklearn.model_selection import train_test_split',
        'SEED = None\rnp.random.seed(SEED)\rc = train_test_split(X)',
        'from datasets import load_dataset\rdataset = load_dataset("imdb")["train"]\rsplits = dataset.train_test_split(test_size=0.2)'
      ],
      errors: [
        {
          message: 'train_test_split() is called without random_state',
          cell: 2,
          line: 3
        },
        {
          message: 'dataset.train_test_split() is called without seed',
          cell: 3,
          line: 3
        }
      ]
    },
    {
      // /tmp/r8 review s01, s09, s10, s14, s04: seeds that never run, or undone
      name: 'a seed in a function never called, an if False: branch, a lambda, or undone by seed(None)/seed(SEED = None)',
      cells: [
        'import numpy as np\nfrom sklearn.model_selection import train_test_split\ndef never():\n    np.random.seed(0)\nif False:\n    np.random.seed(0)\nf = lambda: np.random.seed(0)\na = train_test_split(X)',
        'np.random.seed(0)\nnp.random.seed(None)\nb = train_test_split(X)',
        'SEED = None\nnp.random.seed(SEED)\nc = train_test_split(X)',
        'def reset():\n    np.random.seed()\nnp.random.seed(1)\nreset()\nd = train_test_split(X)'
      ],
      errors: [
        {
          message: 'train_test_split() is called without random_state',
          cell: 1,
          line: 8
        },
        {
          message: 'train_test_split() is called without random_state',
          cell: 2,
          line: 3
        },
        {
          message: 'train_test_split() is called without random_state',
          cell: 3,
          line: 3
        },
        {
          message: 'train_test_split() is called without random_state',
          cell: 4,
          line: 5
        }
      ],
      unsafe: true,
      output: [
        'import numpy as np\nfrom sklearn.model_selection import train_test_split\ndef never():\n    np.random.seed(0)\nif False:\n    np.random.seed(0)\nf = lambda: np.random.seed(0)\na = train_test_split(X, random_state=0)',
        'np.random.seed(0)\nnp.random.seed(None)\nb = train_test_split(X, random_state=0)',
        'SEED = None\nnp.random.seed(SEED)\nc = train_test_split(X, random_state=0)',
        'def reset():\n    np.random.seed()\nnp.random.seed(1)\nreset()\nd = train_test_split(X, random_state=0)'
      ]
    },
    {
      name: 'a seed after the split, an unseeded np.random.seed(), a library with its own generator',
      cells: [
        'import numpy as np\nfrom sklearn.model_selection import train_test_split\nfrom xgboost import XGBClassifier\nfrom datasets import load_dataset\na, b = train_test_split(X)\nnp.random.seed()\nc, d = train_test_split(X)',
        'np.random.seed(0)\nclf = XGBClassifier(subsample=0.8)\nds = load_dataset("imdb")\nparts = ds.train_test_split(test_size=0.2)'
      ],
      errors: [
        {
          message: 'train_test_split() is called without random_state',
          cell: 1,
          line: 5
        },
        {
          message: 'train_test_split() is called without random_state',
          cell: 1,
          line: 7
        },
        {
          message: 'XGBClassifier() is called without random_state',
          cell: 2,
          line: 2
        },
        {
          message: 'ds.train_test_split() is called without seed',
          cell: 2,
          line: 4
        }
      ],
      unsafe: true,
      output: [
        'import numpy as np\nfrom sklearn.model_selection import train_test_split\nfrom xgboost import XGBClassifier\nfrom datasets import load_dataset\na, b = train_test_split(X, random_state=0)\nnp.random.seed()\nc, d = train_test_split(X, random_state=0)',
        'np.random.seed(0)\nclf = XGBClassifier(subsample=0.8, random_state=0)\nds = load_dataset("imdb")\nparts = ds.train_test_split(test_size=0.2, seed=0)'
      ]
    },
    {
      // databricks-demos/dbdemos-notebooks computer-vision-dl/_resources/00-init.py, cell 11
      name: 'a dataset kept in an attribute, datasets imported in a function, is told seed=',
      cells: [
        "class M:\n    def setup(self, df):\n        from datasets import Dataset\n        self.dataset = Dataset.from_spark(df.select('content', 'label'))\n        self.splits = self.dataset.train_test_split(test_size=0.1)"
      ],
      errors: [
        {
          message: 'self.dataset.train_test_split() is called without seed',
          cell: 1,
          line: 5,
          column: 23
        }
      ]
    },
    {
      name: 'a train_test_split method of a value not from datasets is told random_state= (seed= makes scikit-learn raise)',
      cells: [
        'import sklearn.model_selection\nms = sklearn.model_selection\nX_tr, X_te = ms.train_test_split(X, test_size=0.2)'
      ],
      errors: [
        {
          message: 'ms.train_test_split() is called without random_state',
          cell: 1,
          line: 3,
          column: 14
        }
      ],
      unsafe: true,
      output: [
        'import sklearn.model_selection\nms = sklearn.model_selection\nX_tr, X_te = ms.train_test_split(X, test_size=0.2, random_state=0)'
      ]
    },
    {
      name: "a train_test_split method of a value from datasets without seed is told seed=, a module's function random_state=",
      cells: [
        'from datasets import load_dataset\nfrom sklearn import model_selection\ndataset = load_dataset("imdb")["train"]\nsplits = dataset.train_test_split(test_size=0.2)\na = model_selection.train_test_split(X, y, seed=1)'
      ],
      errors: [
        {
          message: 'dataset.train_test_split() is called without seed',
          cell: 1,
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 34
        },
        {
          message:
            'model_selection.train_test_split() is called without random_state',
          cell: 1,
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 37
        }
      ],
      unsafe: true,
      output: [
        'from datasets import load_dataset\nfrom sklearn import model_selection\ndataset = load_dataset("imdb")["train"]\nsplits = dataset.train_test_split(test_size=0.2, seed=0)\na = model_selection.train_test_split(X, y, seed=1, random_state=0)'
      ]
    },
    {
      // a Hugging Face split chained on the loading call: no name to look up
      name: 'train_test_split on a call or subscript result: told seed= when the expression loads a dataset',
      cells: [
        'from datasets import load_dataset\nparts = load_dataset("imdb")["train"].train_test_split(test_size=0.1)\nrows = ds["train"].train_test_split(test_size=0.1)\nother = make_frame().train_test_split(0.2)'
      ],
      errors: [
        {
          message:
            'load_dataset("imdb")["train"].train_test_split() is called without seed',
          cell: 1,
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 55
        },
        {
          message:
            'ds["train"].train_test_split() is called without random_state',
          cell: 1,
          line: 3
        },
        {
          message:
            'make_frame().train_test_split() is called without random_state',
          cell: 1,
          line: 4
        }
      ],
      unsafe: true,
      output: [
        'from datasets import load_dataset\nparts = load_dataset("imdb")["train"].train_test_split(test_size=0.1, seed=0)\nrows = ds["train"].train_test_split(test_size=0.1, random_state=0)\nother = make_frame().train_test_split(0.2, random_state=0)'
      ]
    },
    {
      name: 'an estimator handed to what does not seed it, or an unseeded ensemble (reported itself)',
      cells: [
        'tree = DecisionTreeClassifier()\nscores = cross_val_score(tree, X, y)\nvote = VotingClassifier([("t", DecisionTreeClassifier())])\nbag = BaggingClassifier(DecisionTreeClassifier())'
      ],
      errors: [
        {
          message: 'DecisionTreeClassifier() is called without random_state',
          cell: 1,
          line: 1,
          column: 8,
          endLine: 1,
          endColumn: 30
        },
        {
          message: 'DecisionTreeClassifier() is called without random_state',
          cell: 1,
          line: 3,
          column: 32
        },
        {
          message: 'BaggingClassifier() is called without random_state',
          cell: 1,
          line: 4,
          column: 7
        }
      ],
      unsafe: true,
      output: [
        'tree = DecisionTreeClassifier(random_state=0)\nscores = cross_val_score(tree, X, y)\nvote = VotingClassifier([("t", DecisionTreeClassifier(random_state=0))])\nbag = BaggingClassifier(DecisionTreeClassifier(), random_state=0)'
      ]
    },
    {
      name: 'a Spark ML random forest takes seed=, not random_state=',
      cells: [
        'from pyspark.ml.classification import RandomForestClassifier\nrf = RandomForestClassifier(numTrees=20)'
      ],
      errors: [
        {
          message: 'RandomForestClassifier() is called without seed',
          cell: 1,
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 28
        }
      ],
      unsafe: true,
      output: [
        'from pyspark.ml.classification import RandomForestClassifier\nrf = RandomForestClassifier(numTrees=20, seed=0)'
      ]
    },
    {
      // the near-misses of the two valid cases above: scikit-learn's KMeans takes no seed=, an
      // unseeded Spark ML KMeans defaults to seed=hash("KMeans") (HasSeed), which Python
      // randomises per process unless PYTHONHASHSEED is set, and a Hugging Face dataset's
      // train_test_split shuffles by default
      name: 'seed= on an imported scikit-learn estimator, an unseeded Spark ML KMeans and an unseeded datasets split are reported',
      cells: [
        'from sklearn.cluster import KMeans\nkm = KMeans(n_clusters=3, seed=1)',
        'import pyspark.ml.clustering as C\nskm = C.KMeans(k=3)',
        'from datasets import load_dataset\nds = load_dataset("imdb")["train"]\nparts = ds.train_test_split(test_size=0.25)'
      ],
      errors: [
        {
          message: 'KMeans() is called without random_state',
          cell: 1,
          line: 2
        },
        {
          message: 'C.KMeans() is called without seed',
          cell: 2,
          line: 2
        },
        {
          message: 'ds.train_test_split() is called without seed',
          cell: 3,
          line: 3
        }
      ]
    },
    {
      name: 'the same callee again, seeded once and then not (the per-callee verdict is reused)',
      cells: [
        'import sklearn.model_selection as sk\na = train_test_split(X, y, random_state=1)\nprint(a)',
        'b = train_test_split(X, y)\nprint(b)\nc = sk.train_test_split(X, y)'
      ],
      errors: [
        {
          message: 'train_test_split() is called without random_state',
          cell: 2,
          line: 1,
          column: 5
        },
        {
          message: 'sk.train_test_split() is called without random_state',
          cell: 2,
          line: 3,
          column: 5
        }
      ]
    },
    {
      name: 'XGBoost and CatBoost subsampling beside a LightGBM one is still reported',
      cells: [
        'import lightgbm as lgb\nfrom xgboost import XGBRegressor\nfrom catboost import CatBoostClassifier\nm = lgb.LGBMRegressor(subsample=0.8)\nx = XGBRegressor(colsample_bytree=0.5)\nc = CatBoostClassifier(rsm=0.5)'
      ],
      errors: [
        {
          message: 'XGBRegressor() is called without random_state',
          cell: 1,
          line: 5
        },
        {
          message: 'CatBoostClassifier() is called without random_seed',
          cell: 1,
          line: 6
        }
      ]
    },
    {
      name: 'XGBoost with row subsampling below 1 is random; the unsafe fix adds the seed',
      cells: [
        'from xgboost import XGBClassifier\nclf = XGBClassifier(subsample=0.8, colsample_bytree=0.7)'
      ],
      errors: [
        {
          message: 'XGBClassifier() is called without random_state',
          cell: 1,
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 20
        }
      ],
      unsafe: true,
      output: [
        'from xgboost import XGBClassifier\nclf = XGBClassifier(subsample=0.8, colsample_bytree=0.7, random_state=0)'
      ]
    },
    {
      cells: [
        'from sklearn.model_selection import train_test_split\nX_tr, X_te = train_test_split(X, test_size=0.2)'
      ],
      errors: [
        {
          message: 'train_test_split() is called without random_state',
          messageId: 'noSeed',
          cell: 1,
          line: 2,
          column: 14
        }
      ]
    },
    {
      cells: [
        'clf = ensemble.GradientBoostingClassifier()\ncv = KFold(n_splits=5, shuffle=True)',
        'tr, te = df.randomSplit([0.8, 0.2])'
      ],
      errors: [
        {
          message: 'ensemble.GradientBoostingClassifier()',
          cell: 1,
          line: 1,
          column: 7
        },
        {
          message: 'KFold() is called without random_state',
          cell: 1,
          line: 2,
          column: 6
        },
        {
          message: 'df.randomSplit() is called without seed',
          cell: 2,
          line: 1,
          column: 10
        }
      ]
    }
  ]
});
