import rule from '../../src/rules/comparison-to-none';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['if x is None or y is not None:\n    pass\nz = a == b'] },
    {
      // rajdump/pyspark-on-azure-databricks-academy, 05 - Filtering Rows: the lesson shows on
      // purpose that `== None` finds no NULL in Spark, and says so to flake8 and ruff (round 8)
      name: "flake8's and ruff's `# noqa: E711` (and a bare `# noqa`, any case) on the line",
      cells: [
        'print("== None row count:", df.filter(F.col("service_type") == None).count()) # noqa: E711\nprint("!= None row count:", df.filter(F.col("service_type") != None).count())  # NOQA:E711,F401',
        'if x == None:  # noqa\n    pass\nok = y != None  #noqa: E501 E711'
      ]
    },
    {
      // udacity/deep-learning-v2-pytorch, intro_to_tensorflow's test harness (round 8): TF 1's
      // TensorShape.__eq__ reads None as the unknown shape; `is None` is always False there
      name: 'a TensorFlow shape compared to None (its __eq__ on purpose)',
      cells: [
        "assert features._shape == None or (\\\n    features._shape.dims[0].value is None and\\\n    features._shape.dims[1].value in [None, 784]), 'The shape of features is incorrect'",
        'unknown = t.get_shape() != None\nok = x.shape == None or tf.TensorShape(None) == None'
      ]
    }
  ],
  invalid: [
    {
      // review R3 nb210_pandas: pandas reads None as missing, so df[df['age'] == None] is
      // always empty; a mask is reported with its own message (pd.isna), and no `is` fix
      name: 'an elementwise comparison used as a mask: a pandas bug, reported as a mask',
      cells: [
        "import pandas as pd\ndf = pd.read_csv('x.csv')\nmissing = df[df['age'] == None]\nd = {True: 1, False: 0}\nk = 3\nprint(d[k == None], missing)",
        'arr[arr == None] = 0\nrows = df[(df.a == None) & ~(df.b != None)]',
        'filled = np.where(values != None, values, 0)'
      ],
      errors: [
        {
          message: 'all False there; use pd.isna(',
          cell: 1,
          line: 3,
          column: 14
        },
        { message: 'Mask "== None"', cell: 1, line: 6, column: 9 },
        { message: 'Mask "== None"', cell: 2, line: 1, column: 5 },
        { message: 'Mask "== None"', cell: 2, line: 2, column: 12 },
        {
          message: 'all True there; use pd.notna(',
          cell: 2,
          line: 2,
          column: 30
        },
        { message: 'Mask "!= None"', cell: 3, line: 1, column: 19 }
      ]
    },
    {
      name: 'the same shapes that are no mask or shape: a value, a subscript of one, an argument',
      cells: [
        'if shape == None or t.shape() == None or x[i] == None:\n    pass',
        'np.where(cond, a == None, b)\nprint(arr[0] == None)'
      ],
      errors: [
        { message: '"== None"', cell: 1, line: 1, column: 4 },
        { message: '"== None"', cell: 1, line: 1, column: 21 },
        { message: '"== None"', cell: 1, line: 1, column: 42 },
        { message: '"== None"', cell: 2, line: 1, column: 16 },
        { message: '"== None"', cell: 2, line: 2, column: 7 }
      ]
    },
    {
      name: 'a `# noqa` for another check, a noqa inside a string, or on the line above does not suppress',
      cells: [
        'if x == None:  # noqa: E501\n    pass',
        'print("skip # noqa: E711", x == None)',
        '# noqa: E711\nok = y != None',
        'z = x == None  # noqa E711 (no colon: a bare noqa) \nw = v == None  # nbcraft-noqa'
      ],
      errors: [
        { message: '"== None"', cell: 1, line: 1, column: 4 },
        { message: '"== None"', cell: 2, line: 1, column: 28 },
        { message: '"!= None"', cell: 3, line: 2, column: 6 },
        { message: '"== None"', cell: 4, line: 2, column: 5 }
      ]
    },
    {
      name: 'the unsafe fix uses is / is not',
      cells: ['if result == None or other != None:\n    pass'],
      errors: [
        {
          message: '"== None"',
          cell: 1,
          line: 1,
          column: 4,
          endLine: 1,
          endColumn: 18
        },
        {
          message: '"!= None"',
          cell: 1,
          line: 1,
          column: 22,
          endLine: 1,
          endColumn: 35
        }
      ],
      unsafe: true,
      output: ['if result is None or other is not None:\n    pass']
    },
    {
      cells: ['if x == None:\n    pass', 'ok = None != y'],
      errors: [
        {
          message: 'Comparison "== None"',
          messageId: 'eq',
          cell: 1,
          line: 1,
          column: 4
        },
        {
          message: 'Comparison "!= None"',
          messageId: 'ne',
          cell: 2,
          line: 1,
          column: 6
        }
      ]
    }
  ]
});
