/**
 * Fuzzing the config readers (nbcraft.json, [tool.nbcraft] in pyproject.toml): wrong types for
 * every key, unknown keys, huge values, duplicate keys, bytes that are not UTF-8. The library gives
 * a resolved config or one ConfigError naming the file and the key; the real CLI exits 2 with it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, parseConfigText, resolveConfig } from '../../src/config';
import { built, nbcraft } from './cliRun';
import { notebookText, ODD_VALUES } from './notebookCases';
import { sample, seeded } from './seeded';

/** Each key of the config, with the key path an error about a wrong value there must name. */
const KEYS: { path: string[]; key: string }[] = [
  { path: ['extends'], key: 'extends' },
  { path: ['rules'], key: 'rules' },
  { path: ['rules', 'NB101'], key: 'rules.NB101' },
  {
    path: ['rules', 'unpinned-pip-install'],
    key: 'rules.unpinned-pip-install'
  },
  { path: ['ignore'], key: 'ignore' },
  { path: ['perFileIgnores'], key: 'perFileIgnores' },
  { path: ['perFileIgnores', 'scratch/**'], key: 'perFileIgnores.scratch/**' },
  { path: ['promote'], key: 'promote' },
  { path: ['promote', 'moduleDir'], key: 'promote.moduleDir' },
  { path: ['promote', 'testsDir'], key: 'promote.testsDir' },
  { path: ['tracking'], key: 'tracking' },
  { path: ['tracking', 'uri'], key: 'tracking.uri' },
  { path: ['compute'], key: 'compute' },
  { path: ['compute', 'targets'], key: 'compute.targets' },
  { path: ['$schema'], key: '$schema' }
];

const BASE = {
  extends: 'recommended',
  rules: { NB101: 'off', 'unpinned-pip-install': ['warn', {}] },
  ignore: ['**/scratch/**'],
  perFileIgnores: { 'scratch/**': ['NB101'] },
  promote: { moduleDir: 'src/pkg', testsDir: 'tests' },
  tracking: { uri: 'http://127.0.0.1:5000' },
  compute: { targets: [{ name: 'local', kind: 'local' }] }
};

function withValue(
  pathKeys: string[],
  value: unknown
): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(BASE)) as Record<string, unknown>;
  let parent = copy;
  for (const k of pathKeys.slice(0, -1))
    parent = parent[k] as Record<string, unknown>;
  const last = pathKeys[pathKeys.length - 1];
  if (typeof value === 'symbol') Reflect.deleteProperty(parent, last);
  else parent[last] = value;
  return copy;
}

/** A TOML value for a JSON one (TOML has no null: the key is left out). */
function toml(value: unknown): string | undefined {
  if (value === null || typeof value === 'symbol') return undefined;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) {
    const items = value.map(toml);
    return items.includes(undefined) ? undefined : `[${items.join(', ')}]`;
  }
  const entries = Object.entries(value as object).map(([k, v]) => {
    const t = toml(v);
    return t === undefined ? undefined : `${JSON.stringify(k)} = ${t}`;
  });
  return entries.includes(undefined) ? undefined : `{ ${entries.join(', ')} }`;
}

function pyproject(config: Record<string, unknown>): string | undefined {
  const lines = ['[project]', 'name = "demo"', '', '[tool.nbcraft]'];
  for (const [k, v] of Object.entries(config)) {
    const t = toml(v);
    if (t === undefined) return undefined;
    lines.push(`${JSON.stringify(k)} = ${t}`);
  }
  return lines.join('\n') + '\n';
}

/** Resolves a config text; returns the ConfigError, or null when it is accepted. Anything else thrown fails. */
function outcome(file: string, text: string): ConfigError | null {
  try {
    const raw = parseConfigText(file, text);
    resolveConfig(raw, file);
    return null;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err;
  }
}

