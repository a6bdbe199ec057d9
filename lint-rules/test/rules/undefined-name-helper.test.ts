/**
 * NB104 and the library half of a `%run` helper notebook: functions and methods that read the
 * caller's globals, in bodies the notebook never runs itself (Python resolves a function's free
 * names when it is called). Round 10: genai-cookbook's shared_utilities (`%run ./shared_utilities`,
 * UC_CATALOG read in a function body); round 11: OpenEduAnalytics' Intune_py (`%run /OEA_py`
 * then `%run /Intune_py`, `oea` read in a method of a class the notebook never instantiates).
 * Only in a notebook whose name says it is such a library (helperNotebookKind 'library'): in
 * any other notebook an uncalled function's unknown name is still a finding (the reviewers' TPs:
 * endpoint_sdk.py's `requests` never imported, siamese-1's `x` typo).
 */
import rule from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // shared_utilities' shape: helpers for the notebooks that %run it
      name: 'functions that read the caller globals and that the notebook never calls',
      path: 'multiple_fixes/shared_utilities.ipynb',
      cells: [
        'import os',
        'def get_table_url(table_fqdn):\n    return f"{UC_CATALOG}.{UC_SCHEMA}.{table_fqdn}"',
        'def checkpoint(name):\n    return os.path.join(CHECKPOINTS_VOLUME_PATH, name)\n\ndef table_and_checkpoint(name):\n    return get_table_url(name), checkpoint(name)'
      ]
    },
    {
      // Intune_py's shape: a module class the caller instantiates with its own oea in scope
      name: 'methods of a class the notebook never instantiates, decorated ones too',
      path: 'notebook/utils_intune.ipynb',
      cells: [
        'import json',
        "class Intune:\n    version = '0.1'\n\n    def __init__(self, source_folder='intune'):\n        self.path = oea.to_url(source_folder)\n\n    @staticmethod\n    def load(name):\n        return json.loads(oea.read(name))"
      ]
    },
    {
      // a short name is close to too many others to be called a typo: `oea` is two edits from
      // `os`, over the one edit a name of three to five characters allows
      name: 'a caller global near a short name the helper binds',
      path: 'utils.ipynb',
      cells: [
        'import os',
        'def read(name):\n    return oea.read(os.path.join("x", name))'
      ]
    }
  ],
  invalid: [
    {
      // review of s16-names (probes/h2): a typo of a parameter, of a local and of the
      // notebook's own global is the NameError it looks like, not the caller's global
      name: 'a read that looks like a typo of a name the function or the notebook binds',
      path: 'utils.ipynb',
      cells: [
        'import pandas as pd\nDATA_FOLDER = "data"',
        'def load(path):\n    return pd.read_csv(pth)',
        'def total(xs):\n    result = 0\n    for x in xs:\n        result += x\n    return reslut',
        'def folder():\n    return DATA_FOLDR'
      ],
      errors: [
        { message: '"pth"', cell: 2, line: 2 },
        { message: '"reslut"', cell: 3, line: 5 },
        { message: '"DATA_FOLDR"', cell: 4, line: 2 }
      ]
    },
    {
      name: 'a read at top level, and one in a function the notebook calls',
      path: 'multiple_fixes/shared_utilities.ipynb',
      cells: [
        'print(UC_CATALOG)',
        'def get_table_url(t):\n    return f"{UC_SCHEMA}.{t}"\n\nurl = get_table_url("docs")'
      ],
      errors: [
        { message: '"UC_CATALOG"', cell: 1, line: 1 },
        { message: '"UC_SCHEMA"', cell: 2, line: 2 }
      ]
    },
    {
      name: 'a function only another used function calls, a method of an instantiated class',
      path: 'Includes/helpers.ipynb',
      cells: [
        'def helper():\n    return CONFIG_PATH\n\ndef main():\n    return helper()',
        'main()',
        'class Module:\n    def __init__(self):\n        self.path = oea.to_url("x")',
        'm = Module()'
      ],
      errors: [
        { message: '"CONFIG_PATH"', cell: 1, line: 2 },
        { message: '"oea"', cell: 3, line: 3 }
      ]
    },
    {
      // a class body, a default argument and a decorator run with the statement; a decorated
      // function may be registered and called by its decorator (a Spark udf, a DLT table)
      name: 'reads that run when the definition runs, and a decorated function',
      path: 'common.ipynb',
      cells: [
        'class Settings:\n    catalog = UC_CATALOG',
        'def table(name, schema=UC_SCHEMA):\n    return f"{schema}.{name}"',
        'from pyspark.sql.functions import udf\n\n@udf\ndef lookup(k):\n    return LOOKUP[k]'
      ],
      errors: [
        { message: '"UC_CATALOG"', cell: 1, line: 2 },
        { message: '"UC_SCHEMA"', cell: 2, line: 1 },
        { message: '"LOOKUP"', cell: 3, line: 5 }
      ]
    },
    {
      // round 8's endpoint_sdk.py: a module never imported, read in a method nobody calls here
      name: 'an uncalled function in a notebook whose name does not say it is a library',
      path: 'project/endpoint_sdk.ipynb',
      cells: [
        'class EndpointClient:\n    def _get(self, uri):\n        return requests.get(uri)',
        'def get_table_url(t):\n    return f"{UC_CATALOG}.{t}"'
      ],
      errors: [
        { message: '"requests"', cell: 1, line: 3 },
        { message: '"UC_CATALOG"', cell: 2, line: 2 }
      ]
    }
  ]
});
