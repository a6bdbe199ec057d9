import {
  formatDuration,
  formatNumber,
  keyPieces,
  runDuration
} from '../../src/tracking/format';
import {
  csvHead,
  hasModel,
  isFromNotebook,
  knownKeys,
  longMetricKeys,
  modelSnippet,
  normalizeArtifactPath,
  paramDifferences,
  previewKind,
  runName,
  runUiUrl
} from '../../src/tracking/runFields';
import { RunSchema, type Run } from '../../src/tracking/schemas';

function makeRun(
  id: string,
  params: Record<string, string>,
  tags: Record<string, string> = {},
  extra = {}
): Run {
  return RunSchema.parse({
    info: { run_id: id, experiment_id: '7', status: 'FINISHED' },
    data: {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      metrics: [{ key: 'rmse', value: 0.5, step: 0, timestamp: 0 }]
    },
    ...extra
  });
}

describe('run helpers', () => {
  it('picks the metrics whose charts are worth prefetching: longest first', () => {
    const run = RunSchema.parse({
      info: { run_id: 'r', experiment_id: '7', status: 'RUNNING' },
      data: {
        metrics: [
          { key: 'acc', value: 1, step: 0, timestamp: 0 },
          { key: 'lr', value: 1, step: 320, timestamp: 0 },
          { key: 'loss', value: 1, step: 99_999, timestamp: 0 },
          { key: 'val', value: 1, step: 319, timestamp: 0 }
        ]
      }
    });
    expect(longMetricKeys(run, 320)).toEqual(['loss', 'lr']);
    expect(longMetricKeys(run, 320, 1)).toEqual(['loss']);
    expect(longMetricKeys(run, 100_000)).toEqual([]);
  });

  it('marks runs from this notebook by nbcraft tag, else by source name', () => {
    expect(
      isFromNotebook(
        makeRun('a', {}, { 'nbcraft.notebook': 'x/nb.ipynb' }),
        'x/nb.ipynb'
      )
    ).toBe(true);
    expect(
      isFromNotebook(
        makeRun('a', {}, { 'nbcraft.notebook': 'y.ipynb' }),
        'x/nb.ipynb'
      )
    ).toBe(false);
    expect(
      isFromNotebook(
        makeRun('a', {}, { 'mlflow.source.name': '/home/u/x/nb.ipynb' }),
        'x/nb.ipynb'
      )
    ).toBe(true);
    expect(isFromNotebook(makeRun('a', {}), 'x/nb.ipynb')).toBe(false);
    expect(
      isFromNotebook(makeRun('a', {}, { 'nbcraft.notebook': 'x' }), null)
    ).toBe(false);
  });

  it('puts differing params first and flags them', () => {
    const rows = paramDifferences([
      makeRun('a', { lr: '0.1', model: 'tree', seed: '1' }),
      makeRun('b', { lr: '0.1', model: 'forest' })
    ]);
    expect(rows.map(r => [r.key, r.differs])).toEqual([
      ['model', true],
      ['seed', true],
      ['lr', false]
    ]);
    expect(rows[1].values).toEqual(['1', undefined]);
  });

  it('lists keys for the column chooser, without mlflow.* tags', () => {
    const keys = knownKeys([
      makeRun('a', { b: '1', a: '2' }, { 'mlflow.runName': 'x', team: 'ds' })
    ]);
    expect(keys).toEqual({
      params: ['a', 'b'],
      metrics: ['rmse'],
      tags: ['team']
    });
  });

  it('writes a model snippet for a LoggedModel or a runs:/ URI', () => {
    const plain = makeRun('abc', {}, { 'mlflow.runName': 'best' });
    expect(modelSnippet(plain)).toContain(
      'mlflow.pyfunc.load_model("runs:/abc/model")'
    );
    expect(runName(plain)).toBe('best');
    const logged = makeRun(
      'abc',
      {},
      {},
      { outputs: { model_outputs: [{ model_id: 'm-123', step: 0 }] } }
    );
    expect(modelSnippet(logged)).toContain('load_model("models:/m-123")');
  });

  it('says a run has a model only when it logged one', () => {
    expect(hasModel(makeRun('abc', {}, { 'mlflow.runName': 'x' }))).toBe(false);
    expect(
      hasModel(makeRun('abc', {}, {}, { outputs: { model_outputs: [] } }))
    ).toBe(false);
    expect(
      hasModel(
        makeRun(
          'abc',
          {},
          {},
          {
            outputs: { model_outputs: [{ model_id: 'm-1', step: 0 }] }
          }
        )
      )
    ).toBe(true);
    expect(
      hasModel(
        makeRun(
          'abc',
          {},
          { 'mlflow.log-model.history': '[{"artifact_path": "model"}]' }
        )
      )
    ).toBe(true);
  });

  it('builds the MLflow UI address of a run', () => {
    const r = makeRun('abc', {});
    expect(runUiUrl('http://127.0.0.1:5000/', null, r)).toBe(
      'http://127.0.0.1:5000/#/experiments/7/runs/abc'
    );
    expect(runUiUrl(null, 'https://x/ml/{experiment_id}/r/{run_id}', r)).toBe(
      'https://x/ml/7/r/abc'
    );
    expect(runUiUrl(null, null, r)).toBeNull();
  });

  it('reads CSV heads with quotes and caps the rows', () => {
    expect(csvHead('a,b\n"x,1","say ""hi"""\n3,4\n', 2)).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"']
    ]);
    expect(csvHead('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2']
    ]);
  });

  it('chooses previews by file name', () => {
    expect(previewKind('plots/curve.PNG')).toBe('image');
    expect(previewKind('model/MLmodel')).toBe('text');
    expect(previewKind('data/x.csv')).toBe('csv');
    expect(previewKind('m.pkl')).toBe('none');
  });

  it('normalizes artifact paths: no `.` or `..` segment reaches a URL', () => {
    expect(normalizeArtifactPath('plots/./curve.png')).toEqual([
      'plots',
      'curve.png'
    ]);
    expect(normalizeArtifactPath('a//b/../c/')).toEqual(['a', 'c']);
    expect(normalizeArtifactPath('')).toEqual([]);
    expect(normalizeArtifactPath('..')).toBeNull();
    expect(normalizeArtifactPath('a/../../api/contents')).toBeNull();
    expect(normalizeArtifactPath('./../x')).toBeNull();
    // Only whole segments: names that merely contain dots are kept.
    expect(normalizeArtifactPath('..data/.hidden/x..')).toEqual([
      '..data',
      '.hidden',
      'x..'
    ]);
  });

  it('formats durations and numbers', () => {
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_723_000)).toBe('1 h 02 min');
    expect(runDuration(1000, undefined, 6000)).toBe(5000);
    expect(formatNumber(0.123456789)).toBe('0.12346');
    expect(formatNumber(0.00001234)).toBe('1.234e-5');
  });
});

describe('keyPieces', () => {
  it('cuts a key after its separators, so a narrow column wraps between words', () => {
    expect(keyPieces('nbcraft.notebook.sha256')).toEqual([
      'nbcraft.',
      'notebook.',
      'sha256'
    ]);
    expect(keyPieces('n_estimators')).toEqual(['n_', 'estimators']);
    expect(keyPieces('mlflow.source.git.repoURL')).toEqual([
      'mlflow.',
      'source.',
      'git.',
      'repoURL'
    ]);
    expect(keyPieces('a/b-c')).toEqual(['a/', 'b-', 'c']);
  });

  it('keeps every character, in order, whatever the key', () => {
    for (const key of ['', 'plain', '..', '_x_', '-', 'a__b', 'é.ü']) {
      expect(keyPieces(key).join('')).toBe(key);
    }
  });
});
