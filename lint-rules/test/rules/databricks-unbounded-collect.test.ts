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
