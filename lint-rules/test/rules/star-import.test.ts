import rule from '../../src/rules/star-import';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['from math import sqrt, pi\nimport os'] },
    {
      name: 'a * in a comment inside the statement is no star import',
      cells: ['from math import (  # not *\n    sqrt,\n)']
    },
    {
      // a book's PyCaret chapter: the library's documented way to use its functional API
      name: 'a library whose documented API is a star import (PyCaret, fastai)',
      cells: [
        'from pycaret.classification import *\ns = setup(data, target="Class", session_id=123)',
        'from pycaret.anomaly import *',
        'from fastai.vision.all import *\nfrom fastai.basics import *'
      ]
    },
    {
      // round 11: Kaggle/learntools notebooks/data_cleaning/raw/ex1.ipynb cell 2, the set-up cell
      // every Kaggle Learn exercise has; the module's __all__ is its checker objects q1, q2, ...
      name: "Kaggle Learn's generated exercise set-up cell",
      cells: [
        'from learntools.core import binder\nbinder.bind(globals())\nfrom learntools.data_cleaning.ex1 import *\nprint("Setup Complete")',
        'from learntools.core import binder; binder.bind(globals())\nfrom learntools.deep_learning.exercise_1 import *\nfrom learntools.embeddings.ex1_embedding_layers import *'
      ]
    }
  ],
  invalid: [
    {
      name: 'the standard library, a package that is no documented star API, a look-alike module',
      cells: [
        'from os import *\nfrom pycaret.utils import *\nfrom pycaret.classification.oop import *\nfrom fastai.vision import *\nfrom mypycaret.classification import *'
      ],
      errors: [
        { message: '"from os import *"', cell: 1, line: 1 },
        { message: '"from pycaret.utils import *"', cell: 1, line: 2 },
        {
          message: '"from pycaret.classification.oop import *"',
          cell: 1,
          line: 3
        },
        { message: '"from fastai.vision import *"', cell: 1, line: 4 },
        {
          message: '"from mypycaret.classification import *"',
          cell: 1,
          line: 5
        }
      ]
    },
    {
      // learntools' own modules other than an exercise's, and pylab (matplotlib's docs
      // discourage it: it overwrites builtins such as sum)
      name: 'learntools modules that are not exercises, pylab',
      cells: [
        'from learntools.python.problem import *\nfrom learntools.core import *\nfrom pylab import *'
      ],
      errors: [
        {
          message: '"from learntools.python.problem import *"',
          cell: 1,
          line: 1
        },
        { message: '"from learntools.core import *"', cell: 1, line: 2 },
        { message: '"from pylab import *"', cell: 1, line: 3 }
      ]
    },
    {
      cells: ['import os\nfrom pyspark.sql.functions import *'],
      errors: [
        {
          message: '"from pyspark.sql.functions import *"',
          messageId: 'starImport',
          cell: 1,
          line: 2,
          column: 1
        }
      ]
    }
  ]
});
