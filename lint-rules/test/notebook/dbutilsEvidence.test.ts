/**
 * What makes a plain-kernelspec .ipynb Databricks' by its code: a call of `dbutils.<utility>.`
 * in code, not in a comment or a string, and not an attribute of another object (the
 * databricks-sdk's `w.dbutils.fs`). And what the reader does with a first-line `%sql`/`%R`/`%md`
 * then: a notebook that loads IPython's own SQL or R magics (`%load_ext sql`, `rpy2.ipython`) runs
 * them as line magics, so its cells stay Python (round 10's attack review, D1: a6 lost a used
 * import to `--fix`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execute } from '../../src/cli/main';
import { nodeIo } from '../../src/cli/io';
import { resolveConfig } from '../../src/config';
import { lintFile } from '../../src/engine';
import { notebookRuntime, readNotebook } from '../../src/notebook';
import { notebookText } from '../rules/ruleTester';

const notebook = (...sources: string[]) =>
  readNotebook('n.ipynb', notebookText(sources));

const strict = resolveConfig({ extends: 'strict' });
const ruleIds = (sources: string[]) =>
  lintFile('n.ipynb', notebookText(sources), strict).result.findings.map(
    f => `${f.ruleCode}@${f.cell}`
  );

describe('Databricks by dbutils calls: code only', () => {
  it.each([
    [
      'a comment',
      "# on Databricks use dbutils.widgets.get('x') instead\nimport os"
    ],
    ['a string', 'HELP = \'call dbutils.widgets.get("name") on Databricks\''],
    [
      "the databricks-sdk's WorkspaceClient.dbutils",
      "from databricks.sdk import WorkspaceClient\nw = WorkspaceClient()\nfiles = w.dbutils.fs.ls('/')"
    ]
  ])('%s naming dbutils.widgets is no evidence', (_what, first) => {
    const nb = notebook(first, '%sql sqlite://\npassword = "hunter2secret"');
    expect(notebookRuntime(nb)).toBe('ipython');
    expect(nb.cells[1].language).toBe('python');
  });

  it('a call in code still is', () => {
    const nb = notebook("x = dbutils.widgets.get('x')", '%sql\nSELECT 1');
    expect(notebookRuntime(nb)).toBe('databricks');
    expect(nb.cells[1].language).toBe('sql');
  });

  it("keeps a notebook's %sql/%sh cells Python when it loads IPython's SQL magics", () => {
    const nb = notebook(
      "%load_ext sql\nx = dbutils.widgets.get('x')",
      '%%sql\nSELECT 1',
      "%sql SELECT 1\npassword = 'hunter2secret'\nfoo(",
      "%sh ls\npassword = 'hunter2secret'",
      '%R x <- 1\ny = 2'
    );
    expect(nb.cells.map(c => c.language)).toEqual([
      'python',
      'sql',
      'python',
      'python',
      'python'
    ]);
    // the Python after the magic is linted: the syntax error and the password are found
    const ids = ruleIds(nb.cells.map(c => c.source));
    expect(ids).toEqual(expect.arrayContaining(['NB201@2', 'NB408@3']));
  });

  it('keeps %R cells Python when the notebook loads rpy2', () => {
    const nb = notebook(
      "%load_ext rpy2.ipython\nx = dbutils.widgets.get('x')",
      '%R\nx <- 1\ny = 2'
    );
    expect(nb.cells[1].language).toBe('python');
  });
});

describe('nbcraft lint --fix keeps an import a line-magic cell reads', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-dbutils-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('a jupysql cell after a comment naming dbutils (review a6)', async () => {
    const text = notebookText([
      "# Databricks alternative: dbutils.widgets.get('db')\nimport pandas as pd",
      '%sql duckdb://\nresult = %sql SELECT 1\nframe = pd.DataFrame(result)',
      'print(frame.shape)'
    ]);
    writeFileSync(path.join(dir, 'a6.ipynb'), text);
    let out = '';
    const code = await execute(
      ['lint', '--fix', 'a6.ipynb'],
      nodeIo({
        cwd: dir,
        stdout: t => void (out += t),
        stderr: t => void (out += t),
        env: { NBCRAFT_THREADS: '1' }
      })
    );
    expect(out).not.toContain('NB205');
    expect(code).not.toBe(2);
    const after = readNotebook(
      'a6.ipynb',
      readFileSync(path.join(dir, 'a6.ipynb'), 'utf8')
    );
    expect(after.cells[0].source).toContain('import pandas as pd');
  });
});
