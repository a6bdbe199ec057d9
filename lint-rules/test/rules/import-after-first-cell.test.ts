import rule from '../../src/rules/import-after-first-cell';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // round 18 (ThinkStats2 chap04soln): the import needs the module a cell above downloads;
      // moved to the first cell it fails on a fresh checkout
      name: 'a module whose .py file a cell above downloads or writes',
      cells: [
        'import numpy as np',
        'download("https://github.com/AllenDowney/ThinkStats2/raw/master/code/thinkstats2.py")\ndownload("https://github.com/AllenDowney/ThinkStats2/raw/master/code/thinkplot.py")',
        'import thinkstats2\nimport thinkplot',
        '%%writefile helpers.py\ndef f():\n    return 1',
        'from helpers import f'
      ]
    },
    {
      // the other writers of a module file: a shell download or copy, open(..., "w")
      name: 'a module whose .py file a shell line fetches or a cell writes with open()',
      cells: [
        'import numpy as np',
        '!wget -q https://example.org/utils.py\n!cp ../lib/tools.py .\nwith open("cfg.py", "w") as f:\n    f.write("A = 1")',
        'import utils\nimport tools\nimport cfg'
      ]
    },
    {
      cells: [
        '%pip install pandas==2.2.2',
        'import pandas as pd\nimport os',
        'df = pd.DataFrame()'
      ]
    },
    {
      // round 14: cannlytics' presentation drafts end with `import this`, printed as a sign-off
      name: 'a module imported for what its import prints (the Zen of Python) or opens',
      cells: [
        'import pandas as pd',
        'df = pd.DataFrame()',
        'import this',
        'import antigravity'
      ]
    },
    {
      name: 'guarded import',
      cells: [
        'import os',
        'try:\n    import torch\nexcept ImportError:\n    torch = None'
      ]
    },
    {
      // azureml-examples' mmtracking notebook: the first code cell connects to the workspace,
      // and each step imports what it needs; late imports are its style
      name: 'a notebook without an imports cell imports as it goes',
      cells: [
        { md: '# Video multi-object tracking' },
        'from azure.ai.ml import MLClient\nml_client = MLClient.from_config(credential)',
        'from azure.ai.ml.dsl import pipeline\n\n@pipeline()\ndef train():\n    pass'
      ]
    },
    {
      name: 'a first cell with an import and a statement is no imports cell',
      cells: ['import os\n# then\nprint(os.sep)', 'import json']
    },
    {
      // no imports cell to continue: the first cell does work, so the notebook imports as it goes
      name: 'a cell of imports only after a first cell that does work',
      cells: ['import os\nos.chdir("..")', 'import json', 'x = 1', 'import re']
    },
    {
      name: 'two import cells allowed',
      cells: ['import os', 'import sys', 'print(1)'],
      options: { importCells: 2 }
    },
    {
      // round 21 (causalml uplift_tree_visualization cells 5 and 7): a "Load Modules" section of
      // imports cells under their own headings, a magic-only cell among them
      name: 'cells of imports only under their own Markdown right after the imports cell continue it',
      cells: [
        { md: '## Step 1 Load Modules' },
        { md: '### Load CausalML modules' },
        'from causalml.dataset import make_uplift_classification\nfrom causalml.inference.tree import UpliftTreeClassifier',
        { md: '### Load standard modules' },
        'import numpy as np\nimport pandas as pd\nfrom IPython.display import Image',
        '%matplotlib inline',
        { md: '### Plotting libraries' },
        '# plotting\nimport matplotlib.pyplot as plt',
        'df, x_names = make_uplift_classification()'
      ]
    }
  ],
  invalid: [
    {
      // near miss: a .py file named below the import, or another module's
      name: 'a module whose .py file no cell above names',
      cells: [
        'import numpy as np',
        'x = np.ones(3)',
        'import thinkstats2\nimport thinkplot',
        'download("https://example.org/thinkstats2.py")\n!wget https://example.org/thinkplot.pyc'
      ],
      errors: [{ message: '"thinkstats2", "thinkplot"', cell: 3 }],
      output: [
        'import numpy as np\nimport thinkstats2\nimport thinkplot',
        'x = np.ones(3)',
        '',
        'download("https://example.org/thinkstats2.py")\n!wget https://example.org/thinkplot.pyc'
      ]
    },
    {
      // round 21's attack review, R5: running a script or naming its file in a comment makes no
      // module; the real shape: a notebook that runs the training script, then imports it
      name: 'a module whose .py file a cell above only runs or mentions',
      cells: [
        'import numpy as np',
        '!python train.py --epochs 1\n# TODO: copy the helpers from utils.py of the old project\nprint("see helpers.py")',
        'import train\nimport utils\nimport helpers'
      ],
      errors: [{ message: '"train", "utils", "helpers"', cell: 3 }],
      output: [
        'import numpy as np\nimport train\nimport utils\nimport helpers',
        '!python train.py --epochs 1\n# TODO: copy the helpers from utils.py of the old project\nprint("see helpers.py")',
        ''
      ]
    },
    {
      name: 'each late import is judged by the cells above it: a move for the first, none after a use',
      cells: [
        'import os',
        'print(os.sep)',
        'import json',
        'x = json.dumps(sys.argv)',
        'import sys',
        '%%bash\necho',
        'import re'
      ],
      errors: [
        { message: 'Cell 3 imports "json"', cell: 3, line: 1, column: 1 },
        { message: 'Cell 5 imports "sys"', cell: 5, line: 1, column: 1 },
        { message: 'Cell 7 imports "re"', cell: 7, line: 1, column: 1 }
      ],
      output: [
        'import os\nimport json',
        'print(os.sep)',
        '',
        'x = json.dumps(sys.argv)',
        'import sys',
        '%%bash\necho',
        'import re'
      ]
    },
    {
      // the near-misses: a name imported from it, or another module beside it (named alone,
      // and not moved: `import this` would print in the first cell)
      name: 'a name from `this`, or another import beside `import this`',
      cells: [
        'import pandas as pd',
        'df = pd.DataFrame()',
        'from this import s',
        'import this\nimport numpy as np'
      ],
      errors: [
        { message: 'Cell 3 imports "this"', cell: 3, line: 1, column: 1 },
        { message: 'Cell 4 imports "numpy"', cell: 4, line: 2, column: 1 }
      ],
      output: [
        'import pandas as pd\nfrom this import s',
        'df = pd.DataFrame()',
        '',
        'import this\nimport numpy as np'
      ]
    },
    {
      // the review of s15-r11 (D5): the moved import ends as the imports cell's lines do
      name: 'an import moved into a CRLF imports cell is joined with CRLF',
      cells: ['import os\r\nimport sys', 'x = 1', 'import json'],
      errors: [
        { message: 'Cell 3 imports "json"', cell: 3, line: 1, column: 1 }
      ],
      output: ['import os\r\nimport sys\r\nimport json', 'x = 1', '']
    },
    {
      name: 'comments between the imports of the imports cell',
      cells: [
        '# what we need\nimport os\n# and\nimport sys  # argv',
        'x = 1',
        'import json'
      ],
      errors: [
        { message: 'Cell 3 imports "json"', cell: 3, line: 1, column: 1 }
      ],
      output: [
        '# what we need\nimport os\n# and\nimport sys  # argv\nimport json',
        'x = 1',
        ''
      ]
    },
    {
      cells: [
        { md: '# t' },
        'import os',
        'x = 1\nfrom sklearn.metrics import f1_score, accuracy_score\nimport numpy as np',
        'import sys'
      ],
      errors: [
        {
          message:
            'Cell 3 imports "sklearn.metrics", "numpy"; move imports to the first code cell',
          messageId: 'lateImport',
          cell: 3,
          line: 2,
          column: 1
        },
        { message: 'Cell 4 imports "sys"', cell: 4, line: 1, column: 1 }
      ],
      // cell 3 does work above its imports: only cell 4's import moves
      output: [
        '# t',
        'import os\nimport sys',
        'x = 1\nfrom sklearn.metrics import f1_score, accuracy_score\nimport numpy as np',
        ''
      ]
    },
    {
      // round 17 (tensorflow-1-public C4W4 and C3W4 assignments, a DP-100 lab): an imports cell
      // right under the imports cell with no text between is a late import (judged true)
      name: 'a cell of imports only right under the imports cell, no Markdown between',
      cells: [
        { md: '# Week 4: Using real world data' },
        'import csv\nimport numpy as np',
        'import unittests',
        { md: 'Begin by looking at the data' },
        'DATA_PATH = "./data/t.csv"'
      ],
      errors: [{ message: 'Cell 3 imports "unittests"', cell: 3, line: 1 }],
      output: [
        '# Week 4: Using real world data',
        'import csv\nimport numpy as np\nimport unittests',
        '',
        'Begin by looking at the data',
        'DATA_PATH = "./data/t.csv"'
      ]
    },
    {
      // round 21 (sktime 01a_forecasting_sklearn cell 5): a section's own imports under its
      // topic's heading, right after the imports cell, are a late import
      name: 'a cell of imports only under a heading that is not about imports',
      cells: [
        '# general imports\nimport numpy as np',
        { md: '### Pitfall 1: over-optimism in performance evaluation' },
        'from sklearn.model_selection import train_test_split',
        'y = load()'
      ],
      errors: [
        { message: 'Cell 3 imports "sklearn.model_selection"', cell: 3 }
      ],
      output: [
        '# general imports\nimport numpy as np\nfrom sklearn.model_selection import train_test_split',
        '### Pitfall 1: over-optimism in performance evaluation',
        '',
        'y = load()'
      ]
    },
    {
      // near misses of the imports section: an imports cell after a cell of other code, and a
      // cell that imports and does work right after the imports cell
      name: 'imports after the first cell of other code, or with code of their own',
      cells: [
        'import os',
        'import sys\nsys.path.append("..")',
        'import json',
        'print(json.dumps({}))',
        'import re'
      ],
      errors: [
        { message: 'Cell 2 imports "sys"', cell: 2, line: 1, column: 1 },
        { message: 'Cell 3 imports "json"', cell: 3, line: 1, column: 1 },
        { message: 'Cell 5 imports "re"', cell: 5, line: 1, column: 1 }
      ],
      output: [
        'import os\nimport sys\nimport json\nimport re',
        'sys.path.append("..")',
        '',
        'print(json.dumps({}))',
        ''
      ]
    },
    {
      name: 'no move when a cell in between uses the name',
      cells: ['import os', 'print(json)', 'import json\njson.dumps({})'],
      errors: [
        {
          message: 'Cell 3 imports "json"',
          cell: 3,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 12
        }
      ],
      output: null
    }
  ]
});