describe('config fuzz: wrong types for every key', () => {
  const values = ODD_VALUES.filter(v => v.label !== 'a 200 kB string');

  it.each(['nbcraft.json', 'pyproject.toml'])(
    '%s: each error names the file and the key',
    file => {
      const problems: string[] = [];
      let refused = 0;
      for (const { path: keys, key } of KEYS) {
        for (const v of values) {
          const config = withValue(keys, v.value);
          const text =
            file === 'nbcraft.json'
              ? JSON.stringify(config, null, 2)
              : pyproject(config);
          if (text === undefined) continue;
          const err = outcome(file, text);
          if (!err) continue;
          refused++;
          if (!err.file.startsWith(file))
            problems.push(`${key} = ${v.label}: file ${err.file}`);
          // TOML has no lone surrogates and limits nesting: a syntax error, at its line and column
          if (err.message.startsWith('invalid TOML')) {
            if (
              !new RegExp(`^${file.replace('.', '\\.')}:\\d+:\\d+$`).test(
                err.file
              )
            )
              problems.push(
                `${key} = ${v.label}: syntax error not located: ${err.describe()}`
              );
            continue;
          }
          if (!(
            err.key === key ||
            err.key.startsWith(`${key}.`) ||
            err.key.startsWith(`${key}[`)
          ))
            problems.push(
              `${key} = ${v.label}: names key "${err.key}" (${err.message})`
            );
          if (!err.message) problems.push(`${key} = ${v.label}: no message`);
        }
      }
      expect(problems).toEqual([]);
      expect(refused).toBeGreaterThan(80);
    }
  );

  it('accepts the base config in both files (the cases above fail only by the change)', () => {
    expect(outcome('nbcraft.json', JSON.stringify(BASE))).toBeNull();
    expect(outcome('pyproject.toml', pyproject(BASE)!)).toBeNull();
  });
});

