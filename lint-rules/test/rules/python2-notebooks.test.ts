/**
 * Python 2 notebooks (issue #15, round 8): a notebook whose metadata says Python 2 keeps Python
 * cells, parsed and checked by every rule; NB201 does not report there (the Python 3 grammar is not
 * the notebook's) and NB104 knows Python 2's builtins. The shapes are those of
 * donnemartin/data-science-ipython-notebooks' TensorFlow notebooks (kernelspec python2,
 * language_info 2.7.12), where main reported NB201 on `print x` and NB104 on `xrange`. Review RG1
 * (s14): one `language_info.version` field must not switch off the credential rules.
 */
import { resolveConfig } from '../../src/config';
import { lintNotebook } from '../../src/engine';
import { readIpynb } from '../../src/notebook/ipynb';
import { readNotebook } from '../../src/notebook/read';
import syntaxError from '../../src/rules/syntax-error';
import undefinedName from '../../src/rules/undefined-name';
import { notebookText, runRuleTests, strictFindings } from './ruleTester';
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

/** a Python 3 kernelspec, one field saying 2.7 (reviews RG1, RG1b) */
const SPOOFED_PYTHON_2 = {
  kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
  language_info: { name: 'python', version: '2.7' }
};

const PRINT_STATEMENT = 'with tf.Session() as sess:\n    print "a=2, b=3"';

const strict = resolveConfig({ extends: 'strict' }).rules;

/** `CODE@cell` of every finding of a notebook, every rule on */
const found = (metadata: Record<string, unknown>, cells: string[]): string[] =>
  strictFindings('py2.ipynb', metadata, cells);

