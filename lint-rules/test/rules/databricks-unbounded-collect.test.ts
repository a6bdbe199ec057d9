import rule from '../../src/rules/databricks-unbounded-collect';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'pdf = spark.table("t").limit(1000).toPandas()\nrows = spark.sql("select count(*) from t").collect()\nx = df.toPandas()'
      ]
    }
  ],
  invalid: [
    {
      name: 'the unsafe fix limits the rows',
      cells: ['pdf = spark.table("sales").toPandas()'],
      errors: [
        {
          message: '.toPandas() pulls every row',
          cell: 1,
          line: 1,
          column: 28,
          endLine: 1,
          endColumn: 36
        }
      ],
      unsafe: true,
      output: ['pdf = spark.table("sales").limit(1000).toPandas()']
    },
    {
      cells: ['pdf = spark.table("main.sales.orders").toPandas()'],
      errors: [
        {
          message: '.toPandas() pulls every row',
          messageId: 'unbounded',
          cell: 1,
          line: 1,
          column: 40
        }
      ]
    }
  ]
});
