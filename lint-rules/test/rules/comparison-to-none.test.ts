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
    }
  ],
  invalid: [
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