describe('config fuzz: unknown keys, huge values, duplicates, odd text', () => {
  const cases: [string, string, string, string | null][] = [
    // [what, file, text, the key the error names (null: accepted)]
    ['an unknown top-level key', 'nbcraft.json', '{"colour": "red"}', ''],
    [
      'an unknown rule',
      'nbcraft.json',
      '{"rules": {"NB999": "warn"}}',
      'rules.NB999'
    ],
    [
      'an unknown rule option',
      'nbcraft.json',
      '{"rules": {"cell-too-long": ["warn", {"maxLinez": 3}]}}',
      'rules.cell-too-long[1]'
    ],
    [
      'a rule option of the wrong type',
      'nbcraft.json',
      '{"rules": {"cell-too-long": ["warn", {"maxLines": "many"}]}}',
      'rules.cell-too-long[1].maxLines'
    ],
    [
      'options for a rule that takes none',
      'nbcraft.json',
      '{"rules": {"NB101": ["warn", {"a": 1}]}}',
      'rules.NB101[1]'
    ],
    [
      'a rule set twice, by code and id',
      'nbcraft.json',
      '{"rules": {"NB101": "warn", "non-linear-execution": "off"}}',
      'rules.non-linear-execution'
    ],
    [
      'an unknown rule in perFileIgnores',
      'nbcraft.json',
      '{"perFileIgnores": {"a/**": ["NB999"]}}',
      'perFileIgnores.a/**[0]'
    ],
    [
      'a compute target of an unknown kind',
      'nbcraft.json',
      '{"compute": {"targets": [{"name": "x", "kind": "cloud"}]}}',
      'compute.targets[0].kind'
    ],
    [
      '10,000 ignore globs',
      'nbcraft.json',
      JSON.stringify({
        ignore: Array.from({ length: 10_000 }, (_, i) => `d${i}/**`)
      }),
      null
    ],
    [
      'a 1 MB module folder',
      'nbcraft.json',
      JSON.stringify({ promote: { moduleDir: 'x'.repeat(1_000_000) } }),
      null
    ],
    [
      'rule options nested 5,000 deep',
      'nbcraft.json',
      `{"rules": {"cell-too-long": ["warn", {"maxLines": ${'['.repeat(5000)}1${']'.repeat(5000)}}]}}`,
      'rules.cell-too-long[1].maxLines'
    ],
    ['a top-level array', 'nbcraft.json', '[]', ''],
    ['a top-level null', 'nbcraft.json', 'null', ''],
    ['a top-level string', 'nbcraft.json', '"strict"', ''],
    ['an empty file', 'nbcraft.json', '', ''],
    [
      'a BOM before the JSON',
      'nbcraft.json',
      '\ufeff{"extends": "strict"}',
      null
    ],
    [
      'a lone surrogate in a glob',
      'nbcraft.json',
      '{"ignore": ["\\ud800/**"]}',
      null
    ],
    ['a NUL in a glob', 'nbcraft.json', '{"ignore": ["a\\u0000b"]}', null],
    [
      'a duplicate top-level key in JSON',
      'nbcraft.json',
      '{"extends": "strict",\n "extends": "none"}',
      'extends'
    ],
    [
      'a duplicate rule in JSON',
      'nbcraft.json',
      '{"rules": {"NB101": "off", "NB101": "warn"}}',
      'rules.NB101'
    ],
    [
      'a duplicate key in an array item',
      'nbcraft.json',
      '{"compute": {"targets": [{"name": "a", "kind": "local", "name": "b"}]}}',
      'compute.targets.name'
    ],
    [
      'the same key in two objects (not a duplicate)',
      'nbcraft.json',
      '{"promote": {"moduleDir": "a"}, "tracking": {"uri": "x"}, "rules": {"NB101": ["warn", {}]}, "perFileIgnores": {"a": ["NB101"], "b": ["NB101"]}}',
      null
    ],
    [
      'quotes and braces inside strings (not keys)',
      'nbcraft.json',
      '{"ignore": ["\\"x\\": {\\"x\\"", "{,}"], "promote": {"moduleDir": "\\\\"}}',
      null
    ],
    [
      'a duplicate key in TOML',
      'pyproject.toml',
      '[tool.nbcraft]\nextends = "strict"\nextends = "none"\n',
      ''
    ],
    [
      'a duplicate table in TOML',
      'pyproject.toml',
      '[tool.nbcraft]\n[tool.nbcraft]\n',
      ''
    ],
    [
      '[tool.nbcraft] as a string',
      'pyproject.toml',
      '[tool]\nnbcraft = "strict"\n',
      ''
    ],
    [
      'a TOML integer past 2^63',
      'pyproject.toml',
      '[tool.nbcraft.promote]\nmoduleDir = 99999999999999999999\n',
      ''
    ],
    [
      'a TOML date as a rule setting',
      'pyproject.toml',
      '[tool.nbcraft.rules]\nNB101 = 1979-05-27\n',
      'rules.NB101'
    ],
    [
      'TOML arrays nested 5,000 deep',
      'pyproject.toml',
      `[tool.nbcraft]\nignore = ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      ''
    ]
  ];

  it.each(cases)('%s', (_what, file, text, key) => {
    const err = outcome(file, text);
    if (key === null) {
      expect(err).toBeNull();
      return;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.file.startsWith(file)).toBe(true);
    expect(err!.key.startsWith(key)).toBe(true);
    expect(err!.describe().startsWith(file)).toBe(true);
  });

  it('never throws anything but a ConfigError on seeded random edits of a real config', () => {
    const next = seeded(99);
    const text = JSON.stringify(BASE, null, 2);
    for (let k = 0; k < 300; k++) {
      const at = Math.floor(next() * text.length);
      const ch = String.fromCharCode(32 + Math.floor(next() * 95));
      const edited = text.slice(0, at) + ch + text.slice(at + 1);
      const err = outcome('nbcraft.json', edited);
      if (err) expect(err.describe().startsWith('nbcraft.json')).toBe(true);
    }
    for (const cut of sample(next, [...Array(text.length).keys()], 40)) {
      const err = outcome('nbcraft.json', text.slice(0, cut));
      expect(err?.describe()).toMatch(/^nbcraft\.json/);
    }
  });
});

describe('config errors through the real CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-fuzz-config-'));
    fs.writeFileSync(
      path.join(dir, 'nb.ipynb'),
      notebookText(['# Title\nx = 1'])
    );
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const lint = (cwd: string) => nbcraft(['lint', 'nb.ipynb'], cwd);

  (built ? it : it.skip).each([
    [
      'nbcraft.json',
      '{"rules": {"NB101": 5}}',
      'nbcraft: config error: nbcraft.json: rules.NB101: '
    ],
    [
      'nbcraft.json',
      '{"rules": ',
      'nbcraft: config error: nbcraft.json:1:11: invalid JSON'
    ],
    [
      'pyproject.toml',
      '[tool.nbcraft]\nextends = 1\n',
      'nbcraft: config error: pyproject.toml: extends: '
    ],
    [
      'pyproject.toml',
      '[tool.nbcraft]\nextends = "a"\nextends = "b"\n',
      'nbcraft: config error: pyproject.toml:3:'
    ],
    [
      'nbcraft.json',
      Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      'nbcraft: config error: nbcraft.json: cannot read config file: not UTF-8 text (the first invalid byte is at line 1, column 3)'
    ]
  ] as [string, string | Buffer, string][])(
    '%s %s: exit 2 naming the file and the key',
    (file, text, expected) => {
      fs.writeFileSync(path.join(dir, file), text);
      const p = lint(dir);
      expect(p.status).toBe(2);
      expect(p.stderr.startsWith(expected)).toBe(true);
    }
  );
});
