/**
 * NB107 after a star import of scikit-learn's model_selection or ensemble: its names count as
 * scikit-learn's (np.random.seed seeds them) only where nothing else may bind them. Attack
 * review of s17-helpers (D6): another star import at or after it (Spark ML's, cuML's, dask-ml's
 * RandomForestClassifier / train_test_split), an assignment in a cell, or a call in a cell above
 * the star import, each made a call that np.random.seed does not seed look seeded. Attack review
 * of s18-prec: the notebook's own `def train_test_split` below a call that the star import's
 * function serves hid that call; a seed in a loop over nothing counted as run.
 */
import rule from '../../src/rules/missing-random-seed';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // the near-miss: scikit-learn's star import last, np.random.seed above the call
      name: 'a star import of a module whose names are unknown before scikit-learn’s',
      cells: [
        'import numpy as np\nfrom pyspark.ml.classification import *\nfrom sklearn.ensemble import *',
        'np.random.seed(0)\nclf = RandomForestClassifier(n_estimators=10)'
      ]
    },
    {
      // the near-misses: the own definition above the call; a loop that runs its seed
      name: 'the notebook’s own train_test_split defined above its call; a seed in a loop over items',
      cells: [
        'import numpy as np\nfrom sklearn.model_selection import *\ndef train_test_split(df, frac):\n    return df[:1], df[1:]\nX_tr, X_te = train_test_split(X, 0.2)',
        'from sklearn.ensemble import RandomForestClassifier\nfor s in [0]:\n    np.random.seed(s)\nclf = RandomForestClassifier()'
      ]
    }
  ],
  invalid: [
    {
      name: "Spark ML's star import after scikit-learn's: its RandomForestClassifier",
      cells: [
        'import numpy as np\nfrom sklearn.ensemble import *\nfrom pyspark.ml.classification import *',
        "np.random.seed(0)\nrf = RandomForestClassifier(featuresCol='f', labelCol='y', numTrees=10)\nm = rf.fit(df)"
      ],
      errors: [{ message: 'RandomForestClassifier', cell: 2, line: 2 }]
    },
    {
      name: "cuML's star import after scikit-learn's in the same cell",
      cells: [
        'import numpy as np\nfrom sklearn.ensemble import *\nfrom cuml.ensemble import *',
        'np.random.seed(0)\nclf = RandomForestClassifier(n_estimators=10)'
      ],
      errors: [{ message: 'RandomForestClassifier', cell: 2, line: 2 }]
    },
    {
      name: "a name the notebook assigns after the star import (Spark ML's class)",
      cells: [
        'import numpy as np\nfrom sklearn.ensemble import *\nimport pyspark.ml.classification as smc\nRandomForestClassifier = smc.RandomForestClassifier',
        'np.random.seed(0)\nrf = RandomForestClassifier(featuresCol="f", numTrees=10)\nm = rf.fit(df)'
      ],
      errors: [{ message: 'RandomForestClassifier', cell: 2, line: 2 }]
    },
    {
      name: 'a call in a cell above the star import',
      cells: [
        'import numpy as np\nnp.random.seed(0)\nclf = RandomForestClassifier(n_estimators=10)',
        'from sklearn.ensemble import *'
      ],
      errors: [{ message: 'RandomForestClassifier', cell: 1, line: 3 }]
    },
    {
      // /tmp/rv3/lint/s_own.ipynb: the call ran scikit-learn's (a def binds when it runs)
      name: 'a call above the notebook’s own def of the same name, after a star import',
      cells: [
        'import numpy as np\nfrom sklearn.model_selection import *\nX_tr, X_te = train_test_split(X)',
        'def train_test_split(df, frac):\n    return df[:1], df[1:]'
      ],
      errors: [{ message: 'train_test_split', cell: 1, line: 3 }]
    },
    {
      // /tmp/rv3/lint/s_for.ipynb: a loop's body runs once per item, never over an empty one
      name: 'a seed in a loop over nothing, or under while False:',
      cells: [
        'import numpy as np\nfrom sklearn.ensemble import RandomForestClassifier\ndef train(X, y):\n    m = RandomForestClassifier()\n    return m.fit(X, y)',
        'for s in []:\n    np.random.seed(s)\ntrain(X, y)',
        'while False:\n    np.random.seed(0)\nclf = RandomForestClassifier()'
      ],
      errors: [
        { message: 'RandomForestClassifier', cell: 1, line: 4 },
        { message: 'RandomForestClassifier', cell: 3, line: 3 }
      ]
    }
  ]
});
