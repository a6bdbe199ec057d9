/** Config: presets, severities and options by code or id, per-file ignores, TOML, located errors. */
import { ConfigError, parseConfigText, resolveConfig } from '../../src/config';
import { allRules } from '../../src/rules';

const codes = (c: ReturnType<typeof resolveConfig>) =>
  c.rules.map(r => r.rule.meta.code);

describe('resolveConfig', () => {
  it('recommended is the default; strict turns every rule on; none only the listed ones', () => {
    const rec = resolveConfig({});
    expect(codes(rec)).toEqual(
      allRules.filter(r => r.meta.recommended).map(r => r.meta.code)
    );
    expect(codes(rec)).not.toContain('NB208');
    // session 22: NB101 left `recommended` (docs/rules/non-linear-execution.md says why)
    expect(codes(rec)).not.toContain('NB101');
    expect(codes(resolveConfig({ extends: 'strict' }))).toContain('NB101');
    expect(codes(resolveConfig({ extends: 'strict' }))).toHaveLength(
      allRules.length
    );
    expect(
      codes(resolveConfig({ extends: 'none', rules: { NB101: 'error' } }))
    ).toEqual(['NB101']);
  });

  it('sets severity and options by code or id', () => {
    const c = resolveConfig({
      rules: {
        NB104: 'off',
        'cell-too-long': ['error', { maxLines: 5 }],
        NB105: ['warn']
      }
    });
    expect(codes(c)).not.toContain('NB104');
    const long = c.rules.find(r => r.rule.meta.id === 'cell-too-long')!;
    expect(long.severity).toBe('error');
    expect(long.options).toEqual({ maxLines: 5 });
    expect(c.rules.find(r => r.rule.meta.code === 'NB105')!.severity).toBe(
      'warning'
    );
  });

  it('names the file and key of an unknown rule, a bad option, a bad severity, an unknown key', () => {
    const err = (input: unknown) => {
      try {
        resolveConfig(input, 'nbcraft.json');
      } catch (e) {
        return (e as ConfigError).describe();
      }
      throw new Error('no error');
    };
    expect(err({ rules: { NB999: 'off' } })).toBe(
      'nbcraft.json: rules.NB999: unknown rule "NB999"; run `nbcraft rules` to list codes and ids'
    );
    expect(
      err({ rules: { 'cell-too-long': ['warn', { maxLines: 'x' }] } })
    ).toMatch(/^nbcraft\.json: rules\.cell-too-long\[1\]\.maxLines: .*number/);
    expect(
      err({ rules: { 'cell-too-long': ['warn', { maxLine: 3 }] } })
    ).toMatch(
      /rules\.cell-too-long\[1\]: unknown option "maxLine" for rule cell-too-long; allowed: maxLines/
    );
    expect(err({ rules: { NB101: 'fatal' } })).toMatch(
      /^nbcraft\.json: rules\.NB101: /
    );
    expect(err({ rulez: {} })).toMatch(/unknown key "rulez"/);
    expect(
      err({ rules: { NB101: 'off', 'non-linear-execution': 'warn' } })
    ).toMatch(/configured twice/);
    expect(err({ perFileIgnores: { 'a/**': ['NB000'] } })).toMatch(
      /perFileIgnores\.a\/\*\*\[0\]: unknown rule "NB000"/
    );
  });

  it('applies ignore globs and per-file ignores relative to the config folder', () => {
    const c = resolveConfig(
      {
        ignore: ['**/scratch/**'],
        perFileIgnores: { 'legacy/*.ipynb': ['NB104', 'unused-import'] }
      },
      'nbcraft.json',
      '/repo'
    );
    expect(c.isIgnored('team/scratch/a.ipynb')).toBe(true);
    expect(c.isIgnored('team/a.ipynb')).toBe(false);
    expect(c.isIgnored('../outside.ipynb')).toBe(false);
    const legacy = c.rulesFor('legacy/old.ipynb').map(r => r.rule.meta.code);
    expect(legacy).not.toContain('NB104');
    expect(legacy).not.toContain('NB205');
    expect(c.rulesFor('new/x.ipynb').map(r => r.rule.meta.code)).toContain(
      'NB104'
    );
  });

  it('matches ignore and perFileIgnores patterns over paths holding line breaks (the ignore package skipped them)', () => {
    const c = resolveConfig(
      {
        ignore: ['**/scratch/**'],
        perFileIgnores: { '**/legacy/*.ipynb': ['NB104'] }
      },
      'nbcraft.json',
      '/repo'
    );
    // the last three hold the private-use stand-ins: a two-way swap made them line breaks again
    for (const odd of [
      'we\nird',
      'c\rr',
      'l\u2028s',
      'p\u2029s',
      'a/\nb',
      'q\ue00ar',
      't\ue00du',
      'v\ue029w'
    ]) {
      expect(c.isIgnored(`${odd}/scratch/n.ipynb`)).toBe(true);
      expect(c.isIgnored(`${odd}/n.ipynb`)).toBe(false);
      expect(
        c.rulesFor(`${odd}/legacy/o.ipynb`).map(r => r.rule.meta.code)
      ).not.toContain('NB104');
    }
    // a pattern naming one of them matches a path holding that character or its private-use
    // stand-in (the rare false match a one-way swap accepts), nothing else
    const named = resolveConfig(
      { ignore: ['x\u2028y/**', 'p\ue00aq/**'] },
      'nbcraft.json',
      '/repo'
    );
    expect(named.isIgnored('x\u2028y/n.ipynb')).toBe(true);
    expect(named.isIgnored('x\ue028y/n.ipynb')).toBe(true);
    expect(named.isIgnored('x\ny/n.ipynb')).toBe(false);
    expect(named.isIgnored('xy/n.ipynb')).toBe(false);
    expect(named.isIgnored('p\ue00aq/n.ipynb')).toBe(true);
    expect(named.isIgnored('p\nq/n.ipynb')).toBe(true);
    expect(named.isIgnored('p\rq/n.ipynb')).toBe(false);
  });

  it("accepts the other capabilities' keys", () => {
    const c = resolveConfig({
      promote: { moduleDir: 'src/pkg', testsDir: 'tests' },
      tracking: { uri: 'databricks://dev' },
      compute: {
        targets: [
          { name: 'sc', kind: 'spark-connect', url: 'sc://127.0.0.1:15002' }
        ]
      }
    });
    expect(c.config.tracking?.uri).toBe('databricks://dev');
  });
});

