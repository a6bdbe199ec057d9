import rule from '../../src/rules/star-import';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['from math import sqrt, pi\nimport os'] },
    {
      name: 'a * in a comment inside the statement is no star import',
      cells: ['from math import (  # not *\n    sqrt,\n)']
    }
  ],
  invalid: [
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
