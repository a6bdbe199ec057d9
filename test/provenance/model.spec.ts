import {
  CompareSchema,
  ReproductionSchema,
  RunProvenanceSchema
} from '../../src/provenance/api';
import {
  commitView,
  diffFiles,
  formatRelDiff,
  inputMark,
  inputRows,
  metricRows,
  notebookDiff,
  packageRows,
  ranOtherCode,
  safeRepoUrl
} from '../../src/provenance/model';
import { formatUnified } from '../../src/promote/diff';

const code = (source: string) => ({ cell_type: 'code', source });
const md = (source: string) => ({ cell_type: 'markdown', source });

/** A run's provenance as P2's route answers it (DESIGN: GET /nbcraft/provenance/runs/<id>). */
const ROUTE_ANSWER = {
  run_id: 'abc',
  status: 'complete',
  note: null,
  git: {
    commit: '0123456789abcdef0123456789abcdef01234567',
    branch: 'main',
    repo_url: 'https://github.com/acme/churn.git',
    dirty: true,
    diff_truncated: false,
    in_repository: true
  },
  notebook: {
    path: 'train.ipynb',
    sha256: 'f'.repeat(64),
    changed: true,
    snapshot_cells: [
      md('# Train'),
      code('df = pd.read_csv("data.csv")\nm.fit(df)')
    ],
    current_cells: [
      md('# Train'),
      code('df = pd.read_csv("data2.csv")\nm.fit(df)')
    ]
  },
  environment: {
    python: '3.11.2',
    platform: 'Linux',
    target: 'local',
    lockfile: 'requirements.txt',
    lockfile_changed: false,
    compared_with: 'the kernel of train.ipynb',
    added: [{ name: 'polars', version: '1.0.0' }],
    removed: [{ name: 'Attrs', version: '23.1.0' }],
    changed: [{ name: 'scikit-learn', run: '1.4.0', now: '1.5.1' }]
  },
  inputs: [
    {
      path: 'a.csv',
      location: 'repo',
      size: 10,
      digest_kind: 'sha256',
      reader: 'open',
      changed: false
    },
    {
      path: 'z.csv',
      location: 'repo',
      size: 10,
      digest_kind: 'sha256',
      reader: 'open',
      changed: true
    },
    {
      path: '/data/big.parquet',
      location: 'outside',
      size: 1e9,
      digest_kind: 'sampled-sha256',
      reader: 'pyarrow',
      changed: null
    }
  ]
};

describe('route answers', () => {
  it('reads a complete run provenance answer, nulls and extra fields included', () => {
    const parsed = RunProvenanceSchema.parse({ ...ROUTE_ANSWER, extra: 1 });
    expect(parsed.git?.branch).toBe('main');
    expect(parsed.environment?.changed[0].now).toBe('1.5.1');
    expect(parsed.inputs.map(i => i.changed)).toEqual([false, true, null]);
  });

  it('reads a run with no provenance (status none, parts null)', () => {
    const parsed = RunProvenanceSchema.parse({
      run_id: 'x',
      status: 'none',
      note: 'this run was not logged from a notebook kernel or a job',
      git: null,
      notebook: null,
      environment: null,
      inputs: []
    });
    expect(parsed.status).toBe('none');
    expect(parsed.git).toBeNull();
    expect(commitView(parsed.git).short).toBeNull();
  });

  it('rejects a reproduction with an unknown status', () => {
    expect(
      ReproductionSchema.safeParse({ id: 1, run_id: 'r', status: 'weird' })
        .success
    ).toBe(false);
    const ok = ReproductionSchema.parse({
      id: 7,
      run_id: 'r',
      status: 'running'
    });
    expect(ok.id).toBe('7');
    expect(ok.metrics).toEqual([]);
  });

  it('reads a comparison of two runs', () => {
    // P2's route sends each side's commit hash; a full git section is read too
    const hashes = CompareSchema.parse({
      a: 'r1',
      b: 'r2',
      git: { a: 'a'.repeat(40), b: 'b'.repeat(40), same: false },
      notebook: { a_cells: null, b_cells: [code('x = 2')] },
      environment: { added: [], removed: [], changed: [] },
      inputs: []
    });
    expect(commitView(hashes.git.a).short).toBe('aaaaaaaaaaaa');
    expect(hashes.notebook.a_cells).toEqual([]);
    const parsed = CompareSchema.parse({
      a: 'r1',
      b: 'r2',
      git: { a: ROUTE_ANSWER.git, b: null, same: false },
      notebook: { a_cells: [code('x = 1')], b_cells: [code('x = 2')] },
      environment: { added: [], removed: [], changed: [] },
      inputs: [{ path: 'a.csv', a: 'aa', b: 'bb', same: false }]
    });
    expect(parsed.git.b).toBeNull();
    expect(parsed.inputs[0].same).toBe(false);
  });
});

