import rule from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

/**
 * `__import__` and the names it may bind: it binds nothing itself (Python's Built-in Functions),
 * but a cell that hands what it returns to `setattr` or stores it into a namespace's `__dict__`
 * or `sys.modules` may bind any name (python/mutation.ts).
 */
const python3 = {
  kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
  language_info: { name: 'python', version: '3.11.0' }
};

const DYNAMIC = [
  // attack review of s17-helpers (D7): every shape fc573fd left silent, whatever the value's path
  "import sys\nmods = ['numpy', 'pandas']\nfor m in mods:\n    mod = __import__(m)\n    setattr(sys.modules[__name__], m, mod)",
  "import sys\nfor m in ['numpy']:\n    setattr(sys.modules[__name__], m, (__import__(m)))",
  "import builtins\nfor m in ['numpy']:\n    builtins.__dict__[m] = __import__(m)",
  "import sys\nthis = sys.modules[__name__]\nfor m in ['numpy']:\n    this.__dict__[m] = __import__(m)",
  "import sys\nfor m in ['a.numpy']:\n    setattr(sys.modules[__name__], m.split('.')[-1], __import__(m, fromlist=['x']).numpy)",
  // the attack review of s17's merges: the store found in the parsed tree, below the call
  "import sys\nfor m in ['numpy']:\n    sys.modules[m] = __import__(m)\n    globals_ = sys.modules[m]"
];

runRuleTests(rule, {
  valid: [
    {
      // __import__ binds nothing itself: its result assigned is a plain binding
      name: 'a module bound from __import__ is a defined name',
      cells: ["np = __import__('numpy')", 'print(np.zeros(3))'],
      metadata: python3
    },
    {
      // setattr(module, name, __import__(...)) binds a global the scope pass cannot see
      name: '__import__ handed to setattr may bind any name: no finding',
      cells: [
        "import sys\nfor m in ['numpy', 'pandas']:\n    setattr(sys.modules[__name__], m, __import__(m))",
        'print(numpy.zeros(3), pandas.DataFrame())'
      ],
      metadata: python3
    },
    ...DYNAMIC.map((code, i) => ({
      name: `a cell binding __import__'s module under a computed name (${i + 1})`,
      cells: [code, 'print(numpy.zeros(3))'],
      metadata: python3
    }))
  ],
  invalid: [
    {
      // the attack review of s17's merges (dyn1/dyn2.ipynb): setattr or sys.modules[...] named
      // in a comment or a string stores nothing, so the notebook's names are still checked
      name: 'setattr or sys.modules[...] only in a comment or a string',
      cells: [
        'json = __import__("json")  # like import json; no setattr() tricks',
        'print(json.dumps(reslts))',
        'mods = {m: __import__(m) for m in ["json", "os"]}\nprint("see sys.modules[...] and x.__dict__[k] for what is loaded")',
        'print(mods["json"].dumps(reslts2))',
        // a read of sys.modules[...] stores nothing either
        'import sys\nos_ = __import__("os")\nloaded = sys.modules["os"]',
        'print(loaded, reslts3)'
      ],
      metadata: python3,
      errors: [
        { message: '"reslts" is not defined', cell: 2 },
        { message: '"reslts2" is not defined', cell: 4 },
        { message: '"reslts3" is not defined', cell: 6 }
      ]
    },
    {
      // __import__ returns the module and binds no name (Python's Built-in Functions): the
      // notebook's other names are still checked
      name: "one __import__('x') call: an undefined name elsewhere is still reported",
      cells: [
        "version = __import__('sklearn').__version__\nprint(version)",
        'model.fit(X, y)'
      ],
      metadata: python3,
      errors: [
        { message: '"model" is not defined', cell: 2 },
        { message: '"X" is not defined', cell: 2 },
        { message: '"y" is not defined', cell: 2 }
      ]
    },
    {
      name: '__import__ inside print (not setattr) binds nothing either',
      cells: ["print(__import__('os').getcwd())", 'print(cwd)'],
      metadata: python3,
      errors: [{ message: '"cwd" is not defined', cell: 2 }]
    },
    {
      // the near-miss of DYNAMIC: setattr in a cell that imports nothing dynamically
      name: 'setattr without __import__ binds no module',
      cells: [
        "import sys\nsetattr(sys.modules[__name__], 'x', 1)",
        'print(numpy.zeros(3))'
      ],
      metadata: python3,
      errors: [{ message: '"numpy" is not defined', cell: 2 }]
    }
  ]
});