describe('a notebook whose metadata says Python 2', () => {
  it.each([
    ['saved on Python 2', SAVED_ON_PYTHON_2],
    ['no version, kernelspec python2', { kernelspec: { name: 'python2' } }],
    [
      'no version, pygments_lexer ipython2',
      { language_info: { name: 'python', pygments_lexer: 'ipython2' } }
    ]
  ])('%s: its code cells stay Python', (_name, metadata) => {
    const nb = readIpynb(
      'n.ipynb',
      notebookText(['x = 1', '%%time\nx = 1'], metadata)
    );
    expect(nb.kernelLanguage).toBe('python');
    expect(nb.cells.map(c => c.language)).toEqual(['python', 'python']);
  });

  it('keeps its credential rules: `language_info.version: "2.7"` hides no secret', () => {
    // the reviewer's spoof_version.ipynb
    const spoof = SPOOFED_PYTHON_2;
    const cells = [
      'password = "hunter2222xyz"',
      'import mlflow\nmlflow.log_param("api_token", "abcdEFGH1234zz")',
      'mlflow.set_tracking_uri("https://bob:pa55word99@mlflow.example.com")',
      'import os\nos.environ["MLFLOW_TRACKING_PASSWORD"] = "S3cr3tValue99"'
    ];
    const codes = found(spoof, cells);
    expect(codes).toEqual(
      expect.arrayContaining([
        'NB408@1',
        'NB508@2',
        'NB503@3',
        'NB504@3',
        'NB408@4',
        'NB504@4'
      ])
    );
    // the same findings as when the notebook says Python 3
    expect(codes).toEqual(
      found(
        { ...spoof, language_info: { name: 'python', version: '3.11.4' } },
        cells
      )
    );
  });

  it('s15: a hard-coded secret in a cell with `except E, e:` is reported', () => {
    // the attack: Python 2's except syntax in the same cell made the credential rules skip it
    const cells = [
      'import mlflow\n' +
        'password = "hunter2222xyz"\n' +
        'mlflow.log_param("api_token", "abcdEFGH1234zz")\n' +
        'try:\n    connect(password)\nexcept IOError, e:\n    print e'
    ];
    expect(found(SAVED_ON_PYTHON_2, cells)).toEqual(
      expect.arrayContaining(['NB408@1', 'NB508@1'])
    );
  });

  it('s15: `except E, e:` binds e in its handler (and after it, as Python 2 does)', () => {
    const names = (cells: string[]) =>
      found(SAVED_ON_PYTHON_2, cells).filter(c => c.startsWith('NB104'));
    expect(
      names([
        'import os\ntry:\n    os.remove("x")\nexcept (IOError, OSError), err:\n    print err\nprint err'
      ])
    ).toEqual([]);
    // a name the handler does not bind is still undefined
    expect(
      names(['try:\n    pass\nexcept ValueError, e:\n    print ee'])
    ).toEqual(['NB104@1']);
  });

  it('review R3 #6: `except E, e:` in a cell that parses as is (PEP 758) still binds e', () => {
    // the reviewer's py2_two.ipynb and py2_comma_secret.ipynb: @lezer/python accepts
    // `except IOError, e0:` as a tuple of types, so the rewrite never ran and e0 was a read
    expect(
      found(SAVED_ON_PYTHON_2, [
        'import os\ntry:\n    os.f()\nexcept IOError, e0:\n    print(e0)\ntry:\n    os.g()\nexcept OSError, e1:\n    print(e1)\n'
      ])
    ).toEqual([]);
    expect(
      found(SAVED_ON_PYTHON_2, [
        "import os\ntry:\n    os.f()\nexcept IOError, err:\n    print(err)\n    password = 'Sup3rS3cr3tP4ss!'\n"
      ])
    ).toEqual(['NB408@1']);
  });

  it('review R3 #4: nested handlers each bind their own name', () => {
    // the reviewer's py2_nested2.ipynb: the outer handler picked up the inner `inner`
    expect(
      found(SAVED_ON_PYTHON_2, [
        'import os\ntry:\n    try:\n        os.f()\n    except ValueError, inner:\n        pass\nexcept KeyError, outer:\n    print outer\n'
      ])
    ).toEqual([]);
  });

  it('review R3 #5: an exec statement runs code as text: what it may bind is not undefined', () => {
    // the reviewer's py2_exec.ipynb and py2_exec2.ipynb, as `exec(...)` is read in Python 3
    for (const cell of [
      'exec "alpha = 1"\nprint alpha\n',
      'if True: exec "beta = 1"\nprint beta\n'
    ])
      expect(found(SAVED_ON_PYTHON_2, [cell])).toEqual([]);
  });

  it('review R3 #6: on Python 3 `except E, e:` is a syntax error, before 3.14 only', () => {
    // the reviewer's py3_comma.ipynb: NB201 was silent and NB104 reported "err"
    const cells = [
      'import os\ntry:\n    os.f()\nexcept IOError, err:\n    print(err)\n'
    ];
    const python3 = (version: string) =>
      lintNotebook(
        readIpynb(
          'py3.ipynb',
          notebookText(cells, {
            kernelspec: { name: 'python3', language: 'python' },
            language_info: { name: 'python', version }
          })
        ),
        strict
      );
    const old = python3('3.11.4');
    expect(old.map(f => `${f.ruleCode}@${(f.cell ?? 0) + 1}`)).toEqual([
      'NB201@1'
    ]);
    expect(old[0].message).toContain(
      'multiple exception types must be parenthesized'
    );
    expect(old[0].start).toEqual({ line: 3, column: 14 });
    // 3.14 reads a tuple of types (PEP 758): no syntax error there, and `err` is a read
    expect(
      python3('3.14.0').map(f => `${f.ruleCode}@${(f.cell ?? 0) + 1}`)
    ).toEqual(['NB104@1']);
  });

  it("s15: a jupytext script's header kernelspec python2 is read: its print statement is Python 2", () => {
    const script = (name: string, display: string) =>
      [
        '# ---',
        '# jupyter:',
        '#   jupytext:',
        '#     text_representation:',
        '#       extension: .py',
        '#       format_name: percent',
        '#   kernelspec:',
        `#     display_name: ${display}`,
        '#     language: python',
        `#     name: ${name}`,
        '# ---',
        '',
        '# %%',
        'with open("f") as f:',
        '    print "lines:", len(f.readlines())',
        'if True: exec "x = 1"',
        ''
      ].join('\n');
    const lint = (text: string) =>
      lintNotebook(readNotebook('s.py', text), strict).map(
        f => `${f.ruleCode}@${(f.cell ?? 0) + 1}`
      );
    const py2 = readNotebook('s.py', script('python2', '"Python 2"'));
    expect(py2.metadata.kernelspec).toEqual({
      display_name: 'Python 2',
      language: 'python',
      name: 'python2'
    });
    expect(lint(script('python2', '"Python 2"'))).not.toContain('NB201@1');
    // the same script saved with a Python 3 kernelspec does not parse
    expect(lint(script('python3', 'Python 3'))).toContain('NB201@1');
  });

  it("round 27: sparkmagic's PySpark kernel of Spark 1.6 (pygments_lexer python2) is Python 2", () => {
    // Azure-MachineLearning-DataScience's HDInsight notebooks, as saved: kernelspec pysparkkernel
    // (language ''), language_info pyspark with pygments_lexer python2, no version; its saved run
    // timed each cell with a Python 2 print statement
    const sparkmagic = {
      kernelspec: {
        display_name: 'PySpark',
        language: '',
        name: 'pysparkkernel'
      },
      language_info: {
        codemirror_mode: { name: 'python' },
        mimetype: 'text/x-python',
        name: 'pyspark',
        pygments_lexer: 'python2'
      }
    };
    const cell =
      'import datetime\ntimestart = datetime.datetime.now()\ntimeend = datetime.datetime.now()\n' +
      'timedelta = round((timeend-timestart).total_seconds(), 2)\n' +
      'print "Time taken to execute above cell: " + str(timedelta) + " seconds";';
    expect(found(sparkmagic, [cell])).toEqual([]);
    // still checked as Python: an unused import is reported, and so is an error Python 2 has too
    expect(found(sparkmagic, ['import os\nprint "x"'])).toContain('NB205@1');
    expect(found(sparkmagic, ['print "x"\nif True\n'])).toContain('NB201@1');
    // sparkmagic's PySpark3 kernel (pygments_lexer python3) is Python 3
    expect(
      found(
        {
          ...sparkmagic,
          language_info: {
            ...sparkmagic.language_info,
            pygments_lexer: 'python3'
          }
        },
        ['print "x"']
      )
    ).toEqual(['NB201@1']);
  });

  it('still reports an unused import (NB205), in a cell that parses as Python 3', () => {
    expect(
      found(SAVED_ON_PYTHON_2, ['import os\nimport sys\nprint(sys.argv)'])
    ).toContain('NB205@1');
  });

  it('a print statement is read as Python 2: no NB201, and the cell is still checked', () => {
    // `print "x"` parses once rewritten (python/python2.ts), so NB205 sees the unused import
    expect(
      found(SAVED_ON_PYTHON_2, ['import os\nprint "x"']).filter(c =>
        c.startsWith('NB2')
      )
    ).toEqual(['NB205@1']);
  });

  it('review RG1b: a print statement or a syntax error hides no secret of a faked "2.7"', () => {
    // the reviewer's m2t.ipynb
    const spoof = SPOOFED_PYTHON_2;
    const cells = [
      'import mlflow, os\n' +
        'mlflow.set_tracking_uri("https://bob:pa55word99@mlflow.example.com")\n' +
        'os.environ["MLFLOW_TRACKING_PASSWORD"] = "S3cr3tValue99"\n' +
        'mlflow.log_param("api_token", "abcdEFGH1234zz")\n' +
        "print 'x'\n",
      'password = "hunter2222xyz"\nif True\n'
    ];
    expect(found(spoof, cells)).toEqual(
      expect.arrayContaining([
        'NB503@1',
        'NB504@1',
        'NB408@1',
        'NB508@1',
        // not Python 2's syntax: reported as in any notebook
        'NB201@2'
      ])
    );
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
      name: "Python 2's other syntax: exec, backticks, except E, e, 0777, 10L, ur'', <>, raise E, v",
      metadata: SAVED_ON_PYTHON_2,
      cells: [
        'exec code in ns',
        'x = `42`',
        'try:\n    pass\nexcept (IOError, OSError), e:\n    print e',
        'try:\n    pass\nexcept ValueError, e: raise',
        // s15: exec after `:` or `;`
        'code = "x = 1"\nif code: exec code\ny = 2; exec "z = 3"\nfor i in range(2): exec code',
        'mode = 0777\nbig = 10L',
        "pattern = ur'\\d+'",
        'if 1 <> 2:\n    raise ValueError, "no"',
        'import sys\nprint >>sys.stderr, "warning"',
        'for i in range(3): print i',
        'i = 1; print i',
        "print'no blank'"
      ]
    },
    {
      name: 'a cell whose VS Code metadata says python, in a Python 2 notebook',
      metadata: SAVED_ON_PYTHON_2,
      cells: [
        { code: 'print x', metadata: { vscode: { languageId: 'python' } } }
      ]
    },
    {
      // round 15 row 71: a Spark tuning lesson on Python 2.7.11 (its cell ran as [33]): tuple
      // parameters (PEP 3113 removed them in Python 3) in a lambda and a def
      name: 'tuple parameters of a lambda and a def in a notebook saved on Python 2',
      metadata: SAVED_ON_PYTHON_2,
      cells: [
        'counts = rdd.map(lambda (user, text): (user, len(text)))\nprint counts.take(2)',
        'def add((a, b), c=(1, 2)):\n    return a + b + c[0]',
        'pairs = rdd.map(lambda x, (k, (v, w)): k)',
        "similar = rdd.filter(lambda ((aID, gURL), cs): aID == 'b')\nassert abs(s - 4.286548414e-06) < 1E+07",
        // Python 2's grammar allows a trailing comma in a tuple parameter (`fplist: fpdef (','
        // fpdef)* [',']`), and a default after it
        'first = lambda (a,), b=(1, 2): a',
        'def h((a, b)=(1, 2)):\n    return a'
      ]
    }
  ],
  invalid: [
    {
      name: 'tuple parameters in a Python 3 notebook, and a bracket that is no parameter, are reported',
      metadata: STALE_PYTHON_2_KERNELSPEC,
      cells: ['f = lambda (user, text): user'],
      errors: [{ message: 'does not parse', cell: 1, line: 1 }]
    },
    {
      // attack review of s18-r15 (/tmp/rv5 e2, e3): Python 2 refused these too (`fpdef: NAME |
      // '(' fplist ')'`: at least one name, no `*` inside a tuple parameter)
      name: 'a Python 2 notebook: an empty tuple parameter and a starred one are still reported',
      metadata: SAVED_ON_PYTHON_2,
      cells: ['f = lambda (): 1', 'def g((a, *b)):\n    return a'],
      errors: [
        { message: 'does not parse', cell: 1, line: 1 },
        { message: 'does not parse', cell: 2, line: 1 }
      ]
    },
    {
      name: 'a Python 2 notebook: a lambda whose parameter list is broken otherwise is still reported',
      metadata: SAVED_ON_PYTHON_2,
      cells: ['f = lambda (user, text: user'],
      errors: [{ message: 'does not parse', cell: 1, line: 1 }]
    },
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
      name: 'a Python 2 notebook: an error that is not Python 2 syntax is reported (review RG1b)',
      metadata: SAVED_ON_PYTHON_2,
      cells: ['print "ok"', 'print "then"\nif True\n    print "x"'],
      errors: [{ message: /invalid syntax/, cell: 2, line: 2, column: 8 }]
    },
    {
      name: 'a Python 2 notebook: a missing bracket after `except E, e:` is reported',
      metadata: SAVED_ON_PYTHON_2,
      cells: ['try:\n    pass\nexcept ValueError, e:\n    f(e'],
      errors: [{ message: /unexpected end of cell/, cell: 1, line: 4 }]
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
        'num_points = 400\nreverse_dictionary = {}',
        'words = [reverse_dictionary[i] for i in xrange(1, num_points+1)]'
      ]
    },
    {
      name: "Python 2.7's other builtins that Python 3 removed",
      metadata: SAVED_ON_PYTHON_2,
      cells: [
        'x = 1\nxs = [unicode(x), raw_input(), basestring, long(1), unichr(9), reduce, file, execfile]\n' +
          'ys = [cmp, reload, buffer, apply, intern, coerce]'
      ]
    }
  ],
  invalid: [
    {
      name: 'xrange in a Python 3 notebook',
      cells: ['for i in xrange(3):\n    pass'],
      errors: [{ message: '"xrange" is not defined', cell: 1, line: 1 }]
    },
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
