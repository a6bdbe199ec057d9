/**
 * Python 2 notebooks (issue #15, round 8): nbcraft reads Python 3 only, so a notebook whose
 * metadata says Python 2 has code cells in another language, which the Python rules skip as they
 * skip an R cell. The shapes are those of donnemartin/data-science-ipython-notebooks' TensorFlow
 * notebooks (kernelspec python2, language_info 2.7.12), where main reported NB201 on `print x`
 * and NB104 on `xrange`.
 */
import syntaxError from '../../src/rules/syntax-error';
import undefinedName from '../../src/rules/undefined-name';
import { readIpynb } from '../../src/notebook/ipynb';
import { runRuleTests } from './ruleTester';

/** basic_operations.ipynb's metadata, as saved */
const SAVED_ON_PYTHON_2 = {
  kernelspec: { display_name: 'Python 2', language: 'python', name: 'python2' },
  language_info: {
    codemirror_mode: { name: 'ipython', version: 2 },
    file_extension: '.py',
    mimetype: 'text/x-python',
    name: 'python',
    nbconvert_exporter: 'python',
    pygments_lexer: 'ipython2',
    version: '2.7.12'
  }
};

/** ran on Python 3.6 with the kernelspec of the Python 2 days left in the file: Python 3 */
const STALE_PYTHON_2_KERNELSPEC = {
  kernelspec: { display_name: 'Python 2', language: 'python', name: 'python2' },
  language_info: {
    codemirror_mode: { name: 'ipython', version: 3 },
    name: 'python',
    pygments_lexer: 'ipython3',
    version: '3.6.1'
  }
};

const PRINT_STATEMENT = 'with tf.Session() as sess:\n    print "a=2, b=3"';

describe('the language of a Python 2 notebook', () => {
  const read = (metadata: Record<string, unknown>) =>
    readIpynb(
      'n.ipynb',
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 2,
        metadata,
        cells: [
          { cell_type: 'code', source: 'x = 1', metadata: {}, outputs: [] },
          {
            cell_type: 'code',
            source: '%%time\nx = 1',
            metadata: {},
            outputs: []
          },
          {
            cell_type: 'code',
            source: '%%python3\nx = 1',
            metadata: {},
            outputs: []
          },
          {
            cell_type: 'code',
            source: 'x = 1',
            metadata: { vscode: { languageId: 'python' } },
            outputs: []
          },
          { cell_type: 'code', source: '%%bash\nls', metadata: {}, outputs: [] }
        ]
      })
    );
  it.each([
    ['saved on Python 2', SAVED_ON_PYTHON_2, 'python2'],
    [
      'no version, kernelspec python2',
      { kernelspec: { name: 'python2', language: 'python' } },
      'python2'
    ],
    [
      'no version, display name "Python 2"',
      {
        kernelspec: {
          name: 'py27',
          display_name: 'Python 2',
          language: 'python'
        }
      },
      'python2'
    ],
    [
      'no version, pygments_lexer ipython2',
      { language_info: { name: 'python', pygments_lexer: 'ipython2' } },
      'python2'
    ],
    [
      'a stale python2 kernelspec, ran on 3.6',
      STALE_PYTHON_2_KERNELSPEC,
      'python'
    ],
    [
      'codemirror_mode version 2 alone (an editor mode, not a Python version)',
      {
        language_info: {
          name: 'python',
          codemirror_mode: { name: 'ipython', version: 2 }
        }
      },
      'python'
    ],
    [
      'Python 3',
      {
        kernelspec: {
          name: 'python3',
          display_name: 'Python 3',
          language: 'python'
        }
      },
      'python'
    ],
    [
      'an R notebook on R 2.15 (a version of R, not of Python)',
      {
        kernelspec: { name: 'ir', language: 'R' },
        language_info: { name: 'R', version: '2.15.0' }
      },
      'r'
    ]
  ])('%s', (_name, metadata, language) => {
    const nb = read(metadata);
    expect(nb.kernelLanguage).toBe(language);
    const python = language === 'python2' ? 'python2' : language;
    expect(nb.cells.map(c => c.language)).toEqual([
      python,
      python,
      language === 'r' ? 'r' : 'python',
      language === 'r' ? 'python' : python,
      'sh'
    ]);
  });
});

runRuleTests(syntaxError, {
  valid: [
    {
      name: 'a Python 2 print statement in a notebook saved on Python 2',
      metadata: SAVED_ON_PYTHON_2,
      cells: [
        'import tensorflow as tf\na = tf.constant(2)',
        PRINT_STATEMENT,
        'print "Addition with variables: %i" % sess.run(add)'
      ]
    },
    {
      name: 'a Python 2 notebook without a version: its kernelspec says python2',
      metadata: { kernelspec: { name: 'python2', display_name: 'Python 2' } },
      cells: ['exec "x = 1"\nprint x']
    },
    {
      name: 'a cell whose VS Code metadata says python, in a Python 2 notebook',
      metadata: SAVED_ON_PYTHON_2,
      cells: [
        { code: 'print x', metadata: { vscode: { languageId: 'python' } } }
      ]
    }
  ],
  invalid: [
    {
      name: 'what ran wins: version 3.6.1 with a stale python2 kernelspec is Python 3',
      metadata: STALE_PYTHON_2_KERNELSPEC,
      cells: [PRINT_STATEMENT],
      errors: [{ message: 'Python 2 print statement', cell: 1, line: 2 }]
    },
    {
      name: "codemirror_mode's version 2 alone does not make a notebook Python 2",
      metadata: {
        language_info: {
          name: 'python',
          codemirror_mode: { name: 'ipython', version: 2 }
        }
      },
      cells: [PRINT_STATEMENT],
      errors: [{ message: 'Python 2 print statement', cell: 1, line: 2 }]
    },
    {
      name: 'a %%python3 cell of a Python 2 notebook runs on Python 3 and is checked',
      metadata: SAVED_ON_PYTHON_2,
      cells: ['print "fine on 2"', '%%python3\nprint "not on 3"'],
      errors: [{ message: 'Python 2 print statement', cell: 2, line: 2 }]
    }
  ]
});

runRuleTests(undefinedName, {
  valid: [
    {
      name: 'xrange in a notebook saved on Python 2 (a builtin there)',
      metadata: SAVED_ON_PYTHON_2,
      cells: [
        'num_points = 400',
        'words = [reverse_dictionary[i] for i in xrange(1, num_points+1)]'
      ]
    }
  ],
  invalid: [
    {
      name: 'xrange in a Python 3 notebook whose kernelspec still says python2',
      metadata: STALE_PYTHON_2_KERNELSPEC,
      cells: ['num_points = 400\nwords = [i for i in xrange(1, num_points+1)]'],
      errors: [
        { message: '"xrange" is not defined', cell: 1, line: 2, column: 21 }
      ]
    }
  ]
});
