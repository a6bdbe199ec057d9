/**
 * What `nbcraft promote` prints cannot run as a CI logging command, whatever the notebook's
 * file name, tags or cells hold: Azure Pipelines' agent runs `##vso[` anywhere in a line of
 * stdout or stderr, GitHub's runner its legacy `##[` anywhere and `::name::` at a line's
 * start (after leading whitespace). Real files in a temp folder, the real command.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ipynbText, promoteIn, type CellSpec } from './helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-promote-ci-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = (...argv: string[]) => promoteIn(dir, ...argv);
const write = (name: string, text: string | Buffer) => {
  fs.writeFileSync(path.join(dir, name), text);
};

/** The lines of stdout and stderr a CI runner would run as a logging command. */
function commands(r: { out: string; err: string }): string[] {
  return [r.out, r.err]
    .flatMap(text => text.split(/\r\n|\r|\n/))
    .filter(line => /##(vso)?\[/i.test(line) || /^\s*::/.test(line));
}

const taggedWith = (tag: string): CellSpec[] => [
  { code: 'raw = [1, 2]\ntotal = sum(raw)', tags: [tag] },
  'print(total)'
];

describe('a logging command mid-line', () => {
  it('in a tag under --check is printed broken', async () => {
    write(
      'nb.ipynb',
      ipynbText(
        taggedWith(
          'promote:pkg/m ##vso[task.complete result=Failed] ##[set-env name=A]b.py:f'
        )
      )
    );
    const r = await run('nb.ipynb', '--check');
    expect(r.code).toBe(1);
    expect(`${r.out}${r.err}`).toContain('##vso\\u005btask.complete');
    expect(`${r.out}${r.err}`).toContain('##\\u005bset-env');
    expect(commands(r)).toEqual([]);
  });

  it("in the notebook's file name under --check is printed broken", async () => {
    const name = 'nb ##vso[task.setvariable variable=X]y ##[error]z.ipynb';
    write(name, ipynbText(taggedWith('promote:pkg/m.py:f')));
    const r = await run(name, '--check');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'run `nbcraft promote nb ##vso\\u005btask.setvariable variable=X]y ##\\u005berror]z.ipynb` to update'
    );
    expect(commands(r)).toEqual([]);
  });
});

describe("a notebook's file name with a line break and a command", () => {
  const names = [
    'x\n##vso[task.setvariable variable=PATH]evil\n.ipynb',
    'y\n::set-output name=a::b\n.ipynb'
  ];
  /** the name as a message shows it, on one line */
  const shown = (name: string) => name.replace(/\n/g, '\\u000a');

  it('is printed on one line, broken, by every message that names it', async () => {
    for (const name of names) {
      const cases: [string, string | Buffer, string[], number, string][] = [
        [
          'untagged',
          ipynbText(['x = 1']),
          ['--check'],
          0,
          'no cells tagged for promotion'
        ],
        ['untagged', ipynbText(['x = 1']), [], 2, 'no cells tagged "promote"'],
        [
          'binary',
          Buffer.from([0x7b, 0, 0x7d]),
          [],
          2,
          '(nothing was written)'
        ],
        ['broken', '{"cells": [', [], 2, 'invalid JSON'],
        [
          'tagged',
          ipynbText(taggedWith('promote:pkg/m.py:f')),
          ['--dry-run'],
          0,
          'would promote cell 1 of'
        ],
        [
          'tagged',
          ipynbText(taggedWith('promote:pkg/m.py:f')),
          ['--check'],
          1,
          'to update'
        ],
        [
          'tagged',
          ipynbText(taggedWith('promote:pkg/m.py:f')),
          [],
          0,
          'promoted cell 1 of'
        ]
      ];
      for (const [kind, text, flags, code, said] of cases) {
        write(name, text);
        const r = await run(name, ...flags);
        const printed = `${r.out}${r.err}`;
        expect([kind, flags, r.code]).toEqual([kind, flags, code]);
        expect(printed).toContain(said);
        expect(printed).toContain(
          shown(name).replace('[', '\\u005b').replace('\n::', '\n\\u003a:')
        );
        expect(commands(r)).toEqual([]);
      }
      // the run above wrote the module: the tagged cells again are up to date with it
      write(name, ipynbText(taggedWith('promote:pkg/m.py:f')));
      const fresh = await run(name, '--check');
      expect(fresh.out).toContain('up to date');
      expect(commands(fresh)).toEqual([]);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir);
    }
  });
});

describe('--dry-run prints cell code', () => {
  it('behind a gutter, a logging command in it broken', async () => {
    write(
      'nb.ipynb',
      ipynbText(
        taggedWith('promote:pkg/m.py:f').map((cell, i) =>
          i === 0
            ? {
                code: 'x = 1\n# ##vso[task.setvariable variable=Y]z\nnote = """\n::error::pwned\n"""',
                tags: ['promote:pkg/m.py:f']
              }
            : cell
        )
      )
    );
    const r = await run('nb.ipynb', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '|     # ##vso\\u005btask.setvariable variable=Y]z\n'
    );
    expect(r.out).toContain('| ::error::pwned\n');
    expect(r.out).toContain('| from pkg.m import f\n');
    expect(commands(r)).toEqual([]);
  });
});

describe('--dry-run shows a hidden character in cell code', () => {
  // the table the paths are tested against (hidden-characters.test.ts)
  const table = JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '../fixtures/hidden-characters.json'),
      'utf8'
    )
  ) as Record<'control' | 'invisible' | 'allowed', string[]>;
  const char = (hex: string) => String.fromCodePoint(parseInt(hex, 16));
  const shown = (hex: string) =>
    hex.length > 4 ? `\\u{${hex.toLowerCase()}}` : `\\u${hex.toLowerCase()}`;
  /** a cell whose comments hold each code point, `as` written into the text */
  const notebook = (as: (hex: string) => string) =>
    ipynbText([
      {
        code: [
          'access = "user"',
          ...[...table.invisible, ...table.allowed].map(hex => `# a${as(hex)}b`)
        ].join('\n'),
        tags: ['promote:pkg/m.py:f']
      },
      'print(access)'
    ]);

  it('escaped where it is (a direction override no longer reorders the listing), the rest byte for byte', async () => {
    write('nb.ipynb', notebook(char));
    const r = await run('nb.ipynb', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('|     # a\\u202eb\n');
    expect(r.out).not.toMatch(/\p{Cf}/u);
    // the same listing as for a cell holding the escapes as text: nothing else changed
    // (the look-alikes the table allows, such as U+00A0 and U+1F600, are printed as they are)
    write(
      'nb.ipynb',
      notebook(hex => (table.allowed.includes(hex) ? char(hex) : shown(hex)))
    );
    const asText = await run('nb.ipynb', '--dry-run');
    expect(r.out).toBe(asText.out);
    expect(r.out).toContain(`|     # a${char('1F600')}b\n`);
  });
});
