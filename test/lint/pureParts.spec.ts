import { applyTextEdits, ConfigError, LineIndex } from '@nbcraft/lint-rules';

import {
  ancestors,
  locateConfig,
  relativeTo
} from '../../src/lint/configLocator';
import { findingRange } from '../../src/lint/findingRanges';
import { planFix } from '../../src/lint/fixPlan';
import {
  filterFindings,
  findingLocation,
  sortFindings
} from '../../src/lint/lintReport';
import {
  DEFAULT_LINT_SETTINGS,
  effectiveConfig,
  readLintSettings,
  USER_SETTINGS_SOURCE
} from '../../src/lint/lintSettings';
import { makeFinding as finding } from './helpers';

function files(map: Record<string, string>) {
  const reads: string[] = [];
  const read = (p: string) => {
    reads.push(p);
    return Promise.resolve(map[p] ?? null);
  };
  return { read, reads };
}

describe('locateConfig', () => {
  it('lists the folders from the notebook up to the root', () => {
    expect(ancestors('a/b')).toEqual(['a/b', 'a', '']);
    expect(ancestors('')).toEqual(['']);
    expect(relativeTo('a', 'a/b/n.ipynb')).toBe('b/n.ipynb');
    expect(relativeTo('', 'n.ipynb')).toBe('n.ipynb');
  });

  it('takes the nearest nbcraft.json, before pyproject.toml in the same folder', async () => {
    const fs = files({
      'proj/nbcraft.json': '{"rules": {"NB101": "off"}}',
      'proj/pyproject.toml': '[tool.nbcraft]\nextends = "strict"\n',
      'nbcraft.json': '{"extends": "none"}'
    });
    const found = await locateConfig('proj/nb/x.ipynb', fs.read);
    expect(found.file).toBe('proj/nbcraft.json');
    expect(found.baseDir).toBe('proj');
    expect(found.settings).toEqual({ rules: { NB101: 'off' } });
    expect(fs.reads).toEqual([
      'proj/nb/nbcraft.json',
      'proj/nb/pyproject.toml',
      'proj/nbcraft.json'
    ]);
  });

  it('skips a pyproject.toml without [tool.nbcraft] and reads one that has it', async () => {
    const fs = files({
      'a/b/pyproject.toml': '[project]\nname = "x"\n',
      'a/pyproject.toml':
        '[tool.nbcraft]\nignore = ["scratch/**"]\n[tool.nbcraft.rules]\nNB205 = "error"\n'
    });
    const found = await locateConfig('a/b/n.ipynb', fs.read);
    expect(found.file).toBe('a/pyproject.toml');
    const config = effectiveConfig(found, 'a/b/n.ipynb', DEFAULT_LINT_SETTINGS);
    expect(config.relativePath).toBe('b/n.ipynb');
    expect(
      config.resolved.rules.find(r => r.rule.meta.code === 'NB205')?.severity
    ).toBe('error');
    expect(
      effectiveConfig(found, 'a/scratch/s.ipynb', DEFAULT_LINT_SETTINGS).ignored
    ).toBe(true);
  });

  it('falls back to the recommended preset when there is no config file', async () => {
    const found = await locateConfig('n.ipynb', files({}).read);
    expect(found.file).toBeNull();
    const config = effectiveConfig(found, 'n.ipynb', DEFAULT_LINT_SETTINGS);
    expect(config.resolved.rules.length).toBeGreaterThan(30);
  });

  it('names the file and line of a syntax error, and the file and key of a bad setting', async () => {
    await expect(
      locateConfig('n.ipynb', files({ 'nbcraft.json': '{"rules": {' }).read)
    ).rejects.toThrow(ConfigError);
    const err = await locateConfig(
      'n.ipynb',
      files({ 'nbcraft.json': '{\n "rules": {,\n}' }).read
    ).catch((e: unknown) => e as ConfigError);
    expect((err as ConfigError).describe()).toMatch(
      /^nbcraft\.json:2:\d+: invalid JSON/
    );

    const found = await locateConfig(
      'n.ipynb',
      files({ 'nbcraft.json': '{"rules": {"NB999": "warn"}}' }).read
    );
    let configError: ConfigError | undefined;
    try {
      effectiveConfig(found, 'n.ipynb', DEFAULT_LINT_SETTINGS);
    } catch (e) {
      configError = e as ConfigError;
    }
    expect(configError?.file).toBe('nbcraft.json');
    expect(configError?.key).toBe('rules.NB999');
  });

  it('applies user overrides on top of the file and blames the settings for bad ones', async () => {
    const found = await locateConfig(
      'n.ipynb',
      files({ 'nbcraft.json': '{"rules": {"NB205": "error"}}' }).read
    );
    const settings = readLintSettings({
      rules: { 'unused-import': 'off', NB104: 'warn', bad: 7 }
    });
    expect(settings.rules).toEqual({ 'unused-import': 'off', NB104: 'warn' });
    const config = effectiveConfig(found, 'n.ipynb', settings);
    const codes = new Map(
      config.resolved.rules.map(r => [r.rule.meta.code, r.severity])
    );
    expect(codes.has('NB205')).toBe(false);
    expect(codes.get('NB104')).toBe('warning');
    expect(() =>
      effectiveConfig(found, 'n.ipynb', {
        ...settings,
        rules: { NB999: 'warn' }
      })
    ).toThrow(
      expect.objectContaining({
        file: USER_SETTINGS_SOURCE,
        key: 'rules.NB999'
      })
    );
  });

  it('reads settings defensively', () => {
    expect(readLintSettings({})).toEqual(DEFAULT_LINT_SETTINGS);
    expect(
      readLintSettings({ enabled: false, debounceMs: -3, gutter: false })
    ).toEqual({
      enabled: false,
      debounceMs: DEFAULT_LINT_SETTINGS.debounceMs,
      gutter: false,
      rules: {}
    });
  });
});

