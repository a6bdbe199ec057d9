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
