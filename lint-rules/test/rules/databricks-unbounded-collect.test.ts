import rule from '../../src/rules/databricks-unbounded-collect';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'pdf = spark.table("t").limit(1000).toPandas()\nrows = spark.sql("select count(*) from t").collect()\nx = df.toPandas()'
      ]
    },
    {
      // Azure-Samples/Synapse's Delta Lake guides and the Delta Lake tech talk: the log, not the rows
      name: "reading a Delta table's transaction log",
      cells: [
        '[line.value for line in spark.read.text(path + "/_delta_log/").collect()]\nspark.read.format("json").load(deltaLogPath + "/00000000000000000014.json").collect()'
      ]
    },
    {
      // dbdemos' computer-vision explainer, fabric-toolbox's SemanticModelAudit: one file,
      // one model's columns
      name: 'a chain filtered to one value of a key column',
      cells: [
        'test = spark.read.table("training_dataset_augmented").where("filename = \'010.JPG\'").toPandas()',
        'stats = (\n    spark.read.table(names["stats"])\n    .filter(\n        (col("ModelUuid") == context["uuid"]) &\n        (col("AsOfDate") == context["date"])\n    )\n    .select("TableName", "ColumnName")\n    .collect()\n)',
        'row = spark.table("users").filter(F.col(\'user_id\') == uid).collect()\none = spark.table("t").where(df.request_key == k).toPandas()'
      ]
    },
    {
      // dbdemos' iot-platform loader: the states the turbines are in
      name: 'the distinct values of one column that is no key',
      cells: [
        "states = spark.read.json(folder).select('state').distinct().collect()\nkinds = spark.table('t').select(col(\"kind\")).distinct().collect()"
      ]
    },
    {
      // PacktPublishing/Essential-PySpark-for-Scalable-Data-Analytics Chapter11
      // databricks-charts-graphs.py: the distinct product descriptions of one country, for a
      // word cloud (round 11)
      name: 'the distinct values of one column, filtered between the select and the distinct',
      cells: [
        'lst = (spark.read\n               .table("feature_store.retail_features")\n               .select("description")\n               .where("country_code == \'EN\'")\n               .distinct().toPandas()["description"].tolist())',
        'kinds = spark.table("t").select( "kind" ).filter(col("kind").isNotNull()).distinct().collect()'
      ]
    },
    {
      // round 17 (a dbdemos-style embedding check): the min and max of one column are one row
      name: 'a select of aggregate columns only',
      cells: [
        'row = spark.table("docs").select(F.min(F.size("embedding")), F.max(F.size("embedding"))).collect()[0]',
        'n = spark.read.table("t").select(count("*").alias("n")).toPandas()\nstats = (spark.table("t")\n  .where("paid = 1")\n  .select(F.avg("amount"), F.stddev("amount"))\n  .collect())'
      ]
    },
    {
      // round 9 (multi-touch-attribution 05_spend_optimization.py): a %sql cell above writes the
      // table from a GROUP BY (2 rows, about 25 rows): the aggregation the message asks for is done
      name: 'a table the notebook wrote above from a GROUP BY',
      path: 'spend.py',
      text: '# Databricks notebook source\n# MAGIC %sql\n# MAGIC CREATE OR REPLACE TABLE base_conversion_rate\n# MAGIC USING DELTA AS\n# MAGIC SELECT count(*) as count,\n# MAGIC   CASE WHEN conversion == 0 THEN \'Impression\' ELSE \'Conversion\' END AS interaction_type\n# MAGIC FROM\n# MAGIC   gold_user_journey\n# MAGIC GROUP BY\n# MAGIC   conversion;\n\n# COMMAND ----------\n\nbase_conversion_rate_pd = spark.table("base_conversion_rate").toPandas()\n\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC CREATE OR REPLACE TABLE conversions_by_date\n# MAGIC USING DELTA AS\n# MAGIC SELECT count(*) AS count, date(time) AS date\n# MAGIC FROM bronze\n# MAGIC WHERE conversion = 1\n# MAGIC GROUP BY date\n# MAGIC ORDER BY date;\n\n# COMMAND ----------\n\nconversions_by_date_pd = spark.table("conversions_by_date").toPandas()\n'
    },
    {
      // rounds 10 and 12 (rtm-fraud-detection, fundamentals_databricks_pj): a reference table
      // collected into a dict keyed per row, for look-ups; the comment above saying the data is
      // small or tiny (the author's word for its size)
      name: 'a look-up dict built from the rows, or a comment above that says the data is small',
      cells: [
        'merchants = {\n    row["merchant_id"]: row.asDict()\n    for row in spark.table("merchants").collect()\n}',
        '# ticker -> GICS sector. Built\n# once here (small table, ~3k rows) and looked up per unique ticker.\nSECTOR_MAP = [\n    (r["ticker"], r["sector"])\n    for r in spark.table(TICKERS_TABLE).select("ticker", "sector").collect()\n]',
        'x = 1\n# SPY benchmark - daily series collected to the driver (one ticker, tiny), as-of via searchsorted.\n_spy = (\n    spark.table(prices_tbl).filter(F.col("ticker") == BENCHMARK)\n    .select("date", "adj_close").toPandas()\n)'
      ]
    }
  ],
  invalid: [
    {
      // near-misses: a GROUP BY only inside a subquery that is joined back to rows, a table
      // written from a GROUP BY only below the pull, another table's aggregate, a list (not a
      // look-up dict) of the rows, the dict's values (not its rows) pulled, a comment that says
      // the data is not small, or one above other code
      name: 'tables and comments that do not bound the rows',
      path: 'near.py',
      text: '# Databricks notebook source\n# MAGIC %sql\n# MAGIC CREATE OR REPLACE TABLE joined AS\n# MAGIC SELECT * FROM events e JOIN (SELECT user_id, count(*) AS n FROM events GROUP BY user_id) c ON e.user_id = c.user_id;\n# MAGIC CREATE TABLE per_day AS SELECT date, count(*) FROM events GROUP BY date\n\n# COMMAND ----------\n\na = spark.table("joined").toPandas()\nb = spark.table("later").toPandas()\nc = spark.table("per_day_full").toPandas()\nd = [r["id"] for r in spark.read.table("customers").select("id").collect()]\ne = {k: spark.table("events").collect() for k in keys}\n# not a small table: every event\nf = spark.table("events").toPandas()\n# a small helper follows\nn = 3\ng = spark.table("events").toPandas()\n\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC CREATE OR REPLACE TABLE later AS SELECT date, count(*) FROM events GROUP BY date\n',
      errors: [
        { message: '.toPandas() pulls every row', cell: 2, line: 1 },
        { message: '.toPandas() pulls every row', cell: 2, line: 2 },
        { message: '.toPandas() pulls every row', cell: 2, line: 3 },
        { message: '.collect() pulls every row', cell: 2, line: 4 },
        { message: '.collect() pulls every row', cell: 2, line: 5 },
        { message: '.toPandas() pulls every row', cell: 2, line: 7 },
        { message: '.toPandas() pulls every row', cell: 2, line: 10 }
      ]
    },
    {
      // a window keeps every row; a join, explode or another select after the aggregate can
      // make rows again; a select mixing a plain column is no aggregate of the whole table
      name: 'selects that only look like aggregates',
      cells: [
        'a = spark.table("t").select(F.max("x").over(w)).toPandas()',
        'b = spark.table("t").select(F.max("x")).crossJoin(spark.table("u")).collect()',
        'c = spark.table("t").select(F.max("x").alias("m")).select(F.explode(F.array("m", "m"))).toPandas()',
        'd = spark.table("t").select("id", F.upper("name")).collect()',
        // review of s20 (D3): one row that holds every value of the column
        'e = spark.table("events").select(F.collect_list("payload")).collect()'
      ],
      errors: [
        { message: '.toPandas() pulls every row', cell: 1 },
        { message: '.collect() pulls every row', cell: 2 },
        { message: '.toPandas() pulls every row', cell: 3 },
        { message: '.collect() pulls every row', cell: 4 },
        { message: '.collect() pulls every row', cell: 5 }
      ]
    },
    {
      // an equality on a column that is no key, an inequality on a key, and the distinct ids
      // of a table can each be as many rows as the table
      name: 'filters and distincts that do not bound the rows',
      cells: [
        'a = spark.table("t").where("country = \'US\'").toPandas()',
        'b = spark.table("t").filter(col("id") != 3).collect()',
        'c = spark.table("t").select("customer_id").distinct().collect()',
        'd = spark.table("t").filter(col("paid") == 1).toPandas()'
      ],
      errors: [
        { message: '.toPandas() pulls every row', cell: 1 },
        { message: '.collect() pulls every row', cell: 2 },
        { message: '.collect() pulls every row', cell: 3 },
        { message: '.toPandas() pulls every row', cell: 4 }
      ]
    },
    {
      // review of s13-prec2: an equality read outside the filter's own argument (a join's
      // condition, a withColumn), an OR that lets more in, a distinct that is not the chain's
      // end or that feeds a join, the distinct values of a column that identifies a user
      name: 'key equalities and distincts that do not bound the chain',
      cells: [
        'a = spark.table("orders").filter(col("amount") > 0).join(o, df.id == o.id).toPandas()',
        'b = spark.table("orders").filter("amount > 0").withColumn("anon", F.col("user_id") == 0).toPandas()',
        'c = spark.table("orders").where("order_id = 3 OR country = \'US\'").toPandas()',
        'd = spark.table("orders").filter((col("order_id") == 3) | (col("paid") == 1)).collect()',
        'e = spark.table("orders").join(spark.table("vip").select("country").distinct(), "country").toPandas()',
        'f = spark.table("users").select("email").distinct().collect()',
        'g = spark.table("orders").filter(col("order_id") == 3).join(items, "order_id").toPandas()',
        'h = spark.table("users").select("email").where("country = \'US\'").distinct().collect()',
        'i = spark.table("orders").select("country").where("paid = 1").withColumn("n", F.lit(1)).distinct().toPandas()'
      ],
      errors: [
        { message: '.toPandas() pulls every row', cell: 1 },
        { message: '.toPandas() pulls every row', cell: 2 },
        { message: '.toPandas() pulls every row', cell: 3 },
        { message: '.collect() pulls every row', cell: 4 },
        { message: '.toPandas() pulls every row', cell: 5 },
        { message: '.collect() pulls every row', cell: 6 },
        { message: '.toPandas() pulls every row', cell: 7 },
        { message: '.collect() pulls every row', cell: 8 },
        { message: '.toPandas() pulls every row', cell: 9 }
      ]
    },
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