describe('findingRange', () => {
  const source = 'import os\r\nx = y + 1\n\nprint(x)';
  it('maps 0-based line/column positions to editor offsets', () => {
    // the library's one line index, with CodeMirror's line breaks (\n, \r\n, \r)
    const lines = new LineIndex(source);
    expect(lines.starts).toEqual([0, 11, 21, 22]);
    expect(lines.offset(1, 4)).toBe(15);
    expect(lines.offset(0, 99)).toBe(9); // clamped before \r\n
    expect(lines.offset(9, 0)).toBe(source.length);
    expect(
      findingRange(
        finding({ start: { line: 1, column: 4 }, end: { line: 1, column: 5 } }),
        source
      )
    ).toEqual({ from: 15, to: 16 });
  });

  it('widens an empty span so it can be seen and hovered', () => {
    expect(
      findingRange(
        finding({ start: { line: 1, column: 4 }, end: { line: 1, column: 4 } }),
        source
      )
    ).toEqual({ from: 15, to: 20 });
    expect(
      findingRange(
        finding({ start: { line: 3, column: 8 }, end: { line: 3, column: 8 } }),
        source
      )
    ).toEqual({ from: 29, to: 30 });
    expect(
      findingRange(finding({ start: undefined, end: undefined }), source)
    ).toEqual({
      from: 0,
      to: 9
    });
  });
});

