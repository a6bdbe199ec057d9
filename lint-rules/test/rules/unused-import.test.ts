import rule from '../../src/rules/unused-import';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // round 17 (precision-verdicts-17 row 85: dlaicourse's NLP_Week4_Exercise_Shakespeare_
      // Question cell 4): each argument written as a comment that holds the call's `)`
      name: "arguments left as comments that swallow the call's closing bracket",
      cells: [
        'from tensorflow.keras.layers import Embedding, LSTM, Dense, Dropout, Bidirectional\nfrom tensorflow.keras.models import Sequential',
        'model = Sequential()\nmodel.add(# Your Embedding Layer)\nmodel.add(# An LSTM Layer)\nmodel.compile(# Pick a loss function and an optimizer)\nprint(model.summary())'
      ]
    },
    { cells: ['import numpy as np', 'x = np.zeros(2)'] },
    {
      // Sensand-AI data-notebooks .../nannup_truffles_open_meteo_weather_process.ipynb, cell 3
      // (round 25, row 88): `import hvplot.pandas` registers the `.hvplot` accessor cell 15 calls;
      // rioxarray's `.rio` the same way
      name: 'a module imported to register an accessor that a later cell uses',
      cells: [
        'import pandas as pd\nimport hvplot.pandas\nimport rioxarray',
        'df = pd.DataFrame({"t": [1, 2]})',
        'df.hvplot.line(y="t")\nda = xr.open_dataset("a.tif").rio.reproject("EPSG:4326")'
      ]
    },
    {
      name: 'used in a magic argument',
      cells: ['import numpy as np', '%timeit np.zeros(10)']
    },
    { name: '__future__', cells: ['from __future__ import annotations'] },
    {
      name: 'a read in a cell above the import counts (reads are collected over every cell)',
      cells: ['x = np.zeros(2)', 'import numpy as np']
    },
    {
      // databricks-academy's LLM 04L lab and mlops-on-gcp's TFX lab: the imports serve the
      // answers the student writes into the blanks
      name: "an exercise's blank may read any import: the answer is not written yet",
      cells: [
        'from transformers import AutoTokenizer, Trainer',
        '# TODO\ntokenizer = <FILL_IN>',
        '# TODO: Your code here to create a tfma.MetricThreshold.\naccuracy_threshold =\n\nspecs = [accuracy_threshold]'
      ]
    },
    {
      // udacity/deep-learning-v2-pytorch's exercises: blanks with an author's comment or none
      name: 'an assignment left without a value, with any comment or none, is a blank too',
      cells: [
        'import torch.nn.functional as F\nimport torch.optim as optim',
        '# specify loss function (categorical cross-entropy)\ncriterion = # TODO define categorical cross-entropy loss function',
        '# params\nlr = \nbeta1='
      ]
    },
    {
      // microsoft/fabric-samples' 4B_Tune_EXERCISE: a dict's values left blank, a `# TODO` each
      name: 'a comment that marks a blank where a value goes (a dict value, an argument)',
      cells: [
        'from flaml import tune',
        'params_new = {\n    # Provide a range of values for max_depth\n    "max_depth": # TODO,\n    "num_leaves": #TODO,\n}'
      ]
    },
    {
      name: 'a comment that speaks to the student after code that is not written yet',
      cells: [
        'from sklearn.linear_model import LogisticRegression',
        'model = ???  # your code here\nmodel.fit(X, y)'
      ]
    },
    {
      name: 'a name read only in a cell that does not parse is not reported',
      cells: [
        'import numpy as np\nfrom sklearn import metrics',
        'print "accuracy:", metrics.accuracy_score(y, np.round(p))'
      ]
    },
    {
      // databricks-academy/ml-in-production-japanese: Includes/_common.py imports re, and
      // Classroom-Setup.py, which %runs it, calls re.sub: the import is the caller's global
      name: "a helper notebook's imports are read by the notebook that %runs it",
      path: 'Solutions/Includes/_common.py',
      text: '# Databricks notebook source\n# MAGIC %run ./_dataset_index\n\n# COMMAND ----------\n\nimport re\nfrom dbacademy_gems import dbgems\nfrom dbacademy_helper import DBAcademyHelper, Paths\n\nhelper_arguments = {"course_code": "mlp", "remote_files": remote_files}\n'
    },
    {
      // databricks-academy/large-language-models' Includes/_common.py: it defines the functions
      // the lessons call, and calls some itself
      name: "a library helper that defines functions and runs some is still the caller's",
      path: 'Includes/_common.py',
      text: '# Databricks notebook source\nimport requests\n\ndef __validate_libraries():\n    return 1\n\n__validate_libraries()\n'
    },
    {
      // interpretml/interpret's docs: install the package when the import fails
      name: 'an availability check: try: import x / except ModuleNotFoundError: install',
      cells: [
        'try:\n    import interpret\nexcept ModuleNotFoundError:\n    %pip install interpret',
        'from interpret.glassbox import ExplainableBoostingClassifier\nExplainableBoostingClassifier()'
      ]
    },
    {
      name: 'an availability check whose handler names ImportError among others',
      cells: [
        'import subprocess, sys\ntry:\n    import lightgbm\nexcept (ValueError, ImportError) as e:\n    subprocess.check_call([sys.executable, "-m", "pip", "install", "lightgbm"])'
      ]
    }
  ],
  invalid: [
    {
      // the near miss: an accessor-registering import whose accessor no cell uses, and a name
      // imported from such a module, are unused as any import
      name: 'an accessor import whose accessor nothing uses',
      cells: [
        'import hvplot.xarray\nimport rioxarray\nfrom hvplot.pandas import hvPlotTabular',
        'ds.plot()\nprint(ds.hvplot_title)'
      ],
      errors: [
        { message: '"hvplot"', cell: 1, line: 1 },
        { message: '"rioxarray"', cell: 1, line: 2 },
        { message: '"hvPlotTabular"', cell: 1, line: 3 }
      ],
      output: ['', 'ds.plot()\nprint(ds.hvplot_title)']
    },
    {
      // near misses: a comment after `(` on a call that goes on below holds no closer, and a
      // comment that closes nothing the line opened: the cells fail for another reason
      name: 'a call going on below its comment, or a closer the line does not need',
      cells: [
        'import numpy as np\nimport json',
        'model.add(  # the first layer\n    layer)\nprint "x"',
        'x = f()  # see (a)\nprint "y"'
      ],
      errors: [
        { message: '"np" is imported', cell: 1, line: 1 },
        { message: '"json" is imported', cell: 1, line: 2 }
      ],
      output: [
        '',
        'model.add(  # the first layer\n    layer)\nprint "x"',
        'x = f()  # see (a)\nprint "y"'
      ]
    },
    {
      // databricks-demos/dbdemos-notebooks' _resources/01-load-data.py, %run by 00-setup: it does
      // work of its own, and its unused imports are dead
      name: "a set-up helper's unused import is reported (only a library's are the caller's)",
      path: 'lakehouse-fsi-credit-decisioning/_resources/01-load-data.ipynb',
      cells: ['import timeit\nimport os', 'os.makedirs("/tmp/x")'],
      errors: [
        { message: '"timeit" is imported', cell: 1, line: 1, column: 8 }
      ],
      output: ['import os', 'os.makedirs("/tmp/x")']
    },
    // the review of s13-prec: a helper's name or folder alone is no library; its cells must read
    // as one (definitions, imports, a %run), and a first word names it only with at most one more
    ...[
      'utils.ipynb',
      'analysis/_draft.ipynb',
      'common_crawl_analysis.ipynb',
      'shared-memory-benchmark.ipynb',
      'Functions_of_time.ipynb',
      'course/Includes/Lesson.ipynb'
    ].map(path => ({
      name: `${path}, named or filed like a helper, imports and prints: its imports are checked`,
      path,
      cells: ['import os\nimport json\nprint(1)'],
      errors: [
        { message: '"os" is imported', cell: 1, line: 1, column: 8 },
        { message: '"json" is imported', cell: 1, line: 2, column: 8 }
      ],
      output: ['print(1)']
    })),
    {
      name: 'an import in a try whose handler catches something else is still unused',
      cells: [
        'try:\n    import json\n    data = open("a.txt").read()\nexcept OSError:\n    data = ""'
      ],
      errors: [{ message: '"json" is imported', cell: 1, line: 2, column: 12 }]
    },
    {
      // the review of s13-prec: the handler must itself install the imported module, in code
      // (not a comment or a string), and only the innermost try around the import counts
      name: 'a handler that installs another package, or says pip install only in a comment or a string',
      cells: [
        'try:\n    import interpret\nexcept ImportError:\n    !pip install numpy',
        'try:\n    import shap\nexcept ImportError:\n    raise  # subprocess.call(pip install shap)',
        'try:\n    import lime\nexcept ImportError:\n    raise ImportError("""\n!pip install lime""")'
      ],
      errors: [
        { message: '"interpret" is imported', cell: 1, line: 2, column: 12 },
        { message: '"shap" is imported', cell: 2, line: 2, column: 12 },
        { message: '"lime" is imported', cell: 3, line: 2, column: 12 }
      ]
    },
    {
      name: 'an availability check covers the module it installs, and only in the innermost try',
      cells: [
        'try:\n    import interpret\n    import pandas as pd\nexcept ImportError:\n    %pip install interpret',
        'try:\n    try:\n        import lightgbm\n    except ValueError:\n        pass\nexcept ImportError:\n    %pip install lightgbm'
      ],
      errors: [
        { message: '"pd" is imported', cell: 1, line: 3, column: 22 },
        { message: '"lightgbm" is imported', cell: 2, line: 3, column: 16 }
      ]
    },
    {
      name: 'an ImportError handler that installs nothing makes no availability check',
      cells: [
        'try:\n    import lightgbm\nexcept ImportError:\n    print("install lightgbm to run the last section")'
      ],
      errors: [
        { message: '"lightgbm" is imported', cell: 1, line: 2, column: 12 }
      ]
    },
    {
      // Keayoub/Azure-Databricks-AzureML: the handler tells the reader how to install, and binds
      // the name to None; the import is still dead
      name: 'a handler that only prints how to install is no availability check',
      cells: [
        'try:\n    from databricks.sdk import WorkspaceClient\nexcept ImportError:\n    print("Install with: pip install databricks-sdk")\n    WorkspaceClient = None'
      ],
      errors: [
        {
          message: '"WorkspaceClient" is imported',
          cell: 1,
          line: 2,
          column: 32
        }
      ]
    },
    {
      name: "an import in the ImportError handler's body is no availability check",
      cells: [
        'try:\n    import ujson as json\nexcept ImportError:\n    %pip install ujson\n    import simplejson as json'
      ],
      errors: [{ message: '"json" is imported', cell: 1, line: 5, column: 26 }]
    },
    {
      name: 'a notebook beside helpers, and one whose name only contains a helper word, are checked',
      path: 'examples/resources/train_with_common_features.ipynb',
      cells: ['import os', 'x = 1'],
      errors: [{ message: '"os" is imported', cell: 1, line: 1, column: 8 }],
      output: ['', 'x = 1']
    },
    {
      name: 'the cells after the last read are still scanned while one import is unread',
      cells: [
        'import os\nimport json',
        'print(json.dumps({}))',
        '%timeit os.getcwd()',
        'import sys'
      ],
      errors: [{ message: '"sys" is imported', cell: 4, line: 1, column: 8 }],
      output: [
        'import os\nimport json',
        'print(json.dumps({}))',
        '%timeit os.getcwd()',
        ''
      ]
    },
    {
      name: 'a %pip install of the same name is not a use',
      cells: [
        '%pip install seaborn==0.13.2',
        'import seaborn as sns\nimport pandas as pd',
        'pd.DataFrame()'
      ],
      errors: [
        {
          message: '"sns" is imported',
          cell: 2,
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 22
        }
      ],
      output: [
        '%pip install seaborn==0.13.2',
        'import pandas as pd',
        'pd.DataFrame()'
      ]
    },
    {
      // an old notebook with a Python 2 print (it does not parse under Python 3): only the names
      // that cell holds as words may be read there; the rest is checked as in any notebook
      name: 'a cell that does not parse leaves unsure only the names it holds as words',
      cells: [
        'import os\nimport re\nimport numpy as np',
        'print "mean:", np.mean([1, 2])\nprint "ready"'
      ],
      errors: [
        { message: '"os" is imported', cell: 1, line: 1, column: 8 },
        { message: '"re" is imported', cell: 1, line: 2, column: 8 }
      ],
      output: [
        'import numpy as np',
        'print "mean:", np.mean([1, 2])\nprint "ready"'
      ]
    },
    {
      // the name only in a comment of the broken cell ("re-run") reads nothing; in a string it may
      name: "a name in a broken cell's comment reads nothing; in a string it may",
      cells: [
        'import re\nimport numpy as np',
        '# re-run this cell after editing\nprint "ok"\nprint eval("np.pi")  # TODO: tidy up'
      ],
      errors: [{ message: '"re" is imported', cell: 1, line: 1, column: 8 }],
      output: [
        'import numpy as np',
        '# re-run this cell after editing\nprint "ok"\nprint eval("np.pi")  # TODO: tidy up'
      ]
    },
    {
      // an author's note after a block's `:` marks no blank; a `# TODO` alone after code neither
      name: "a broken cell's author comments leave the other imports checked",
      cells: [
        'import os\nimport sys',
        'for x in sys.argv:  # TODO: handle flags\n    print x  # TODO'
      ],
      errors: [{ message: '"os" is imported', cell: 1, line: 1, column: 8 }],
      output: [
        'import sys',
        'for x in sys.argv:  # TODO: handle flags\n    print x  # TODO'
      ]
    },
    {
      name: 'a star import elsewhere does not turn the rule off',
      cells: [
        'from pyspark.sql.functions import *',
        'import os, json\nprint(json.dumps({}))'
      ],
      errors: [
        {
          message: '"os" is imported',
          cell: 2,
          line: 1,
          column: 8,
          endLine: 1,
          endColumn: 10
        }
      ],
      output: [
        'from pyspark.sql.functions import *',
        'import json\nprint(json.dumps({}))'
      ]
    },
    {
      name: 'from-import: the last name goes with its comma; a conditional import gets no fix',
      cells: [
        'from sklearn.metrics import accuracy_score, f1_score\ntry:\n    import torch\nexcept ImportError:\n    torch = None',
        'accuracy_score([1], [1])'
      ],
      errors: [
        {
          message: '"f1_score"',
          cell: 1,
          line: 1,
          column: 45,
          endLine: 1,
          endColumn: 53
        },
        {
          message: '"torch"',
          cell: 1,
          line: 3,
          column: 12,
          endLine: 3,
          endColumn: 17
        }
      ],
      output: [
        'from sklearn.metrics import accuracy_score\ntry:\n    import torch\nexcept ImportError:\n    torch = None',
        'accuracy_score([1], [1])'
      ]
    },
    {
      cells: ['import os, sys\nimport pandas as pd', 'print(sys.argv)'],
      errors: [
        {
          message: '"os" is imported but no cell uses it',
          messageId: 'unused',
          cell: 1,
          line: 1,
          column: 8
        },
        { message: '"pd" is imported', cell: 1, line: 2, column: 18 }
      ],
      output: ['import sys', 'print(sys.argv)']
    },
    {
      name: 'a name of a parenthesized import is reported on its own line',
      cells: [
        'from azure.ai.ml.entities import (\n    Environment,\n    CodeConfiguration as CC,\n)\nimport a.b',
        'env = Environment()'
      ],
      errors: [
        { message: '"CC" is imported', cell: 1, line: 3, column: 26 },
        { message: '"a" is imported', cell: 1, line: 5, column: 8 }
      ],
      output: [
        'from azure.ai.ml.entities import (\n    Environment,\n)',
        'env = Environment()'
      ]
    }
  ]
});
