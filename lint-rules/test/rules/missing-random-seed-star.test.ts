/**
 * NB107 after a star import of scikit-learn's model_selection or ensemble: its names count as
 * scikit-learn's (np.random.seed seeds them) only where nothing else may bind them. Attack
 * review of s17-helpers (D6): another star import at or after it (Spark ML's, cuML's, dask-ml's
 * RandomForestClassifier / train_test_split), an assignment in a cell, or a call in a cell above
 * the star import, each made a call that np.random.seed does not seed look seeded.
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
    }
  ]
});
