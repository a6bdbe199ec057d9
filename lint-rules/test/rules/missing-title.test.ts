import rule from '../../src/rules/missing-title';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'titled with ##',
      cells: [
        { md: '## Train a churn model\nThis notebook ...' },
        'import pandas as pd'
      ]
    },
    { cells: [{ md: '# Churn model\nTrains...' }, 'x = 1'] },
    { cells: ['import os', { md: 'Churn\n=====' }] },
    {
      name: 'Databricks %md title',
      text: '# Databricks notebook source\n# MAGIC %md # Churn model\n\n# COMMAND ----------\n\nx = 1\n'
    }
  ],
  invalid: [
    {
      cells: ['import os', 'x = 1', 'y = 2', { md: '# Late title' }],
      errors: [
        {
          message: 'No Markdown title ("# Title") in the first 3 cells',
          messageId: 'noTitle',
          cell: 1,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