describe('commitView', () => {
  it('shortens the hash and keeps branch, dirty mark and URL', () => {
    const view = commitView(RunProvenanceSchema.parse(ROUTE_ANSWER).git);
    expect(view).toMatchObject({
      short: '0123456789ab',
      branch: 'main',
      dirty: true,
      repoUrl: 'https://github.com/acme/churn.git',
      commitHere: true
    });
  });

  it('says when the notebook itself is not the commit’s, whatever the tree', () => {
    const git = RunProvenanceSchema.parse(ROUTE_ANSWER).git;
    const state = (notebook: unknown) =>
      commitView(
        RunProvenanceSchema.parse({
          ...ROUTE_ANSWER,
          git: { ...git, dirty: false, notebook }
        }).git
      ).notebook;
    expect(state('untracked')).toBe('untracked');
    expect(state('ignored')).toBe('ignored');
    expect(state('outside')).toBe('outside');
    expect(state('modified')).toBe('modified');
    expect(state('committed')).toBeNull();
    expect(state(undefined)).toBeNull();
    expect(state('<img src=x>')).toBeNull();
  });

  it('drops credentials and refuses non-web URLs as links', () => {
    expect(safeRepoUrl('https://user:tok@github.com/a/b.git')).toBe(
      'https://github.com/a/b.git'
    );
    expect(safeRepoUrl('javascript:alert(1)')).toBeNull();
    expect(safeRepoUrl('git@github.com:acme/churn.git')).toBe(
      'git@github.com:acme/churn.git'
    );
    expect(safeRepoUrl(null)).toBeNull();
  });
});

describe('notebookDiff', () => {
  it('finds nothing between equal notebooks', () => {
    const cells = [md('# T'), code('x = 1')];
    const diff = notebookDiff(
      cells,
      cells.map(c => ({ ...c }))
    );
    expect(diff.same).toBe(true);
    expect(diff.cells.map(c => c.kind)).toEqual(['same', 'same']);
  });

  it('pairs an edited cell with its line diff', () => {
    const parsed = RunProvenanceSchema.parse(ROUTE_ANSWER).notebook!;
    const diff = notebookDiff(parsed.snapshot_cells, parsed.current_cells!);
    expect(diff).toMatchObject({
      changed: 1,
      added: 0,
      removed: 0,
      same: false
    });
    const changed = diff.cells.find(c => c.kind === 'changed')!;
    expect([changed.before, changed.after]).toEqual([2, 2]);
    expect(formatUnified(changed.diff!, 'run', 'now')).toContain(
      '-df = pd.read_csv("data.csv")\n+df = pd.read_csv("data2.csv")\n m.fit(df)'
    );
  });

  it('tells inserted and deleted cells from edited ones, with positions on each side', () => {
    const before = [md('# T'), code('a = 1'), code('b = 2'), code('plot(b)')];
    const after = [
      md('# T'),
      code('a = 1'),
      code('seed(0)'),
      code('b = 3'),
      md('end')
    ];
    const diff = notebookDiff(before, after);
    const shape = diff.cells.map(c => [
      c.kind,
      c.before ?? null,
      c.after ?? null
    ]);
    expect(shape).toEqual([
      ['same', 1, 1],
      ['same', 2, 2],
      ['changed', 3, 3],
      ['changed', 4, 4],
      ['added', null, 5]
    ]);
    expect(diff).toMatchObject({ changed: 2, added: 1, removed: 0 });
  });

  it('does not pair cells of different types (a markdown cell replaced by code)', () => {
    const diff = notebookDiff([md('notes')], [code('x = 1')]);
    expect(diff.cells.map(c => c.kind)).toEqual(['removed', 'added']);
    expect(diff.cells[0].diff!.removed).toBe(1);
    expect(diff.cells[1].diff!.added).toBe(1);
  });

  it('sees a moved cell as removed in one place and added in another', () => {
    const diff = notebookDiff(
      [code('a'), code('b'), code('c')],
      [code('b'), code('c'), code('a')]
    );
    expect(diff.removed + diff.changed).toBeGreaterThan(0);
    expect(diff.cells.filter(c => c.kind === 'same')).toHaveLength(2);
  });

  it('treats identical sources in different cell types as different cells', () => {
    const diff = notebookDiff([md('x = 1')], [code('x = 1')]);
    expect(diff.same).toBe(false);
  });
});