describe('parseConfigText', () => {
  it('reads [tool.nbcraft] from pyproject.toml, null without it', () => {
    const toml =
      '[project]\nname = "x"\n\n[tool.nbcraft]\nextends = "strict"\nignore = ["scratch/**"]\n\n[tool.nbcraft.rules]\nNB101 = "off"\n"cell-too-long" = ["warn", { maxLines = 10 }]\n';
    const raw = parseConfigText('pyproject.toml', toml);
    expect(raw).toEqual({
      extends: 'strict',
      ignore: ['scratch/**'],
      rules: { NB101: 'off', 'cell-too-long': ['warn', { maxLines: 10 }] }
    });
    expect(
      resolveConfig(raw).rules.find(r => r.rule.meta.id === 'cell-too-long')!
        .options
    ).toEqual({ maxLines: 10 });
    expect(
      parseConfigText('pyproject.toml', '[project]\nname="x"\n')
    ).toBeNull();
  });

  it('locates syntax errors', () => {
    // what each call throws, asserted outside a catch: an expect inside one is skipped, and the
    // test passes, when the call stops throwing (the TOML case used to be only that)
    const thrown = (fileName: string, text: string): unknown => {
      try {
        parseConfigText(fileName, text);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const json = thrown('nbcraft.json', '{\n  "rules": {,}\n}');
    expect(json).toBeInstanceOf(ConfigError);
    expect((json as ConfigError).describe()).toMatch(
      /^nbcraft\.json:2:\d+: invalid JSON/
    );
    const toml = thrown('pyproject.toml', '[tool.nbcraft]\nrules = {\n');
    expect(toml).toBeInstanceOf(ConfigError);
    expect((toml as ConfigError).describe()).toMatch(
      /^pyproject\.toml:\d+:\d+: invalid TOML/
    );
  });
});
