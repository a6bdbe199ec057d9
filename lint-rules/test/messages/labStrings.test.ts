/**
 * lint-rules/scripts/lab-strings.js on small `src/` folders written here: a text that is not a
 * literal is found (parentheses, `as`, `satisfies`) or refused with its file and line, never
 * skipped, so nbcraft.pot cannot silently miss a string of the lab.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { messageCatalogue, potEntries, type PotEntry } from '../../src';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { labStrings } = require('../../scripts/lab-strings') as {
  labStrings: (srcDir: string, repoRoot: string) => PotEntry[];
};

let repo: string;
beforeEach(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-lab-strings-'));
});
afterEach(() => {
  fs.rmSync(repo, { recursive: true, force: true });
});

/** `src/<file>` holding `source`; the strings of `src/` */
function stringsOf(source: string, file = 'widget.ts'): PotEntry[] {
  const full = path.join(repo, 'src', file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, source);
  return labStrings(path.join(repo, 'src'), repo);
}

describe('lab-strings.js', () => {
  it('reads a literal text in parentheses or under as / satisfies / !', () => {
    const entries = stringsOf(
      [
        "trans.__('D' as string);",
        "trans.__(('E'));",
        "trans.__('F' satisfies string);",
        "trans._n(('%1 cell' as const), '%1 cells' as string, n);",
        "trans._p(('menu') as string, 'G');"
      ].join('\n')
    );
    expect(
      entries.map(e => [e.msgctxt, e.msgid, e.msgidPlural ?? null])
    ).toEqual([
      [undefined, 'D', null],
      [undefined, 'E', null],
      [undefined, 'F', null],
      [undefined, '%1 cell', '%1 cells'],
      ['menu', 'G', null]
    ]);
  });

  it("reads the gettext names and a callee in parentheses, each text at its argument's place", () => {
    const entries = stringsOf(
      [
        "trans.gettext('H');",
        "tr.ngettext('%1 file', '%1 files', n);",
        "trans.pgettext('menu', 'I');",
        "this.trans.npgettext('toolbar', '%1 run', '%1 runs', n);",
        "trans.dcnpgettext('nbcraft', 'status', '%1 job', '%1 jobs', n);",
        "(trans.__)('J');",
        "(trans._n as Plural)('%1 row', '%1 rows', n);"
      ].join('\n')
    );
    expect(
      entries.map(e => [e.msgctxt, e.msgid, e.msgidPlural ?? null])
    ).toEqual([
      [undefined, 'H', null],
      [undefined, '%1 file', '%1 files'],
      ['menu', 'I', null],
      ['toolbar', '%1 run', '%1 runs'],
      ['status', '%1 job', '%1 jobs'],
      [undefined, 'J', null],
      [undefined, '%1 row', '%1 rows']
    ]);
  });

  it.each([
    ['trans.gettext(MSG);', /widget\.ts:2: .*not a string literal \(MSG\)/],
    [
      "trans.__.bind(trans)('M');",
      /widget\.ts:2: a translator method used other than by calling it/
    ],
    [
      'const g = trans.__;',
      /widget\.ts:2: a translator method used other than by calling it/
    ],
    [
      "trans.__.call(trans, 'N');",
      /widget\.ts:2: a translator method used other than by calling it/
    ],
    [
      'const say = tr.pgettext;',
      /widget\.ts:2: a translator method used other than by calling it/
    ],
    [
      "trans[m]('O');",
      /widget\.ts:2: a translator method called by element access/
    ],
    [
      "this.trans[method]('P');",
      /widget\.ts:2: a translator method called by element access/
    ],
    [
      "trans.__(ok ? 'A' : 'B');",
      /widget\.ts:2: .*not a string literal \(ok \? 'A' : 'B'\)/
    ],
    ['trans.__(MSG);', /widget\.ts:2: .*not a string literal \(MSG\)/],
    ['trans.__(`a ${b}`);', /widget\.ts:2: .*not a string literal/],
    ["trans.__('a' + b);", /widget\.ts:2: .*not a string literal/],
    [
      "trans._n('%1 run', plural, n);",
      /widget\.ts:2: .*plural is not a string literal/
    ],
    [
      "const { __ } = trans;\n__('K');",
      /widget\.ts:2: a translator method taken off its bundle/
    ],
    [
      'const { __: say } = trans;',
      /widget\.ts:2: a translator method taken off its bundle/
    ],
    [
      "trans['__']('L');",
      /widget\.ts:2: a translator method called by element access/
    ]
  ])('refuses %s with its file and line', (call, error) => {
    expect(() => stringsOf(`const n = 1;\n${call}\n`)).toThrow(error);
  });

  it('lets the functions that translate a library template pass it by name, and no others', () => {
    const source = (name: string) =>
      `export function ${name}(trans: T, template: string) {\n  return trans.__(template);\n}\n`;
    expect(stringsOf(source('said'), 'promote/reasonText.ts')).toEqual([]);
    expect(() => stringsOf(source('other'), 'promote/other.ts')).toThrow(
      /promote\/other\.ts:2: .*not a string literal \(template\)/
    );
  });

  it('gives one entry per call; potEntries, the one owner of merging, merges them and refuses two plurals', () => {
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(repo, 'src', 'a.ts'),
      "trans._n('%1 x', '%1 xs', n);\n"
    );
    const entries = stringsOf("trans._n('%1 x', '%1 xs', n);\n", 'b.ts');
    expect(entries.map(e => e.references)).toEqual([
      ['src/a.ts'],
      ['src/b.ts']
    ]);
    const merged = potEntries(messageCatalogue(), entries).filter(
      e => e.msgid === '%1 x'
    );
    expect(merged.map(e => e.references)).toEqual([['src/a.ts', 'src/b.ts']]);
    fs.writeFileSync(
      path.join(repo, 'src', 'c.ts'),
      "trans._n('%1 x', '%1 xes', n);\n"
    );
    expect(() =>
      potEntries(messageCatalogue(), labStrings(path.join(repo, 'src'), repo))
    ).toThrow(/"%1 x" .*has another plural form in src\/a\.ts/);
  });
});
