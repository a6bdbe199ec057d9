import rule from '../../src/rules/trailing-whitespace';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['x = 1\ny = 2', { md: 'line break  \nin markdown' }] },
    {
      // fabric-samples' practice notebook: a %%chat cell is a prompt, its spaces are text
      name: 'the body of an unknown cell magic or %%writefile',
      cells: [
        '%%chat \nWhat does this dataset hold? ',
        '%%writefile notes.txt\nkeep  \n'
      ]
    },
    {
      // azureml-examples' db_copilot notebook: a prompt template's lines are its data
      name: 'spaces inside a triple-quoted string',
      cells: ['prompt = """\n  <Response>  \n  \n{api_prompt_text}\n"""']
    },
    {
      // donnemartin/data-science-ipython-notebooks' scipy/effect_size.ipynb (Python 2.7): a
      // docstring's blank line is the string's data there too, in a cell that parses as Python 3
      name: 'spaces inside a docstring of a Python 2 notebook',
      metadata: {
        kernelspec: { name: 'python2', display_name: 'Python 2' },
        language_info: { name: 'python', version: '2.7.10' }
      },
      cells: [
        'def overlap(control, n=1000):\n    """Estimates overlap.\n    \n    n: sample size\n    """\n    print(n)'
      ]
    }
  ],
  invalid: [
    {
      name: 'a code line of a Python 2 notebook that does not parse as Python 3 (read as text, as any cell that does not parse)',
      metadata: {
        kernelspec: { name: 'python2', display_name: 'Python 2' },
        language_info: { name: 'python', version: '2.7.10' }
      },
      cells: ['print "x"  \ns = 1'],
      output: ['print "x"\ns = 1'],
      errors: [
        {
          message: 'Trailing whitespace',
          cell: 1,
          line: 1,
          column: 10,
          endLine: 1,
          endColumn: 12
        }
      ]
    },
    {
      cells: ['x = 1   \ny = 2\t'],
      errors: [
        {
          message: 'Trailing whitespace',
          messageId: 'trailing',
          cell: 1,
          line: 1,
          column: 6
        },
        { message: 'Trailing whitespace', cell: 1, line: 2, column: 6 }
      ],
      output: ['x = 1\ny = 2']
    },
    {
      // line ends are read in place: '\r\n' and a lone '\r' end a line too, and the last line has none
      name: 'blanks before \\r\\n, before \\r and at the end of the cell',
      cells: ['x = 1 \r\ny = 2\t \rz = 3  \r\n\r\n  '],
      errors: [
        {
          message: 'Trailing whitespace',
          cell: 1,
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 7
        },
        {
          message: 'Trailing whitespace',
          cell: 1,
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 8
        },
        {
          message: 'Trailing whitespace',
          cell: 1,
          line: 3,
          column: 6,
          endLine: 3,
          endColumn: 8
        },
        {
          message: 'Trailing whitespace',
          cell: 1,
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 3
        }
      ],
      output: ['x = 1\r\ny = 2\rz = 3\r\n\r\n']
    }
  ]
});
