/**
 * NB305 and a title written without the space after its `#` (round 23, hdbscan's benchmarking
 * notebook: `#Benchmarking Performance and Scaling of Python Clustering Algorithms`, judged
 * debatable: "the fix is one space, not a new heading as the message says"). Jupyter renders it
 * as a paragraph (CommonMark's ATX headings need the space), so it is still no title; the message
 * says the one-space fix. Databricks renders `#Title` as a heading and accepts it as before;
 * `#1` or a line of one word (`#python`) is no title written without its space.
 */
import rule from '../../src/rules/missing-title';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'a Databricks notebook renders #Title as a heading',
      path: 'bench.py',
      text: '# Databricks notebook source\n# MAGIC %md\n# MAGIC #Benchmarking Clustering Algorithms\n\n# COMMAND ----------\n\nimport pandas as pd\n\n# COMMAND ----------\n\ndf = pd.read_csv("x.csv")\n'
    }
  ],
  invalid: [
    {
      // lq23 scikit-learn-contrib+hdbscan/notebooks/Benchmarking scalability of clustering
      // implementations-v0.7.ipynb, cell 1
      name: 'a title without the space after #',
      cells: [
        {
          md: '#Benchmarking Performance and Scaling of Python Clustering Algorithms\n\nThere are a host of different clustering algorithms.'
        },
        'import hdbscan',
        'x = 1'
      ],
      errors: [
        {
          message:
            'The Markdown in cell 1 starts with "#Benchmarking Performance and Scaling of…", which Jupyter renders as text, not as a heading: write a space after the "#" to make it the title.',
          messageId: 'hashWithoutSpace',
          cell: 1,
          line: 1,
          column: 1
        }
      ]
    },
    {
      name: 'a hashtag or a number is not taken for a title',
      cells: [{ md: '#python #ml\n\n#1 on the list' }, 'import x', 'y = 1'],
      errors: [{ message: 'No Markdown title', messageId: 'noTitle', cell: 1 }]
    }
  ]
});
