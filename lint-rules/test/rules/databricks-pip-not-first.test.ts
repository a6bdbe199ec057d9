import rule from '../../src/rules/databricks-pip-not-first';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        { md: '# t' },
        '%pip install a==1',
        '# comment only',
        '%pip install b==2',
        'import a'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        'import pandas as pd\ndf = pd.DataFrame()',
        '%pip install xgboost==2.0.3'
      ],
      errors: [
        {
          message: '%pip install after cell 1 did work',
          messageId: 'notFirst',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    },
    {
      name: 'Databricks source file',
      text: '# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n# MAGIC %pip install mlflow==2.14.1\n',
      errors: [{ message: 'after cell 1', cell: 2, fileLine: 6 }]
    }
  ]
});
