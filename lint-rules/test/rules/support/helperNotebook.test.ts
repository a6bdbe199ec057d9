import {
  helperNotebookKind,
  isHelperNotebook
} from '../../../src/rules/support/helperNotebook';

describe('isHelperNotebook: notebooks that others %run', () => {
  it.each([
    'Includes/_common.py',
    'Solutions/Includes/Classroom-Setup.py',
    'course/includes/Load_Data.py',
    'demo/_resources/00-setup.py',
    'demo/_resources/bundle_config.py',
    'project/utils.ipynb',
    'project/helpers_plots.ipynb',
    'RUNME.py',
    'config/configure_notebook.py',
    '00_setup.ipynb',
    'C:\\work\\Includes\\Load_Data.py'
  ])('%s is a helper', path => {
    expect(isHelperNotebook(path)).toBe(true);
  });

  it.each([
    // a tutorial two folders below `resources`
    'sdk/python/resources/compute/compute.ipynb',
    'sdk/python/resources/workspace.ipynb',
    // below a helper folder, not in it
    'includes/lessons/intro.ipynb',
    // a test notebook in a package folder named utils
    'tests/unit/recommenders/utils/programmatic_notebook_execution.ipynb',
    'project/helpers/plots.ipynb',
    '_notebooks/2020-01-01-post.ipynb',
    'RUNME_churn_analysis.ipynb',
    'SparkConfigDump.py',
    'Classroom-Exercises.ipynb',
    'train.ipynb',
    // a leading _ alone, or a helper word before two more words (the review of s13-prec)
    'analysis/_draft.ipynb',
    '_scratch.ipynb',
    'common_crawl_analysis.ipynb',
    'shared-memory-benchmark.ipynb',
    'Functions_of_time.ipynb'
  ])('%s is a document', path => {
    expect(isHelperNotebook(path)).toBe(false);
  });

  it.each([
    ['Includes/_common.py', 'library'],
    ['01-Classroom-Setup.py', 'setup'],
    ['Common_Python.py', 'library'],
    ['Setup-Classroom.py', 'setup'],
    ['course/includes/Load_Data.py', 'library'],
    ['demo/_resources/01-load-data.py', 'setup'],
    ['Includes/Classroom-Setup.py', 'setup'],
    ['RUNME.py', 'setup'],
    ['project/utils_spark.ipynb', 'library']
  ])('%s is a %s helper (its name first, then its folder)', (path, kind) => {
    expect(helperNotebookKind(path)).toBe(kind);
  });
});
