/**
 * A notebook cannot run a CI logging command through `nbcraft lint`'s output: not by its file
 * name (`##vso[task.setvariable variable=x]y.ipynb`, `::error::pwn.ipynb`) nor by text a message
 * quotes from a cell. The Azure agent runs `##vso[` found anywhere in a line, the GitHub runner
 * its legacy `##[` anywhere and `::name::` at a line's start. Every --format is run; the machine
 * formats must parse back to exactly the data (JUnit through Python's own XML parser).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execute } from '../../src/cli/main';
import { nodeIo } from '../../src/cli/io';
import { lintFile, VERSION } from '../../src/engine';
import { resolveConfig } from '../../src/config';
import { FileResult, FORMAT_NAMES, getFormatter } from '../../src/format';
import { allRules } from '../../src/rules';
import { jsonCiSafe, jsonEscape } from '../../src/format/ciSafe';
import { escapeCiCommands } from '../../src/promote/controlCharacters';

const HOSTILE_NAMES = [
  '##vso[task.setvariable variable=x]y.ipynb',
  '::error::pwn.ipynb',
  '##[group]g.ipynb',
  // a line break in the name: NB304 quoted it raw, splitting its stylish line
  'a\n::error::x.ipynb',
  'b\u2028::warning::y.ipynb'
];

/** The review's notebook: tags, paths, a token and a tracking URI carrying `##vso[`. */
const cell = (id: string, source: string) => ({
  cell_type: 'code',
  id,
  metadata: { tags: ['##vso[task.setvariable variable=tag]v', 'parameters'] },
  source,
  outputs: [],
  execution_count: null
});
const NOTEBOOK = JSON.stringify({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {
    kernelspec: { name: 'python3', language: 'python', display_name: 'P' }
  },
  cells: [
    cell(
      'c0',
      'import pandas as pd\ndf = pd.read_csv("/home/u/##vso[task.setvariable variable=q]z.csv")\n'
    ),
    cell('c2', '%run ./##vso[task.setvariable variable=r]y.ipynb\n'),
    cell(
      'c5',
      'import mlflow\nmlflow.set_tracking_uri("http://u:p@h/##vso[task.setvariable variable=t]w")\n'
    )
  ]
});

/**
 * Line breaks: the runners (.NET) break lines at CR and LF only, which github and azure escape as
 * their specs say; the formats nbcraft escapes itself must not hold NEL, U+2028 or U+2029 raw
 * either, which a log viewer or another tool may take as one.
 */
const RUNNER_LINES = /\r\n|[\n\r]/;
const ANY_LINES = /\r\n|[\n\r\u0085\u2028\u2029]/;
const COMMAND_ANYWHERE = /##(vso)?\[/i;
const COMMAND_AT_START = /^\s*::/;

/** The lines of `out` that could run a command the format did not write itself. */
function injected(format: string, out: string): string[] {
  return out
    .split(format === 'github' || format === 'azure' ? RUNNER_LINES : ANY_LINES)
    .filter(line => line !== '')
    .filter(line => {
      if (format === 'github') {
        // the runner parses a line's own ::command:: first; data is %-escaped per its spec
        return !/^::(error|warning) [^:]*::/.test(line);
      }
      if (format === 'azure') {
        // the agent runs the first ##vso[ of a line, whose properties end at the first ]
        // (%5D in a path); the rest of the line is the message, data
        return !/^##vso\[task\.logissue [^\]]*\]/.test(line);
      }
      return COMMAND_ANYWHERE.test(line) || COMMAND_AT_START.test(line);
    });
}

