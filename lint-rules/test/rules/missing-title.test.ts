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
      // databricks/tech-talks' South Korea analysis: an .ipynb export of a %md-sandbox cell
      name: 'a Databricks export titled ##Title after -sandbox',
      cells: [
        {
          md: '-sandbox\n##Covid-19 South Korea Analysis\n<div><img src="x.jpeg"></div>'
        },
        'x = 1'
      ],
      metadata: { name: 'SKorea-Covid19_Analysis', notebookId: 6090438 }
    },
    {
      // databricks/tech-talks' streaming talk: Include.ipynb is %run by the other notebooks
      name: 'a helper notebook that others %run',
      path: 'Multi-hop Delta Lake Streaming/Include.ipynb',
      cells: [
        { md: '* Include this file to the main pipeline' },
        'basePath = "/tmp/demo"'
      ]
    },
    {
      name: 'Databricks %md title',
      text: '# Databricks notebook source\n# MAGIC %md # Churn model\n\n# COMMAND ----------\n\nx = 1\n'
    }
  ],
  invalid: [
    {
      name: '##Title without a space is no heading in Jupyter',
      cells: [{ md: '##Analysis' }, 'x = 1'],
      errors: [
        {
          message: 'No Markdown title',
          cell: 1,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11
        }
      ]
    },
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
