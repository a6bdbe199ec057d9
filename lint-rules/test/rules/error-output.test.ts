import rule from '../../src/rules/error-output';
import { failingLine } from '../../src/rules/support/expectedFailure';
import { runRuleTests } from './ruleTester';

const errorOutput = {
  output_type: 'error',
  ename: 'NameError',
  evalue: "name 'x' is not defined",
  traceback: ['Traceback...']
};

/** an IPython traceback (Context mode) stopping at the cell's line `at`, on `code` */
const failedAt = (
  ename: string,
  evalue: string,
  at: number,
  count: number,
  code = 'x'
) => ({
  output_type: 'error',
  ename,
  evalue,
  traceback: [
    `\u001b[0;32m<ipython-input-${count}-37d8620f1b2c>\u001b[0m in \u001b[0;36m<module>\u001b[0;34m\u001b[0m\n\u001b[0;32m----> ${at}\u001b[0;31m ${code}\n`,
    `\u001b[0;31m${ename}\u001b[0m: ${evalue}`
  ]
});

runRuleTests(rule, {
  valid: [
    {
      // the near miss of the heading above: the same failure under Markdown that says it fails
      name: 'Markdown above that says the key is missing, over a failure the run went past',
      cells: [
        {
          md: 'The history has no `val_acc` here: this raises a KeyError, because the metric is named `val_accuracy`.'
        },
        {
          code: 'plt.plot(history.history["val_acc"])',
          count: 5,
          outputs: [failedAt('KeyError', "'val_acc'", 1, 5)]
        },
        { code: 'model.summary()', count: 6, outputs: [] }
      ]
    },
    {
      // round 16 (mrdbourke/zero-to-mastery-ml introduction-to-numpy-video.ipynb, cells 70-72):
      // no Markdown around it, the cell's opening comment is the note; the run went on past it
      name: 'a demonstration whose cell opens with the question it answers (no Markdown around it)',
      cells: [
        { code: 'a3', count: 176, outputs: [] },
        {
          code: '# How can you reshape a2 to be compatible with a3? \n# Search: "How to reshape numpy array"\na2 * a3',
          count: 177,
          outputs: [
            // run before the two comment lines were written: the arrow says line 1
            failedAt(
              'ValueError',
              'operands could not be broadcast together with shapes (2,3) (2,3,3) ',
              1,
              177,
              'a2 * a3'
            )
          ]
        },
        { code: 'a1 / ones', count: 178, outputs: [] }
      ]
    },
    {
      // the near misses of the debugging question: a question the Markdown answers ("Why does
      // this fail? Because ..."), a lesson's "why does this work?", a question below the cell
      name: 'a question answered in its own Markdown, or one that is no debugging',
      cells: [
        { code: 'a = tf.constant([1])', count: 1, outputs: [] },
        {
          md: 'Why does this fail? Because a constant cannot be changed: use a Variable.'
        },
        {
          code: 'a[0].assign(7)',
          count: 2,
          outputs: [failedAt('AttributeError', 'no assign', 1, 2)]
        },
        { code: 'v = tf.Variable([1])', count: 3, outputs: [] },
        {
          md: 'Why does broadcasting work here, and what happens with (2,3) and (2,3,3)?'
        },
        {
          code: 'a2 * a3',
          count: 4,
          outputs: [
            failedAt('ValueError', 'operands could not be broadcast', 1, 4)
          ]
        },
        { code: 'print(1)', count: 5, outputs: [] },
        // lq16 (mrdbourke tensorflow-deep-learning 02): a lesson's rhetorical question, answered
        // in its own voice in the same Markdown
        {
          md: "Looks like our model is trying to draw a straight line.\n\nWhat's wrong with doing this?\n\nThe main issue is our data isn't separable by a straight line."
        },
        {
          code: 'model_3.fit(X_reg_train, y_reg_train, epochs=100)',
          count: 6,
          outputs: [failedAt('ValueError', 'ignored', 1, 6)]
        },
        { code: 'model_3.summary()', count: 7, outputs: [] }
      ]
    },
    {
      // the same notebook's prices.dot(sales_amounts), here under Markdown: the failed statement
      // binds total_sales, and the next step binds it again (the fix) before anything reads it
      name: 'a demonstration whose failing binding the next step makes again before any read',
      cells: [
        { code: 'sales_amounts.shape', count: 275, outputs: [] },
        { md: 'Create daily sales' },
        {
          code: 'total_sales = prices.dot(sales_amounts)',
          count: 276,
          outputs: [
            failedAt(
              'ValueError',
              'shapes (3,) and (5,3) not aligned: 3 (dim 0) != 5 (dim 0)',
              1,
              276
            )
          ]
        },
        {
          code: "# Shape aren't aligned, let's transpose\ntotal_sales = prices.dot(sales_amounts.T)\ntotal_sales",
          count: 281,
          outputs: []
        }
      ]
    },
    {
      // the near miss: both names the failed unpacking binds are bound again below before any
      // read (each settled in a different cell of the one walk)
      name: 'a failed unpacking whose names are each bound again below before any read',
      cells: [
        { md: 'Split the pair' },
        {
          code: 'a, b = pair()',
          count: 1,
          outputs: [failedAt('ValueError', 'too many values to unpack', 1, 1)]
        },
        { code: 'a = 1', count: 2, outputs: [] },
        { code: 'b = a + 1\nprint(a, b)', count: 3, outputs: [] }
      ]
    },
    {
      cells: [
        {
          code: 'print(1)',
          count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]
        }
      ]
    },
    {
      // round 4's mrdbourke/pytorch-deep-learning (00 video notebook), round 10's
      // wenyang/azureml-v2-preview workspace.ipynb, round 7's catboost/tutorials Metrics_tutorial:
      // the cell's comment says the step cannot be done or fails and why, or the Markdown above
      // says the library will warn of the mistake the cell makes
      name: "a comment says the step can't be done or fails because of something; Markdown says the call will warn",
      cells: [
        { md: '### Moving tensors back to the CPU' },
        {
          code: "# If tensor is on GPU, can't transform it to NumPy\ntensor_on_gpu.numpy()",
          count: null,
          outputs: [
            {
              ...errorOutput,
              ename: 'TypeError',
              evalue: 'ignored',
              traceback: [
                '<ipython-input-75-53175578f49e> in <module>()\n      1 # If tensor is on GPU\n----> 2 tensor_on_gpu.numpy()'
              ]
            }
          ]
        },
        {
          code: '# fails because no default ws set and no explicit ws passed in\nml_client.jobs.submit(job_id="test444")',
          count: 7,
          outputs: [
            {
              ...errorOutput,
              ename: 'Exception',
              evalue: 'Please set the default workspace with MLClient.'
            }
          ]
        },
        {
          md: 'The constructor will warn you if you forget something or make a typo:'
        },
        {
          code: 'm = metrics.Lq()',
          count: 5,
          outputs: [
            {
              ...errorOutput,
              ename: 'ValueError',
              evalue: 'Parameter q is mandatory and must be specified.'
            }
          ]
        }
      ]
    },
    {
      // SkafteNicki/dtu_mlops 2_Neural_Networks_in_PyTorch (round 9): the exercise names `fc1`
      // and `softmax`, its solution cell is left blank, and the cells after fail on just those
      name: 'an exercise left blank: the error is about the name the exercise asks for',
      cells: [
        {
          md: '> **Exercise:** Implement a function `softmax` that performs the softmax calculation.'
        },
        {
          code: 'def softmax(x) -> None:\n    """Compute softmax values."""\n    ## TODO: Implement the softmax function here\n\n\nprobabilities = softmax(out)',
          count: 55,
          outputs: [
            {
              ...errorOutput,
              ename: 'IndentationError',
              evalue:
                'expected an indented block (<ipython-input-55-627e65c30473>, line 5)'
            }
          ]
        },
        {
          md: '### Your Turn to Build a Network\n\nUse `fc1`, `fc2`, and `fc3` as your layer names.'
        },
        { code: '## Your solution here\n', count: 60 },
        { md: '### Initializing weights and biases' },
        {
          code: 'print(model.fc1.weight)',
          count: 61,
          outputs: [
            {
              ...errorOutput,
              ename: 'AttributeError',
              evalue: "'Network' object has no attribute 'fc1'"
            }
          ]
        }
      ]
    },
    {
      // databricks/tech-talks' Delta Lake talk: the failure is the lesson
      name: 'a comment says the cell attempts something that fails',
      cells: [
        { md: '# Vacuum' },
        {
          code: '# Attempt to vacuum table with default settings\n\nspark.sql("vacuum t retain 0 hours dry run").show()',
          count: 3,
          outputs: [{ ...errorOutput, ename: 'IllegalArgumentException' }]
        }
      ]
    },
    {
      name: 'the Markdown cell above says the next cell raises an error',
      cells: [
        { md: 'Reading a dropped column raises an error:' },
        { code: 'df.select("gone")', count: 4, outputs: [errorOutput] }
      ]
    },
    {
      // jakevdp/PythonDataScienceHandbook 02.06: the Markdown names the exception shown
      name: 'the Markdown above names the exception the output shows',
      cells: [
        {
          md: 'Trying to evaluate the truth or falsehood of the entire array will give the same ``ValueError`` we saw previously:'
        },
        {
          code: '(x > 4) and (x < 8)',
          count: 40,
          outputs: [
            { ...errorOutput, ename: 'ValueError', evalue: 'ambiguous' }
          ]
        }
      ]
    },
    {
      // 02.05: "as we can observe by attempting this operation:"
      name: 'the Markdown above shows the failure by attempting the operation',
      cells: [
        {
          md: 'Now we hit rule 3, so these two arrays are incompatible, as we can observe by attempting this operation:'
        },
        {
          code: 'M + a',
          count: 13,
          outputs: [{ ...errorOutput, ename: 'ValueError', evalue: 'operands' }]
        }
      ]
    },
    {
      // 01.06 Errors and Debugging: %pdb after "whenever an exception is raised"
      name: 'the Markdown above is about what happens when an exception is raised',
      cells: [
        {
          md: "If you'd like the debugger to launch automatically whenever an exception is raised, you can use the `%pdb` magic function:"
        },
        {
          code: '%xmode Plain\n%pdb on\nfunc2(1)',
          count: 9,
          outputs: [{ ...errorOutput, ename: 'ZeroDivisionError' }]
        }
      ]
    },
    {
      // jakevdp/PythonDataScienceHandbook 03.10: "it will break if there are any missing values",
      // no words nbcraft reads as "fails": the run went on, the failing statement binds nothing
      name: 'a demonstration: in prose, the run went on past it, its failing last statement binds nothing',
      cells: [
        {
          md: 'This is perhaps sufficient to work with some data, but it will break if there are any missing values.\nFor example:'
        },
        {
          code: "data = ['peter', 'Paul', None, 'MARY', 'gUIDO']\n[s.capitalize() for s in data]",
          count: 3,
          outputs: [
            {
              ...errorOutput,
              ename: 'AttributeError',
              evalue: "'NoneType' object has no attribute 'capitalize'",
              traceback: [
                '\u001b[0;31m--------\u001b[0m',
                '\u001b[0;31mAttributeError\u001b[0m   Traceback (most recent call last)',
                "\u001b[0;32m<ipython-input-3-fc1d891ab539>\u001b[0m in \u001b[0;36m<module>\u001b[0;34m()\u001b[0m\n\u001b[1;32m      1\u001b[0m data = ['peter', 'Paul', None, 'MARY', 'gUIDO']\n\u001b[0;32m----> 2\u001b[0;31m [s.capitalize() for s in data]\n",
                "\u001b[0;31mAttributeError\u001b[0m: 'NoneType' object has no attribute 'capitalize'"
              ]
            }
          ]
        },
        { md: 'Pandas includes features to address both this need' },
        {
          code: 'import pandas as pd\nnames = pd.Series(data)\nnames',
          count: 4,
          outputs: []
        }
      ]
    },
    {
      // 01.06 Errors and Debugging: %xmode Plain's traceback, the Markdown below explains it
      name: 'a demonstration in Plain mode (File "<ipython-input-...>", line N), explained below',
      cells: [
        {
          code: 'def func2(x):\n    return 1 / (x - 1)',
          count: 1,
          outputs: []
        },
        {
          code: 'func2(1)',
          count: 4,
          outputs: [
            {
              ...errorOutput,
              ename: 'ZeroDivisionError',
              evalue: 'division by zero',
              traceback: [
                'Traceback \u001b[0;36m(most recent call last)\u001b[0m:\n',
                '  File \u001b[1;32m"<ipython-input-4-7cb498ea7ed1>"\u001b[0m, line \u001b[1;32m1\u001b[0m, in \u001b[1;35m<module>\u001b[0m\n    func2(1)\n',
                '\u001b[0;31mZeroDivisionError\u001b[0m\u001b[0;31m:\u001b[0m division by zero\n'
              ]
            }
          ]
        },
        { md: 'The ``Verbose`` mode adds some extra information' },
        { code: '%xmode Verbose', count: 5, outputs: [] }
      ]
    },
    {
      // lone '\r' line ends: the traceback's line 4 is the source's fourth line
      name: 'a trailing comment on the failing line after lone \\r line ends',
      cells: [
        { md: '## Matrix multiplication' },
        {
          code: 'tensor_A = torch.ones(3, 2)\rtensor_B = torch.ones(3, 2)\r\rtorch.matmul(tensor_A, tensor_B) # (this will error)',
          count: 37,
          outputs: [
            {
              ...errorOutput,
              ename: 'RuntimeError',
              evalue: 'mat1 and mat2 shapes cannot be multiplied (3x2 and 3x2)',
              traceback: [
                'RuntimeError                              Traceback (most recent call last)',
                'Cell In[37], line 4\n      1 tensor_A = torch.ones(3, 2)\n----> 4 torch.matmul(tensor_A, tensor_B) # (this will error)',
                'RuntimeError: mat1 and mat2 shapes cannot be multiplied (3x2 and 3x2)'
              ]
            }
          ]
        }
      ]
    },
    {
      // mrdbourke/pytorch-deep-learning 00_pytorch_fundamentals, cell 75: the failing line's own
      // trailing comment announces the error
      name: 'a trailing comment on the failing line says it will error',
      cells: [
        { md: '## Matrix multiplication' },
        {
          code: 'tensor_A = torch.tensor([[1, 2], [3, 4], [5, 6]], dtype=torch.float32)\ntensor_B = torch.tensor([[7, 10], [8, 11], [9, 12]], dtype=torch.float32)\n\ntorch.matmul(tensor_A, tensor_B) # (this will error)',
          count: 37,
          outputs: [
            {
              ...errorOutput,
              ename: 'RuntimeError',
              evalue: 'mat1 and mat2 shapes cannot be multiplied (3x2 and 3x2)',
              traceback: [
                'RuntimeError                              Traceback (most recent call last)',
                'Cell In[37], line 4\n      1 tensor_A = torch.tensor(...)\n----> 4 torch.matmul(tensor_A, tensor_B) # (this will error)',
                'RuntimeError: mat1 and mat2 shapes cannot be multiplied (3x2 and 3x2)'
              ]
            }
          ]
        }
      ]
    },
    {
      // mrdbourke/pytorch-deep-learning docs/04_pytorch_custom_datasets, cell 153: the Markdown
      // right below quotes the exception ("And we get the error: `RuntimeError: ...`")
      name: 'the Markdown right below names the exception the output shows',
      cells: [
        { md: "Let's finally make a prediction on our own custom image." },
        {
          code: 'model_1.eval()\nwith torch.inference_mode():\n    custom_image_pred = model_1(custom_image_transformed)',
          count: 69,
          outputs: [
            {
              ...errorOutput,
              ename: 'RuntimeError',
              evalue: 'Expected all tensors to be on the same device'
            }
          ]
        },
        {
          md: 'Oh my goodness...\n\nDespite our preparations our custom image and model are on different devices.\n\nAnd we get the error:\n\n> `RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cpu and cuda:0!`'
        }
      ]
    },
    {
      // near misses of the narrowed failure words: Markdown that announces the failure ("gives
      // an error"), and ElementsOfDataScience's `%%expect SyntaxError` cell magic, which asserts
      // that the cell raises (round 18: jupyter_intro.ipynb)
      name: 'Markdown that announces the error, and a cell magic that expects it',
      cells: [
        {
          md: '## Error analysis\nIndexing a key the history lacks gives an error:'
        },
        {
          code: 'plt.plot(history.history["val_acc"])',
          count: 5,
          outputs: [
            failedAt(
              'KeyError',
              "'val_acc'",
              1,
              5,
              'plt.plot(history.history["val_acc"])'
            )
          ]
        },
        { code: 'model.summary()', count: 6, outputs: [] },
        {
          code: '%%expect SyntaxError\n\nabs 42',
          count: 7,
          outputs: [
            { ...errorOutput, ename: 'SyntaxError', evalue: 'invalid syntax' }
          ]
        }
      ]
    }
  ],
  invalid: [
    {
      // session 19's review: a word alone ("error", "invalid", "wrong") heads ordinary sections
      // of an ML notebook; such Markdown next to a failure the run went past announces nothing
      name: 'Markdown above or below that only uses a failure word in passing',
      cells: [
        { md: '## Error analysis: where the model is wrong' },
        {
          code: 'plt.plot(history.history["val_acc"])',
          count: 5,
          outputs: [
            failedAt(
              'KeyError',
              "'val_acc'",
              1,
              5,
              'plt.plot(history.history["val_acc"])'
            )
          ]
        },
        { code: 'model.summary()', count: 6, outputs: [] },
        { md: 'Compute the mean squared error' },
        {
          code: 'plot_residuals(df)',
          count: 7,
          outputs: [
            failedAt(
              'NameError',
              "name 'df' is not defined",
              1,
              7,
              'plot_residuals(df)'
            )
          ]
        },
        { md: 'Drop the invalid rows and the exceptions to the schema.' },
        { code: 'clean = df.dropna()', count: 8, outputs: [] }
      ],
      errors: [
        { message: 'KeyError', cell: 2 },
        { message: 'NameError', cell: 5 }
      ]
    },
    {
      // review of session 18's exemptions: a Markdown heading next to the failure that says
      // nothing of it (what the cell was for, not that it fails) hides no stray traceback
      name: 'a Markdown heading above that does not explain the failure the run went past',
      cells: [
        { md: '## Plot the validation accuracy' },
        {
          code: 'plt.plot(history.history["val_acc"])',
          count: 5,
          outputs: [
            failedAt(
              'KeyError',
              "'val_acc'",
              1,
              5,
              'plt.plot(history.history["val_acc"])'
            )
          ]
        },
        { code: 'model.summary()', count: 6, outputs: [] }
      ],
      errors: [{ message: 'KeyError', cell: 2 }]
    },
    {
      // issue #15 (s19), class 6: a question why it fails, above a failure the run went on past,
      // is someone debugging, not a lesson: the Markdown above explains nothing, nor does the
      // cell's question comment, nor the error's name inside the question
      name: 'a debugging question above a failure the run went past',
      cells: [
        { code: 'df = load()', count: 1, outputs: [] },
        { md: 'Why does this fail? I only want the first column.' },
        {
          code: 'df.iloc[:, "a"]',
          count: 2,
          outputs: [failedAt('TypeError', 'bad index', 1, 2)]
        },
        { code: 'df.head()', count: 3, outputs: [] },
        { md: 'Why am I getting a KeyError here?' },
        {
          code: 'df["b"]',
          count: 4,
          outputs: [failedAt('KeyError', "'b'", 1, 4)]
        },
        { code: 'print(1)', count: 5, outputs: [] },
        {
          code: "# why doesn't this work with the scaled data?\nmodel.predict(x_scaled)",
          count: 6,
          outputs: [failedAt('ValueError', 'shape mismatch', 2, 6)]
        },
        { code: 'print(2)', count: 7, outputs: [] }
      ],
      errors: [
        { message: 'TypeError', cell: 3 },
        { message: 'KeyError', cell: 6 },
        { message: 'ValueError', cell: 8 }
      ]
    },
    {
      // attack review of s18-r16 (n2): the arrow's line 2 reads as the last statement does, but
      // it is the earlier identical line: the assignment between them never ran
      name: "a traceback at an earlier line that reads as the last statement: not the last one's",
      cells: [
        { md: 'Scale' },
        {
          code: '# What does the scaled frame look like?\ndisplay(df_scaled)\ndf_scaled = scaler.fit_transform(df)\ndisplay(df_scaled)',
          count: 3,
          outputs: [
            failedAt(
              'NameError',
              "name 'display' is not defined",
              2,
              3,
              'display(df_scaled)'
            )
          ]
        },
        { code: 'print(df_scaled.mean())', count: 4, outputs: [] }
      ],
      errors: [{ message: 'NameError', cell: 2 }]
    },
    {
      // the cells below are walked once for all the names a failed statement binds: `a` bound
      // again first settles `a` only; `b`, read two cells further, still makes the failure real
      name: 'a failed unpacking: one name bound again below, the other read further down',
      cells: [
        { md: 'Split the pair' },
        {
          code: 'a, b = pair()',
          count: 1,
          outputs: [failedAt('ValueError', 'too many values to unpack', 1, 1)]
        },
        { code: 'a = 1\nc = 2', count: 2, outputs: [] },
        { code: 'print(c)', count: 3, outputs: [] },
        { code: 'print(a, b)', count: 4, outputs: [] }
      ],
      errors: [{ message: 'ValueError: too many values to unpack', cell: 2 }]
    },
    {
      // the near-misses: a one-word opening comment is no question, nor is a statement, and a
      // failed binding a later cell reads (`x = x + 1` reads it first) left it undefined
      name: 'a demonstration shape whose note is one word, or whose failed binding is read below',
      cells: [
        { code: 'b = 1', count: 1, outputs: [] },
        {
          code: '# Multiply\na2 * a3',
          count: 2,
          outputs: [
            failedAt('ValueError', 'operands could not be broadcast', 2, 2)
          ]
        },
        { code: 'c = 1', count: 3, outputs: [] },
        {
          code: '# Now compute the total sales of the week?\ntotal = prices.dot(amounts)',
          count: 4,
          outputs: [failedAt('ValueError', 'shapes not aligned', 2, 4)]
        },
        { code: 'total = total + 1', count: 5, outputs: [] },
        // round 16 (introduction-to-scikit-learn-video-OLD.ipynb cell 130, judged true): a
        // comment that describes the code is no question the traceback answers
        {
          code: '# Default scoring parameter of classifier = mean accuracy\nclf.score()',
          count: 6,
          outputs: [
            failedAt(
              'TypeError',
              "score() missing 2 required positional arguments: 'X' and 'y'",
              2,
              6
            )
          ]
        },
        { code: 'c = 2', count: 7, outputs: [] },
        // nfmcclure/tensorflow_cookbook 03_implementing_lstm.ipynb (round 15): a training loop
        // interrupted partway binds what it bound half done
        { md: 'Training the model!' },
        {
          code: '# Train model\ntrain_loss = []\nfor epoch in range(epochs):\n    targets = step(epoch)\n    train_loss.append(targets)',
          count: 8,
          outputs: [
            failedAt('KeyboardInterrupt', '', 4, 8, 'targets = step(epoch)')
          ]
        },
        { code: 'plt.plot(train_loss)', count: 9, outputs: [] }
      ],
      errors: [
        { message: 'ValueError: operands could not be broadcast', cell: 2 },
        { message: 'ValueError: shapes not aligned', cell: 4 },
        { message: 'TypeError: score() missing', cell: 6 },
        { message: 'KeyboardInterrupt', cell: 9 }
      ]
    },
    {
      name: 'Markdown below that names the exception without quoting this error is no excuse (a troubleshooting note, a heading, prose)',
      cells: [
        { md: '# Train' },
        {
          code: 'import lightgbm as lgb',
          count: 1,
          outputs: [
            {
              ...errorOutput,
              ename: 'ModuleNotFoundError',
              evalue: "No module named 'lightgbm'"
            }
          ]
        },
        {
          md: '> If you get a `ModuleNotFoundError`, run `%pip install lightgbm` first.'
        },
        {
          code: 'raise Exception("db unreachable")',
          count: 3,
          outputs: [
            { ...errorOutput, ename: 'Exception', evalue: 'db unreachable' }
          ]
        },
        { md: '## Exception handling in the pipeline' },
        {
          code: 'df = df.drop(columns=["id"])\nfeatures = df["target"]',
          count: 5,
          outputs: [{ ...errorOutput, ename: 'KeyError', evalue: "'target'" }]
        },
        {
          md: 'Note: the loader raises a KeyError when the config has no `target` key, so check it.'
        },
        { code: 'z = 1', count: 6, outputs: [] }
      ],
      errors: [
        { message: 'ModuleNotFoundError', cell: 2, line: 1, column: 1 },
        { message: 'Exception', cell: 4, line: 1, column: 1 },
        { message: 'KeyError', cell: 6, line: 1, column: 1 }
      ]
    },
    {
      name: 'Markdown below that only repeats the evalue in prose, or quotes the error in a troubleshooting note, is no excuse',
      cells: [
        {
          code: 'ratio = total / count',
          count: 1,
          outputs: [
            {
              ...errorOutput,
              ename: 'ZeroDivisionError',
              evalue: 'division by zero'
            }
          ]
        },
        { md: 'The helper below guards against division by zero.' },
        {
          code: 'first = items[10]',
          count: 2,
          outputs: [
            {
              ...errorOutput,
              ename: 'IndexError',
              evalue: 'list index out of range'
            }
          ]
        },
        { md: 'Python says list index out of range when the list is short.' },
        {
          code: 'import lightgbm as lgb',
          count: 3,
          outputs: [
            {
              ...errorOutput,
              ename: 'ModuleNotFoundError',
              evalue: "No module named 'lightgbm'"
            }
          ]
        },
        {
          md: "Train the model. If you get `ModuleNotFoundError: No module named 'lightgbm'`, run %pip install lightgbm."
        },
        { code: 'z = 1', count: 4, outputs: [] }
      ],
      errors: [
        { message: 'ZeroDivisionError', cell: 1, line: 1, column: 1 },
        { message: 'IndexError', cell: 3, line: 1, column: 1 },
        { message: 'ModuleNotFoundError', cell: 5, line: 1, column: 1 }
      ]
    },
    {
      name: 'a trailing TODO naming the error, and a trailing comment on a line that did not fail, are no excuse',
      cells: [
        { md: '# Fit' },
        {
          code: 'model.fit(X, y)  # TODO: fix ValueError on NaNs',
          count: 7,
          outputs: [
            {
              ...errorOutput,
              ename: 'ValueError',
              evalue: 'Input contains NaN',
              traceback: ['Cell In[7], line 1\n----> 1 model.fit(X, y)']
            }
          ]
        },
        {
          code: 'x = load()  # raises ValueError when empty\nmodel.fit(x)',
          count: 8,
          outputs: [
            {
              ...errorOutput,
              ename: 'ValueError',
              evalue: 'Input contains NaN',
              traceback: ['Cell In[8], line 2\n----> 2 model.fit(x)']
            }
          ]
        }
      ],
      errors: [
        { message: 'ValueError', cell: 2, line: 1, column: 1 },
        { message: 'ValueError', cell: 3, line: 1, column: 1 }
      ]
    },
    {
      // the near misses: "can't" is read in the cell's comments only (prose says it of many
      // things), a trailing one only on the failing line; "fails" must say why or when it fails
      name: '"can\'t" in the Markdown above or after a line that did not fail, and "fails" with no reason, are no excuse',
      cells: [
        { md: "You can't train this without a GPU, so pick one." },
        {
          code: 'model.fit(X, y)',
          count: 2,
          outputs: [{ ...errorOutput, ename: 'RuntimeError', evalue: 'CUDA' }]
        },
        {
          code: "x = load()  # can't be empty\nmodel.fit(x)",
          count: 3,
          outputs: [
            {
              ...errorOutput,
              ename: 'ValueError',
              evalue: 'Input contains NaN',
              traceback: ['Cell In[3], line 2\n----> 2 model.fit(x)']
            }
          ]
        },
        {
          code: '# retry if the download fails\nget(url)',
          count: 4,
          outputs: [{ ...errorOutput, ename: 'HTTPError', evalue: '404' }]
        }
      ],
      errors: [
        { message: 'RuntimeError', cell: 2, line: 1, column: 1 },
        { message: 'ValueError', cell: 3, line: 1, column: 1 },
        { message: 'HTTPError', cell: 4, line: 1, column: 1 }
      ]
    },
    {
      // attack review of s17-strict2 (/tmp/RP2/t nb108_cant, nb108_notsupported, nb108_fails_if,
      // nb108_warn): "can't", "not supported", "fails if" away from the line the traceback stops
      // at (or with no line named) speak of another step or of a failure to avoid; "will warn"
      // announces a warning, not the error the cell saved
      name: 'words of failure away from the failing line, and "will warn" over an error, are no excuse',
      cells: [
        { md: '# Report' },
        {
          code: "# we can't use the GPU on this box, so cpu\nimport torch\nx = torch.tensor([1]).to('cpu')\ny = undefined_var + x",
          count: 1,
          outputs: [
            {
              ...errorOutput,
              evalue: "name 'undefined_var' is not defined",
              traceback: [
                "Cell In[1], line 4\n----> 4 y = undefined_var + x\nNameError: name 'undefined_var' is not defined"
              ]
            }
          ]
        },
        {
          code: "# parquet not supported by old reader; use csv\ndf = pd.read_csv('x.csv')",
          count: 2,
          outputs: [
            { ...errorOutput, ename: 'FileNotFoundError', evalue: 'x.csv' }
          ]
        },
        {
          code: '# retry: the download fails if the proxy is down\ndata = fetch(url)',
          count: 3,
          outputs: [
            {
              ...errorOutput,
              ename: 'ConnectionError',
              evalue: 'HTTPSConnectionPool'
            }
          ]
        },
        {
          md: 'Pandas will warn about chained assignment here; that is fine.'
        },
        {
          code: "df[df.a > 0]['b'] = 1\ndf['missing_col'].sum()",
          count: 4,
          outputs: [
            { ...errorOutput, ename: 'KeyError', evalue: "'missing_col'" }
          ]
        }
      ],
      errors: [
        { message: 'NameError', cell: 2, line: 1, column: 1 },
        { message: 'FileNotFoundError', cell: 3, line: 1, column: 1 },
        { message: 'ConnectionError', cell: 4, line: 1, column: 1 },
        { message: 'KeyError', cell: 6, line: 1, column: 1 }
      ]
    },
    {
      // CamDavidsonPilon's Ch2_MorePyMC_TFP (round 11, judged true): below an exercise's blank,
      // a NameError on a name the exercise never asks for is a bug; and an exercise whose
      // solution cell is filled in has no blank to excuse the error
      name: 'an error on a name the exercise does not ask for, or an exercise with no blank left',
      cells: [
        { md: '## Exercises\n\n1. Try putting in extreme values.' },
        { code: '#type your code here.', count: null },
        { md: '2. Try plotting alpha samples versus beta samples.' },
        {
          code: '#type your code here.\nplt.figure(figsize(12.5, 4))',
          count: 9,
          outputs: [
            {
              ...errorOutput,
              ename: 'NameError',
              evalue: "name 'figsize' is not defined"
            }
          ]
        },
        { md: '**Exercise:** build a network with layers `fc1` and `fc2`.' },
        { code: 'model = Network()', count: 10 },
        {
          code: 'print(model.fc1.weight)',
          count: 11,
          outputs: [
            {
              ...errorOutput,
              ename: 'AttributeError',
              evalue: "'Network' object has no attribute 'fc1'"
            }
          ]
        }
      ],
      errors: [
        { message: 'NameError', cell: 4, line: 1, column: 1 },
        { message: 'AttributeError', cell: 7, line: 1, column: 1 }
      ]
    },
    {
      name: 'a "#" inside a string is no comment, and prose below that names another exception is no excuse',
      cells: [
        { md: '## Load' },
        {
          code: 'df = load("data.csv", sep="# this will error")',
          count: 2,
          outputs: [{ ...errorOutput, ename: 'FileNotFoundError' }]
        },
        { md: 'A `KeyError` here means the column is missing.' }
      ],
      errors: [{ message: 'FileNotFoundError', cell: 2, line: 1, column: 1 }]
    },
    {
      // databricks/tech-talks "Intro to Spark": the run went on, but the failing statement was to
      // make covid_df: a real failure, kept
      name: 'in prose and the run went on, but the failing statement binds a name',
      cells: [
        { md: '###Create a DataFrame from the NYT COVID data' },
        {
          code: 'covid_df = spark.read.csv("us-counties.csv")\ncovid_df.show()',
          count: 1,
          outputs: [
            {
              ...errorOutput,
              evalue: "name 'spark' is not defined",
              traceback: [
                '\u001b[0;31mNameError\u001b[0m   Traceback (most recent call last)',
                '\u001b[0;32m<ipython-input-1-c8639f68bfba>\u001b[0m in \u001b[0;36m<module>\u001b[0;34m\u001b[0m\n\u001b[0;32m----> 1\u001b[0;31m covid_df = spark.read.csv("us-counties.csv")\n\u001b[1;32m      2\u001b[0m covid_df.show()\n'
              ]
            }
          ]
        },
        { md: 'Options of the csv reader' },
        {
          code: 'covid_df = spark.read.csv("x.csv", header=True)',
          count: 8,
          outputs: []
        }
      ],
      errors: [
        {
          message: "NameError: name 'spark' is not defined",
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 45
        }
      ]
    },
    {
      name: 'in prose and failing at its last statement, but the run stopped there (nothing ran after it)',
      cells: [
        { md: 'Now sum the values:' },
        {
          code: 'vals1.sum()',
          count: 5,
          outputs: [{ ...errorOutput, traceback: ['----> 1 vals1.sum()'] }]
        },
        { md: 'Then plot them' },
        { code: 'plot(vals1)', count: null, outputs: [] }
      ],
      errors: [
        {
          message: 'NameError',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 12
        }
      ]
    },
    {
      name: 'the run went on and the failing statement binds nothing, but no prose around it (a working notebook)',
      cells: [
        { code: 'df = load()', count: 1, outputs: [] },
        {
          code: 'df.plot()',
          count: 2,
          outputs: [{ ...errorOutput, traceback: ['----> 1 df.plot()'] }]
        },
        { code: 'train(df)', count: 3, outputs: [] }
      ],
      errors: [
        {
          message: 'NameError',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 10
        }
      ]
    },
    {
      name: 'in prose and the run went on, but the traceback stops before the last statement (the rest never ran)',
      cells: [
        { md: 'Fit and log' },
        {
          code: 'model.fit(x)\nmlflow.log_metric("a", 1)',
          count: 2,
          outputs: [
            {
              ...errorOutput,
              traceback: [
                '----> 1 model.fit(x)\n      2 mlflow.log_metric("a", 1)'
              ]
            }
          ]
        },
        { md: 'Next' },
        { code: 'print(1)', count: 3, outputs: [] }
      ],
      errors: [
        {
          message: 'NameError',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 13
        }
      ]
    },
    {
      name: 'the Markdown above names another exception than the output shows',
      cells: [
        {
          md: 'Reading a missing key gives a ``KeyError``; here we read the column:'
        },
        {
          code: 'df["a"].mean()',
          count: 2,
          outputs: [{ ...errorOutput, ename: 'TypeError', evalue: 'bad' }]
        }
      ],
      errors: [
        {
          message: 'committed error output (TypeError: bad)',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 15
        }
      ]
    },
    {
      name: 'located inside its own cell even when a large image output sits between (cell span, not distance)',
      cells: [
        { md: '# t' },
        {
          code: 'plot(x)',
          count: 1,
          outputs: [
            errorOutput,
            {
              output_type: 'display_data',
              data: { 'image/png': 'iVBORw0KGgo'.repeat(4000) },
              metadata: {}
            }
          ]
        },
        { code: 'print(x)', count: 2, outputs: [errorOutput] }
      ],
      errors: [
        { message: 'NameError', cell: 2, line: 1, column: 1, fileLine: 19 },
        { message: 'NameError', cell: 3, line: 1, column: 1 }
      ]
    },
    {
      cells: [
        { md: '# t' },
        { code: 'print(x)', count: 1, outputs: [errorOutput] }
      ],
      errors: [
        {
          message:
            "committed error output (NameError: name 'x' is not defined)",
          messageId: 'errorOutput',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});

describe('failingLine (the cell line a traceback stops at)', () => {
  it.each([
    ['----> 2 [s.capitalize() for s in data]', 2],
    ['Cell In[38], line 1\n----> 1 A or B', 1],
    [
      'Traceback (most recent call last):\n  Cell In[4], line 3\n    func2(1)',
      3
    ],
    ['  File "<ipython-input-4-7cb498ea7ed1>", line 1, in <module>', 1],
    [
      "---> <a href='vscode-notebook-cell://ssh-remote/home/x/00_pytorch_fundamentals.ipynb#Y134?line=9'>10</a> torch.matmul(tensor_A, tensor_B)",
      10
    ],
    ['  File "<string>", line 1\n    x = (\n        ^\nSyntaxError', undefined]
  ])('%s', (text, line) => {
    expect(failingLine(text)).toBe(line);
  });
});