interface JsonReport {
  filePath: string;
  messages: { message: string }[];
}
interface SarifLog {
  runs: {
    results: {
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}
type GitlabReport = { location: { path: string } }[];

/** What Python's XML parser reads back: every attribute and text of the JUnit report. */
function parseJunit(xml: string): string[] {
  const py = spawnSync(
    'python3',
    [
      '-c',
      'import json,sys,xml.etree.ElementTree as E\n' +
        'r=E.fromstring(sys.stdin.buffer.read())\n' +
        'out=[]\n' +
        'for e in r.iter():\n' +
        '  out+=list(e.attrib.values())\n' +
        '  out+=[e.text] if e.text and e.text.strip() else []\n' +
        'print(json.dumps(out))'
    ],
    { input: xml, encoding: 'utf8' }
  );
  expect(py.stderr).toBe('');
  return JSON.parse(py.stdout) as string[];
}

describe('nbcraft lint over hostile notebook names and messages', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-ci-'));
    for (const name of HOSTILE_NAMES) {
      writeFileSync(path.join(dir, name), NOTEBOOK);
    }
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const lint = async (format: string) => {
    let out = '';
    let err = '';
    const code = await execute(
      ['lint', '.', '--format', format],
      nodeIo({
        cwd: dir,
        stdout: t => void (out += t),
        stderr: t => void (err += t),
        env: { NBCRAFT_THREADS: '1' }
      })
    );
    return { code, out, err };
  };

  it.each(FORMAT_NAMES)(
    '--format %s prints no CI command of the notebook',
    async format => {
      const { code, out, err } = await lint(format);
      expect(code).toBe(1);
      expect(err).toBe('');
      // the attack is really in the input: a message quotes the tracking URI
      expect(out).toMatch(/NB503|mlflow/);
      expect(injected(format, out)).toEqual([]);
    }
  );

  it('json, sarif, gitlab and junit parse back to the names and messages', async () => {
    const data = JSON.parse((await lint('json')).out) as JsonReport[];
    expect(data.map(r => r.filePath).sort()).toEqual([...HOSTILE_NAMES].sort());
    const messages = data.flatMap(r => r.messages.map(m => m.message));
    expect(
      messages.some(m => m.includes('##vso[task.setvariable variable=t]w'))
    ).toBe(true);

    const sarif = JSON.parse((await lint('sarif')).out) as SarifLog;
    const uris = sarif.runs[0].results.map(r =>
      decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri)
    );
    expect(new Set(uris)).toEqual(new Set(HOSTILE_NAMES));
    expect(sarif.runs[0].results.map(r => r.message.text)).toEqual(
      data.flatMap(r => r.messages.map(m => m.message))
    );

    const gitlab = JSON.parse((await lint('gitlab')).out) as GitlabReport;
    expect(new Set(gitlab.map(i => i.location.path))).toEqual(
      new Set(HOSTILE_NAMES)
    );

    const junit = parseJunit((await lint('junit')).out);
    for (const name of HOSTILE_NAMES) {
      expect(junit).toContain(name);
    }
    for (const m of messages) {
      expect(junit).toContain(m);
    }
  });

  it('stderr (a config error naming a key from the project) is through ciSafe too', async () => {
    writeFileSync(
      path.join(dir, 'nbcraft.json'),
      JSON.stringify({
        rules: { '##vso[task.setvariable variable=k]v\n::error::x': 'off' }
      })
    );
    try {
      const { code, err } = await lint('stylish');
      expect(code).toBe(2);
      expect(err).toContain('task.setvariable variable=k');
      expect(injected('stylish', err)).toEqual([]);
    } finally {
      rmSync(path.join(dir, 'nbcraft.json'));
    }
  });

  it('stylish prints each finding on one line of its own, starting with its location', async () => {
    const data = JSON.parse((await lint('json')).out) as JsonReport[];
    const findings = data.reduce((n, r) => n + r.messages.length, 0);
    expect(findings).toBeGreaterThan(HOSTILE_NAMES.length);
    expect(
      data.find(r => r.filePath === 'a\n::error::x.ipynb')?.messages.length
    ).toBeGreaterThan(0);
    const { out } = await lint('stylish');
    const lines = out.split(ANY_LINES);
    const located = /^\S.*?:\d+:\d+: NB\d{3} \[[a-z-]+\] /;
    expect(lines.filter(line => located.test(line))).toHaveLength(findings);
    // every other line is the summary, blank, or the fixable note
    expect(
      lines.filter(
        line =>
          line !== '' &&
          !located.test(line) &&
          !/^Found \d+ problems|^\[\*\] \d+ fixable/.test(line)
      )
    ).toEqual([]);
  });

  it('stylish shows the name and the message escaped, still readable', async () => {
    const { out } = await lint('stylish');
    expect(out).toContain(
      '##vso\\u005btask.setvariable variable=x]y.ipynb:cell 1:'
    );
    expect(out).toMatch(/^\\u003a:error::pwn\.ipynb:/m);
  });
});