describe('ranOtherCode', () => {
  it('names each run whose executed cells were not its snapshot', () => {
    const nb = CompareSchema.parse({
      a: 'r1',
      b: 'r2',
      git: { a: null, b: null, same: false },
      notebook: {
        a_cells: [code('x = 1')],
        b_cells: [code('x = 1')],
        a_executed: 'same',
        b_executed: 'differs',
        b_note: 'cell 2 ran code that the saved notebook does not hold'
      },
      environment: { added: [], removed: [], changed: [] },
      inputs: []
    }).notebook;
    expect(ranOtherCode(nb)).toEqual([
      {
        side: 'b',
        note: 'cell 2 ran code that the saved notebook does not hold'
      }
    ]);
    expect(
      ranOtherCode({ ...nb, a_executed: 'extra', b_executed: null })
    ).toEqual([{ side: 'a', note: null }]);
    // runs recorded before the check (no tag): nothing is claimed either way
    expect(ranOtherCode({ ...nb, b_executed: null })).toEqual([]);
  });
});

describe('packageRows', () => {
  it('lists changed, then added, then removed, by name, ignoring case', () => {
    const env = RunProvenanceSchema.parse(ROUTE_ANSWER).environment!;
    const rows = packageRows({
      ...env,
      added: [...env.added, { name: 'aiohttp', version: '3.9' }]
    });
    expect(
      rows.map(r => `${r.kind} ${r.name} ${r.run ?? '-'} ${r.now ?? '-'}`)
    ).toEqual([
      'changed scikit-learn 1.4.0 1.5.1',
      'added aiohttp - 3.9',
      'added polars - 1.0.0',
      'removed Attrs 23.1.0 -'
    ]);
  });
});

describe('inputs', () => {
  it('marks changed, unchanged and unchecked files and lists changed ones first', () => {
    const inputs = RunProvenanceSchema.parse(ROUTE_ANSWER).inputs;
    expect(inputs.map(inputMark)).toEqual(['unchanged', 'changed', 'unknown']);
    expect(inputRows(inputs).map(i => i.path)).toEqual([
      'z.csv',
      '/data/big.parquet',
      'a.csv'
    ]);
  });
});

describe('metricRows', () => {
  it('formats the table, failing metrics first', () => {
    const rows = metricRows(
      ReproductionSchema.parse({
        id: 'p1',
        run_id: 'r',
        status: 'not-reproduced',
        metrics: [
          { key: 'acc', original: 0.9, reproduced: 0.9, rel_diff: 0, ok: true },
          {
            key: 'rmse',
            original: 1.5,
            reproduced: 1.8,
            rel_diff: 0.2,
            ok: false
          },
          {
            key: 'only_once',
            original: 3,
            reproduced: null,
            rel_diff: null,
            ok: null
          }
        ]
      })
    );
    expect(
      rows.map(r => [r.key, r.original, r.reproduced, r.relDiff, r.ok])
    ).toEqual([
      ['rmse', '1.5', '1.8', '20 %', false],
      ['acc', '0.9', '0.9', '0 %', true],
      ['only_once', '3', '—', '—', null]
    ]);
  });

  it('shows a NaN metric, written "NaN" as MLflow writes a double', () => {
    // what GET reproductions/<id> answers for a metric MLflow holds as NaN (strict JSON)
    const body = JSON.parse(
      '{"id": "p1", "run_id": "r", "status": "not-reproduced", "metrics": [' +
        '{"key": "loss", "original": "NaN", "reproduced": null, "rel_diff": null, "ok": false},' +
        '{"key": "peak", "original": "Infinity", "reproduced": "-Infinity", "rel_diff": null, "ok": false}]}'
    );
    const rows = metricRows(ReproductionSchema.parse(body));
    expect(rows.map(r => [r.key, r.original, r.reproduced, r.relDiff])).toEqual(
      [
        ['loss', 'NaN', '—', '—'],
        ['peak', 'Infinity', '-Infinity', '—']
      ]
    );
  });

  it('keeps tiny relative differences visible', () => {
    expect(formatRelDiff(1.234e-7)).toBe('0.0000123 %');
    expect(formatRelDiff(Number.NaN)).toBe('—');
  });
});

describe('diffFiles', () => {
  it('lists the files a recorded git diff changes, renames by their new name', () => {
    const diff = [
      'diff --git a/src/a.py b/src/a.py',
      'index 1..2 100644',
      '--- a/src/a.py',
      '+++ b/src/a.py',
      '@@ -1 +1 @@',
      '-x = 1',
      '+x = 2',
      'diff --git a/old name.py b/new name.py',
      'similarity index 100%'
    ].join('\n');
    expect(diffFiles(diff)).toEqual(['src/a.py', 'new name.py']);
    expect(diffFiles('')).toEqual([]);
  });
});