describe('planFix', () => {
  const linted = [
    { id: 'a', source: 'print(f"x")\nprint(f"y")' },
    { id: 'b', source: '!pip install x' }
  ];
  const fix = {
    description: 'd',
    edits: [
      { cell: 0, from: 6, to: 7, text: '' },
      { cell: 0, from: 18, to: 19, text: '' },
      { cell: 1, from: 0, to: 1, text: '%' }
    ]
  };

  it('groups edits per cell, last first, and applies them', () => {
    const plan = planFix(
      fix,
      linted,
      id => linted.find(c => c.id === id)!.source
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) {
      return;
    }
    expect(plan.cells.map(c => c.cellId)).toEqual(['a', 'b']);
    expect(applyTextEdits(linted[0].source, plan.cells[0].edits)).toBe(
      'print("x")\nprint("y")'
    );
    expect(applyTextEdits(linted[1].source, plan.cells[1].edits)).toBe(
      '%pip install x'
    );
  });

  it('plans the empty-cell fix as a deletion, refused once the cell has text', () => {
    const cells = [
      { id: 'a', source: 'x = 1' },
      { id: 'e', source: '  \n' }
    ];
    const del = {
      description: 'Delete the empty cell',
      edits: [{ cell: 1, from: 0, to: 3, text: '', deleteCell: true as const }]
    };
    expect(
      planFix(del, cells, id => cells.find(c => c.id === id)!.source)
    ).toEqual({
      ok: true,
      cells: [{ cellId: 'e', edits: [], deleteCell: true }]
    });
    expect(planFix(del, cells, id => (id === 'e' ? 'typed' : 'x = 1'))).toEqual(
      {
        ok: false,
        reason: 'stale'
      }
    );
  });

  it('refuses a fix for a cell that changed or vanished since the lint', () => {
    expect(
      planFix(fix, linted, id => (id === 'a' ? 'changed' : '!pip install x'))
    ).toEqual({
      ok: false,
      reason: 'stale'
    });
    expect(planFix(fix, linted, () => null)).toEqual({
      ok: false,
      reason: 'missing-cell'
    });
    const overlapping = {
      description: 'o',
      edits: [fix.edits[0], { cell: 0, from: 5, to: 8, text: '' }]
    };
    expect(
      planFix(overlapping, linted, id => linted.find(c => c.id === id)!.source)
    ).toEqual({
      ok: false,
      reason: 'overlap'
    });
  });
});

describe('panel filtering and sorting', () => {
  const findings = [
    finding({
      ruleCode: 'NB205',
      ruleId: 'unused-import',
      category: 'code-quality',
      severity: 'warning',
      cell: 2,
      message: 'os unused'
    }),
    finding({ ruleCode: 'NB104', cell: 4, start: { line: 0, column: 3 } }),
    finding({
      ruleCode: 'NB101',
      ruleId: 'non-linear-execution',
      severity: 'warning',
      cell: 4,
      start: { line: 0, column: 0 }
    }),
    finding({
      ruleCode: 'NB305',
      ruleId: 'missing-title',
      category: 'structure',
      severity: 'warning',
      cell: null
    })
  ];

  it('filters by severity, category and text', () => {
    const all = {
      severities: new Set<never>(),
      categories: new Set<never>(),
      text: ''
    };
    expect(filterFindings(findings, all)).toHaveLength(4);
    expect(
      filterFindings(findings, {
        ...all,
        severities: new Set(['error'] as const)
      }).map(f => f.ruleCode)
    ).toEqual(['NB104']);
    expect(
      filterFindings(findings, {
        ...all,
        categories: new Set(['structure', 'code-quality'] as const)
      }).map(f => f.ruleCode)
    ).toEqual(['NB205', 'NB305']);
    expect(
      filterFindings(findings, { ...all, text: 'OS UN' }).map(f => f.ruleCode)
    ).toEqual(['NB205']);
    expect(filterFindings(findings, { ...all, text: 'nb10' })).toHaveLength(2);
  });

  it('sorts by position, severity, rule and category, ties in notebook order', () => {
    expect(sortFindings(findings, 'position').map(f => f.ruleCode)).toEqual([
      'NB305',
      'NB205',
      'NB101',
      'NB104'
    ]);
    expect(sortFindings(findings, 'severity').map(f => f.ruleCode)).toEqual([
      'NB104',
      'NB305',
      'NB205',
      'NB101'
    ]);
    expect(sortFindings(findings, 'rule', true).map(f => f.ruleCode)).toEqual([
      'NB305',
      'NB205',
      'NB104',
      'NB101'
    ]);
    expect(sortFindings(findings, 'category')[0].category).toBe('code-quality');
    expect(findingLocation(findings[1])).toBe('cell 5:1:4');
    expect(findingLocation(findings[3])).toBe('notebook');
  });
});
