import rule from '../../src/rules/non-linear-execution';
import { runRuleTests } from './ruleTester';

/** a saved error of compiling the cell (IPython shows a SyntaxError as `ename`/`evalue`) */
const syntaxError = (ename = 'SyntaxError') => [
  {
    output_type: 'error',
    ename,
    evalue: 'invalid syntax (<ipython-input-410>, line 2)',
    traceback: []
  }
];

runRuleTests(rule, {
  valid: [
    {
      // round 17 (amueller's COMS4995 slides, aml-20-topic-models cells 12/13 and 25/38,
      // aml-11 cells 22/24): a lecture saves each figure for its slides; no cell reads it back,
      // so the plotting cell re-run last changes nothing below it
      name: 'a figure saved to a path no other cell names is no file a cell below reads',
      cells: [
        { code: 'X_lsa = lsa.fit_transform(X_train)', count: 1 },
        {
          code: 'n_components = 6\nfig, axes = plt.subplots(n_components // 3, 3)\nplt.suptitle("First 6 eigenvectors of LSA")\nplt.savefig("images/lsa_six_eigvec.png")',
          count: 77
        },
        {
          code: "df = pd.DataFrame(X_lsa[::100, :10])\npd.plotting.scatter_matrix(df, s=5);\nplt.savefig('images/scatter.pdf', bbox_inches='tight')",
          count: 12
        }
      ]
    },
    {
      // round 15 (mGalarnyk's "PCA Analysis from Scratch", cell 56): a scratch `plt.` left over
      // from typing ran last as [410] and saved its SyntaxError: IPython compiles the whole cell
      // first, so nothing of it ran, and the cells below ran without it
      name: 'a cell whose run saved the error of compiling it ran nothing',
      cells: [
        { code: 'u, s, vh = np.linalg.svd(X)', count: 56 },
        {
          code: 'plt.plot(range(1, 11), var_exp)\nplt.',
          count: 410,
          outputs: syntaxError()
        },
        { code: 'print(u.shape)', count: 57 },
        {
          code: 'for i in x:\nprint(i)',
          count: 411,
          outputs: syntaxError('IndentationError')
        },
        { code: 'print(s.shape)', count: 58 }
      ]
    },
    {
      // round 16 (rasbt's python-machine-learning-book-3rd-edition ch09, cell 51): a read of the
      // review database through a cursor re-run last; the figures below read nothing of it
      name: 'a literal query that only reads, run through a cursor, writes nothing',
      cells: [
        { code: 'import sqlite3', count: 1 },
        {
          code: "conn = sqlite3.connect('reviews.sqlite')\nc = conn.cursor()\nc.execute(\"SELECT * FROM review_db WHERE date BETWEEN '2017-01-01 10:10:10' AND DATETIME('now')\")\nresults = c.fetchall()\nc.execute('''WITH t AS (SELECT 1) SELECT * FROM t''')\nconn.close()",
          count: 24
        },
        { code: "Image(filename='./images/09_12.png', width=800)", count: 9 }
      ]
    }
  ],
  invalid: [
    {
      // a statement that writes, or one from a variable, may change what a cell below reads
      name: 'a query that writes, or from a variable, run through a cursor, is a write',
      cells: [
        { code: 'import sqlite3', count: 1 },
        { code: 'c.execute("INSERT INTO t SELECT * FROM s")', count: 30 },
        { code: "rows = pd.read_sql('SELECT * FROM t', conn)", count: 2 },
        { code: 'c.execute(query)', count: 31 },
        { code: "n = pd.read_sql('SELECT count(*) FROM t', conn)", count: 3 }
      ],
      errors: [
        { message: 'ran as [2] after cell 2 ran as [30]', cell: 3 },
        { message: 'ran as [3] after cell 4 ran as [31]', cell: 5 }
      ]
    },
    {
      // a cell that names the file may read it: the figure written last is what it showed
      name: 'a figure saved to a path another cell names, or to a computed path, is a file write',
      cells: [
        { code: 'X = load()', count: 1 },
        {
          code: 'plt.scatter(X[:, 0], X[:, 1])\nplt.savefig("images/capture.png")',
          count: 84
        },
        { code: 'Image(filename="images/capture.png")', count: 12 },
        { code: 'plt.plot(X)\nplt.savefig(f"images/{name}.png")', count: 90 },
        { code: 'print(len(X))', count: 13 },
        { code: 'plt.plot(X)\nplt.savefig(out_path)', count: 91 },
        { code: 'print(X.shape)', count: 14 }
      ],
      errors: [
        { message: 'ran as [12] after cell 2 ran as [84]', cell: 3 },
        { message: 'ran as [13] after cell 4 ran as [90]', cell: 5 },
        { message: 'ran as [14] after cell 6 ran as [91]', cell: 7 }
      ]
    },
    {
      // a SyntaxError from a cell that parses was raised while it ran (`eval`, an import):
      // its statements above the error ran; and a cell nbcraft cannot parse that saved no
      // compile error may have run in a kernel that reads it (another dialect)
      name: 'a SyntaxError of a cell that parses, or no compile error saved, is still a run',
      cells: [
        {
          code: 'y = 2\neval("1 +")',
          count: 5,
          outputs: syntaxError()
        },
        { code: 'print(y)', count: 3 },
        { code: 'z = (1,', count: 9 },
        { code: 'print(4)', count: 6 }
      ],
      errors: [
        { message: 'ran as [3] after cell 1 ran as [5]', cell: 2 },
        { message: 'ran as [6] after cell 3 ran as [9]', cell: 4 }
      ]
    }
  ]
});
