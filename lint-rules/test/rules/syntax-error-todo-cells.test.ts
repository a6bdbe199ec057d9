import rule from '../../src/rules/syntax-error';
import { runRuleTests } from './ruleTester';

/** a Databricks source notebook of the given cells */
const databricks = (...cells: string[]) =>
  `# Databricks notebook source\n${cells.join('\n\n# COMMAND ----------\n\n')}\n`;

runRuleTests(rule, {
  valid: [
    {
      // round 20 (shaunryan/dbx_training, Databricks Academy's labs: 04-Lab-Runnable cells 3 and
      // 5, 08-Capstone-Project cells 11 and 15): a `# TODO` cell holds the instructions in
      // prose, for the learner to replace with code; the Solutions copy has the code
      name: "a lab's `# TODO` cell of instructions in prose, bullets, code in backticks and a link",
      path: 'Labs/04-Lab.py',
      text: databricks(
        'import mlflow',
        '# TODO\nRead from the widgets to create 3 variables.  Be sure to cast the values to numeric types\nn_estimators = FILL_IN\nlearning_rate = FILL_IN',
        '# TODO\nCreate 3 widgets for parameter passing into the notebook:\n  - n_estimators with a default of 100\n  - learning_rate with a default of .1\nNote that only strings can be used for widgets',
        '# TODO\nApply the UDF to `sparkDF` (you may have to drop columns)',
        '# TODO\nTrain and log the results from a model.  Try using Gradient Boosted Trees\nhttps://scikit-learn.org/stable/modules/generated/sklearn.ensemble.GradientBoostingRegressor.html#sklearn.ensemble.GradientBoostingRegressor'
      )
    },
    {
      // round 20 (Horovod lab cell 21) and round 19 (NLP 05 cell 32): the learner's blanks are
      // `x = # TODO` lines inside a function, and `# FILL_IN` comments between arguments
      name: "a lab's `# TODO` cell of `x = # TODO` blanks and `# FILL_IN` arguments",
      path: 'Labs/DL 05L - Horovod Lab.py',
      text: databricks(
        '# TODO\ndef run_training_horovod():\n  hvd.init()\n  with make_batch_reader(path) as reader:\n    dataset = # TODO\n    model = # TODO\n    model.compile(optimizer="adam", loss="mse")',
        '# TODO \nwith mlflow.start_run(run_id=# FILL_IN, experiment_id=# FILL_IN):\n  mlflow.log_params({"data_path": # FILL_IN})\n  mlflow.set_tag("team", "# FILL_IN")'
      )
    }
  ],
  invalid: [
    {
      // the cell's other errors still show once its blanks are filled (ITP 10L cell 5: a third
      // `]`), and a cell that is no `# TODO` cell keeps its prose and blanks as errors (a note
      // that says more, `# TODO: tidy up`, is the author's)
      name: 'errors beside the blanks of a `# TODO` cell, and prose or blanks outside one',
      path: 'Labs/ITP 10L.py',
      text: databricks(
        '# TODO\ndata = [["Buddy", 3], ["Luna", 2]]]\n\ncolumn_names = # FILL_IN',
        'Create a Spark UDF from this logged model',
        '# TODO: tidy up\ndataset = # TODO\nApply the UDF to the stream',
        '# TODO\nx = (1 +\nApply the UDF to the stream'
      ),
      errors: [
        { message: "near ']'", cell: 1, line: 2 },
        { message: 'Cell does not parse', cell: 2, line: 1 },
        // a lab (a Labs/ folder, answers marked for the student in two cells: support/labExercises)
        // fills `dataset = # TODO` as the student's blank, so what is left to report is the prose on
        // line 3; outside a lab the same cell is reported at line 2 (the case below)
        { message: 'Cell does not parse', cell: 3, line: 3 },
        { message: 'Cell does not parse', cell: 4 }
      ]
    },
    {
      name: 'the same cells outside a lab folder: the blank `dataset = # TODO` is where the cell fails',
      path: 'ITP 10L.py',
      text: databricks(
        '# TODO\ndata = [["Buddy", 3], ["Luna", 2]]]\n\ncolumn_names = # FILL_IN',
        'Create a Spark UDF from this logged model',
        '# TODO: tidy up\ndataset = # TODO\nApply the UDF to the stream',
        '# TODO\nx = (1 +\nApply the UDF to the stream'
      ),
      errors: [
        { message: "near ']'", cell: 1, line: 2 },
        { message: 'Cell does not parse', cell: 2, line: 1 },
        { message: 'Cell does not parse', cell: 3, line: 2 },
        { message: 'Cell does not parse', cell: 4 }
      ]
    }
  ]
});