describe('every format over messages that break lines', () => {
  const config = resolveConfig({ extends: 'none', rules: { NB110: 'error' } });
  const real = lintFile('a.ipynb', NOTEBOOK_WITH_CHDIR(), config).result;
  const MESSAGES = [
    'x\n::error::pwn',
    'x\r::warning file=a::pwn',
    'x\u2028::error::pwn',
    'x\u0085::error::pwn',
    '::stop-commands::tok',
    '  ::error::indented',
    'x ###vso[task.prependpath]/evil and ##[Group] and ##VSO[x]',
    'a\u202eb\u200bc\u2066d\ttab'
  ];
  const hostile: FileResult[] = MESSAGES.map((message, i) => ({
    ...real,
    path: `${HOSTILE_NAMES[i % HOSTILE_NAMES.length]}/${i}.ipynb`,
    findings: real.findings.map(f => ({ ...f, message }))
  }));
  const ctx = { rules: allRules.map(r => r.meta), version: VERSION, cwd: '/r' };
  const format = (name: string) => getFormatter(name)!(hostile, ctx);

  it.each(FORMAT_NAMES)('--format %s', name => {
    expect(real.findings.length).toBeGreaterThan(0);
    expect(injected(name, format(name))).toEqual([]);
  });

  it('stylish prints no bidi or invisible character raw', () => {
    expect(format('stylish')).not.toMatch(/[\u202e\u200b\u2066]/);
  });

  it('github and azure print no terminal sequence, bidi override or odd line break raw, and unescape to what stylish shows', () => {
    const RAW =
      '\u001b]8;;http://e/\u0007k\u001b[2J \u000b \u0085 \u2028 \u2029 \u202e \u200b';
    const SHOWN =
      '\\u001b]8;;http://e/\\u0007k\\u001b[2J \\u000b \\u0085 \\u2028 \\u2029 \\u202e \\u200b';
    const odd: FileResult[] = [
      {
        ...real,
        path: `n${RAW}.ipynb`,
        findings: real.findings.map(f => ({ ...f, message: `m ${RAW}` }))
      }
    ];
    for (const name of ['github', 'azure']) {
      const out = getFormatter(name)!(odd, ctx);
      // no control character but the line breaks between commands, no separator or bidi mark
      expect(out).not.toMatch(/[^\P{Cc}\n]|[\u2028\u2029\u202e\u200b]/u);
      // what the runner shows once it has undone its own %-escaping
      const unescaped = out
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%3A/g, ':')
        .replace(/%2C/g, ',')
        .replace(/%3B/g, ';')
        .replace(/%5D/g, ']')
        .replace(/%AZP25|%25/g, '%');
      expect(unescaped).toContain(`m ${SHOWN}`);
      expect(unescaped).toContain(`n${SHOWN}.ipynb`);
    }
  });

  it('json, gitlab and sarif read back exactly', () => {
    const json = JSON.parse(format('json')) as JsonReport[];
    expect(json.map(r => r.filePath)).toEqual(hostile.map(r => r.path));
    expect(json.map(r => r.messages[0].message)).toEqual(MESSAGES);
    const gitlab = JSON.parse(format('gitlab')) as GitlabReport;
    expect(gitlab.map(i => i.location.path)).toEqual(hostile.map(r => r.path));
    const sarif = JSON.parse(format('sarif')) as SarifLog;
    expect(sarif.runs[0].results.map(r => r.message.text)).toEqual(MESSAGES);
  });

  it('junit reads back exactly, line breaks and tabs included', () => {
    const read = parseJunit(format('junit'));
    for (const m of MESSAGES) {
      expect(read).toContain(m);
    }
    for (const r of hostile) {
      expect(read).toContain(r.path);
    }
  });
});

