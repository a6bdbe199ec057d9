import rule from '../../src/rules/syntax-error';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // the percent fixture's old line: prose that starts like %time stays a comment
      name: 'a commented prose line that starts like a magic in a percent script',
      text: '# %%\n# %time is a commented line magic: a comment for Python\n# %time the loop below\nsquares = []\n'
    },
    {
      cells: [
        'x = 1',
        '%time y = x + 1',
        '!ls -la',
        '%%sql\nSELECT * FROM t WHERE a = ('
      ]
    },
    { cells: [{ md: 'not ( python' }] },
    {
      // Azure/MachineLearningNotebooks train-on-remote-vm: every line starts with one space;
      // IPython removes it (leading_indent) and the cell runs
      name: 'a cell indented as a whole runs once IPython dedents it',
      cells: [
        ' run = exp.submit(config=src)\n\n from azureml.exceptions import ActivityFailedException\n\n try:\n     run.wait_for_completion(show_output=True)\n except ActivityFailedException as ex:\n     print(ex)'
      ]
    },
    {
      // jakevdp/PythonDataScienceHandbook 03.05: the SyntaxError is the lesson, and was run
      name: 'a tutorial cell that ran into the SyntaxError the Markdown above announces',
      cells: [
        {
          md: 'Working with slices within these index tuples is not especially convenient; trying to create a slice within a tuple will lead to a syntax error:'
        },
        {
          code: "health_data.loc[(:, 1), (:, 'HR')]",
          count: 32,
          outputs: [
            {
              output_type: 'error',
              ename: 'SyntaxError',
              evalue: 'invalid syntax',
              traceback: []
            }
          ]
        }
      ]
    },
    {
      // fabric-samples' R churn notebook: the kernelspec says Python, language_info says R
      name: 'an R notebook on a Synapse/Fabric kernel',
      cells: ['rdf_clean$NewTenure <- rdf_clean$Tenure / rdf_clean$Age'],
      metadata: {
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark',
          language: 'Python'
        },
        language_info: { name: 'r' }
      }
    },
    {
      // Azure-Samples/Synapse: a Spark SQL cell in a PySpark notebook (cell metadata)
      name: 'a cell whose Synapse metadata says it is Spark SQL',
      cells: [
        {
          code: 'SELECT * FROM cities WHERE population > (',
          metadata: { microsoft: { language: 'sparksql' } }
        }
      ],
      metadata: {
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark'
        },
        language_info: { name: 'python' }
      }
    }
  ],
  invalid: [
    {
      name: 'a string opened in an f-string field with the same quote (PEP 701) is no unterminated string: the grammar says where',
      cells: ["names = ['a']\nmsg = f\"{'\"'.join(names)}\"\nresult = (\n"],
      errors: [
        {
          message: 'unexpected end of cell',
          cell: 1,
          line: 4,
          column: 1
        }
      ]
    },
    {
      name: "a line magic's argument opens no string in the cell IPython compiles",
      cells: ['%timeit s = "it\'s"; t = \'x\nprint(1 +)'],
      errors: [
        {
          message: "Cell does not parse (invalid syntax near ')')",
          cell: 1,
          line: 2,
          column: 10
        }
      ]
    },
    {
      name: 'an unterminated string is reported at its prefix, as CPython does',
      cells: ["p = r'C:\\'\nq = 1\nprint(q +)"],
      errors: [
        {
          message: 'Cell does not parse (unterminated string literal)',
          cell: 1,
          line: 1,
          column: 5
        }
      ]
    },
    {
      name: 'Markdown below about syntax errors in general does not excuse this one',
      cells: [
        { md: '# T' },
        {
          code: 'print("a"\n',
          count: 9,
          outputs: [
            {
              output_type: 'error',
              ename: 'SyntaxError',
              evalue: 'incomplete input',
              traceback: ['SyntaxError: incomplete input']
            }
          ]
        },
        { md: 'Common mistakes: a missing bracket gives a SyntaxError.' }
      ],
      errors: [{ message: 'Cell does not parse', cell: 2 }]
    },
    {
      name: 'a cell indented as a whole that does not parse dedented either',
      cells: ['  try:\n      f()\n  except:'],
      errors: [
        {
          message: 'Cell does not parse',
          cell: 1,
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 3
        }
      ]
    },
    {
      name: 'the same cell never run: nothing shows the author met the error',
      cells: [
        {
          md: 'Working with slices within these index tuples is not especially convenient; trying to create a slice within a tuple will lead to a syntax error:'
        },
        "health_data.loc[(:, 1), (:, 'HR')]"
      ],
      errors: [
        {
          message: "Cell does not parse (invalid syntax near ':')",
          cell: 2,
          line: 1,
          column: 18,
          endLine: 1,
          endColumn: 18
        }
      ]
    },
    {
      // databricks-demos/dbdemos-notebooks 02-Image-generation-tool.py, cell 13: the string opened on
      // line 3 never closes; CPython says "unterminated string literal (detected at line 3)", the
      // grammar only fails at line 4's `display`
      name: 'an unterminated single-quoted string is reported where it opens',
      cells: [
        '#-- let\'s test our function:\nimage = spark.sql(f"SELECT generate_image(\'test\') as image")\nimage = spark.sql(\'select `image`.`/Volumes/xx/xx/generated_images`)\ndisplay(image.select(\n    F.col("image").alias("image", metadata={"spark.contentAnnotation": \'{"mimeType": "image/jpeg"}\'})\n))'
      ],
      errors: [
        {
          message:
            'Cell does not parse (unterminated string literal); fix the syntax.',
          cell: 1,
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 19
        }
      ]
    },
    {
      name: 'an unterminated string on the last line',
      cells: ["x = 1\ny = 'abc"],
      errors: [
        {
          message: 'Cell does not parse (unterminated string literal)',
          cell: 1,
          line: 2,
          column: 5
        }
      ]
    },
    {
      name: 'a triple-quoted string, a comment with a quote and an escaped quote do not count',
      cells: ["# it's\ns = '''a\nb'''\nt = 'it\\'s'\nf(:)"],
      errors: [
        {
          message: "Cell does not parse (invalid syntax near ':')",
          cell: 1,
          line: 5,
          column: 3
        }
      ]
    },
    {
      cells: ['a = 1', 'def f(:\n    pass'],
      errors: [
        {
          message: 'Cell does not parse',
          messageId: 'syntaxError',
          cell: 2,
          line: 1
        }
      ]
    },
    {
      name: 'a Python cell of a Synapse notebook is still checked',
      cells: ['def f(:\n    pass'],
      metadata: {
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark'
        },
        language_info: { name: 'python' }
      },
      errors: [{ message: 'Cell does not parse', cell: 1, line: 1 }]
    }
  ]
});