describe('characters XML 1.0 cannot carry, and DEL', () => {
  const config = resolveConfig({ extends: 'none', rules: { NB110: 'error' } });
  const real = lintFile('a.ipynb', NOTEBOOK_WITH_CHDIR(), config).result;
  // outside XML's Char production: C0 but tab/LF/CR, U+FFFE, U+FFFF, unpaired surrogates
  const CASES: [string, string][] = [
    ['a\ufffeb', 'a\\ufffeb'],
    ['c\uffffd', 'c\\uffffd'],
    ['e\ud800f', 'e\\ud800f'],
    ['g\udc00h', 'g\\udc00h'],
    ['i\udc00\ud800j', 'i\\udc00\\ud800j'],
    ['k\u0001l\u001fm\u000bn', 'k\\u0001l\\u001fm\\u000bn'],
    ['pair \ud83d\ude00 stays', 'pair \ud83d\ude00 stays']
  ];
  const hostile: FileResult[] = CASES.map(([text], i) => ({
    ...real,
    path: `${text}/${i}.ipynb`,
    findings: real.findings.map(f => ({ ...f, message: `m ${text}` }))
  }));
  const ctx = { rules: allRules.map(r => r.meta), version: VERSION, cwd: '/r' };
  const format = (name: string, results = hostile) =>
    getFormatter(name)!(results, ctx);

  it('junit parses, with each such character written as visible \\uXXXX', () => {
    const read = parseJunit(format('junit'));
    CASES.forEach(([, shown], i) => {
      expect(read).toContain(`${shown}/${i}.ipynb`);
      expect(read).toContain(`m ${shown}`);
    });
  });

  it.each(['json', 'sarif', 'gitlab', 'junit'])(
    '--format %s writes DEL as an escape and reads it back',
    name => {
      const del: FileResult[] = [
        {
          ...real,
          path: 'd\u007fel.ipynb',
          findings: real.findings.map(f => ({ ...f, message: 'x\u007fy' }))
        }
      ];
      const out = format(name, del);
      expect(out).not.toContain('\u007f');
      if (name === 'junit') {
        expect(parseJunit(out)).toContain('x\u007fy');
      } else {
        expect(out).toContain('\\u007f');
        expect(JSON.stringify(JSON.parse(out))).toContain('x\u007fy');
      }
    }
  );
});

function NOTEBOOK_WITH_CHDIR(): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        cell_type: 'code',
        id: 'a',
        metadata: {},
        source: 'import os\nos.chdir("data")\n',
        outputs: [],
        execution_count: null
      }
    ]
  });
}

describe('jsonCiSafe and escapeCiCommands search only where a command or a raw character can be', () => {
  // the whole-text replacements they ran before (bench/COST.md, thirteenth pass), as the reference
  const RAW = /[\u007f-\u009f\u2028\u2029\p{Cf}]/gu;
  const reference = (text: string, escape: (c: string) => string) =>
    text
      .replace(/##(vso)?\[/giu, found => `${found.slice(0, -1)}${escape('[')}`)
      .replace(
        /^([^\S\n]*)::/gmu,
        (_f, space: string) => `${space}${escape(':')}:`
      );
  const PIECES = [
    'a',
    ' ',
    '\t',
    '\n',
    '\r',
    '\u000b',
    '\u2028',
    '\u2029',
    '\u00a0',
    '\u3000',
    ':',
    '::',
    '#',
    '##',
    'vso',
    'VSO',
    '[',
    '\u007e',
    '\u007f',
    '\u0085',
    '\u009f',
    '\u00a0',
    '\u00ad',
    '\u200b',
    '\u202e',
    '\ufeff',
    '\u{e0001}',
    '\u{1d173}',
    '\ud800',
    '\udc00',
    'é',
    '中',
    '😀'
  ];
  // a fixed-seed generator: the same 3,000 texts on every run
  let seed = 13;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const texts = Array.from({ length: 3000 }, () =>
    Array.from(
      { length: Math.floor(next() * 24) },
      () => PIECES[Math.floor(next() * PIECES.length)]
    ).join('')
  );
  // texts past BLOCK (65,536 units), where the blocks' edges fall: a surrogate pair, a line break
  // and a command on either side of them
  const big = (n: number) =>
    Array.from(
      { length: n },
      () => PIECES[Math.floor(next() * PIECES.length)]
    ).join('');
  for (let k = 0; k < 6; k++) texts.push(big(60000));
  for (const edge of [
    '\u{e0001}',
    '\n::x',
    '::x\n',
    '\n  ::y',
    '##vso[',
    '\r::z'
  ])
    for (const shift of [-2, -1, 0, 1, 2])
      texts.push(
        'a'.repeat(65536 + shift) +
          edge +
          '\n' +
          'b'.repeat(65536 + shift) +
          edge
      );
  texts.push(
    '  ::error::x\n\r ::warning::y\u2028::z\n##vso[a]##[b]',
    '{\n  "a": "::x"\n}\n'
  );
  const angle = (c: string) => `<${c.charCodeAt(0)}>`;

  it('escapeCiCommands gives the whole-text replacements byte for byte', () => {
    for (const text of texts)
      expect(escapeCiCommands(text, angle)).toBe(reference(text, angle));
  });

  it('jsonCiSafe gives the whole-text replacements byte for byte, past-ASCII runs and surrogates included', () => {
    for (const text of texts) {
      expect(jsonCiSafe(text)).toBe(
        reference(text.replace(RAW, jsonEscape), jsonEscape)
      );
    }
  });
});
