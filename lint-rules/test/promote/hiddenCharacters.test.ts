/**
 * A character a reader cannot see, in a path promote is given: a control character (Cc,
 * U+2028/U+2029) or an invisible or direction-changing one (Cf: `te\u200bsts` shows as
 * `tests`). The table is shared with the server's tests
 * (nbcraft/tests/core/test_relative_path.py) and the lab's (test/promote/paths.spec.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  hiddenCharacter,
  showControlCharacters
} from '../../src/promote/controlCharacters';
import { pathCharacterRefusal } from '../../src/promote/relativePath';
import { ipynbText, promoteIn, type CellSpec } from './helpers';

const table = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '../fixtures/hidden-characters.json'),
    'utf8'
  )
) as Record<'control' | 'invisible' | 'allowed', string[]> & {
  refusals: Record<'control' | 'invisible', { reason: string; hint: string }>;
};
const char = (hex: string) => String.fromCodePoint(parseInt(hex, 16));
const rows = (['control', 'invisible', 'allowed'] as const).flatMap(kind =>
  table[kind].map(hex => [kind, hex] as const)
);

describe('the shared table of hidden characters', () => {
  it.each(rows)('%s: U+%s', (kind, hex) => {
    const asked = `te${char(hex)}sts`;
    expect(hiddenCharacter(asked) ?? 'allowed').toBe(kind);
    const refused = pathCharacterRefusal(asked);
    if (kind === 'allowed') {
      expect(refused).toBeUndefined();
      expect(showControlCharacters(asked)).toBe(asked);
      return;
    }
    const escaped =
      hex.length > 4 ? `\\u{${hex.toLowerCase()}}` : `\\u${hex.toLowerCase()}`;
    expect(showControlCharacters(asked)).toBe(`te${escaped}sts`);
    // the server's words for the same path (nbcraft/tests/core/test_relative_path.py reads them too)
    const { reason, hint } = table.refusals[kind];
    expect(refused?.message).toBe(`\`te${escaped}sts\` is ${reason}`);
    expect(refused?.hint).toBe(hint);
  });
});

describe('nbcraft promote refuses an invisible character in a path', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-promote-cf-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
  };
  const cells: CellSpec[] = [
    { code: 'raw = [1, 2]\ntotal = sum(raw)', tags: ['promote'] },
    'print(total)'
  ];

  it('--tests and --module: a usage error, shown escaped, nothing written', async () => {
    write('nb.ipynb', ipynbText(cells));
    for (const [flag, value, shown] of [
      ['--tests', 'te\u200bsts', 'te\\u200bsts'],
      ['--module', 'src/pkg/m\u202eyp.py', 'src/pkg/m\\u202eyp.py']
    ]) {
      const r = await promoteIn(dir, 'nb.ipynb', flag, value);
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        `${flag} \`${shown}\` is a path with an invisible or direction-changing character; remove the character shown escaped`
      );
      expect(r.err).not.toMatch(/\p{Cf}/u);
      expect(fs.readdirSync(dir)).toEqual(['nb.ipynb']);
    }
  });

  it('a promote: tag path and the config testsDir are refused too', async () => {
    write(
      'nb.ipynb',
      ipynbText([
        {
          code: 'raw = [1, 2]\ntotal = sum(raw)',
          tags: ['promote:pkg/m\ufeff.py:f']
        },
        'print(total)'
      ])
    );
    const tagged = await promoteIn(dir, 'nb.ipynb', '--check');
    expect(tagged.code).toBe(1);
    expect(tagged.err).toContain(
      '`pkg/m\\ufeff.py` is a path with an invisible or direction-changing character'
    );
    write('nb.ipynb', ipynbText(cells));
    write('nbcraft.json', '{"promote": {"testsDir": "te\\u00adsts"}}');
    const config = await promoteIn(dir, 'nb.ipynb');
    expect(config.code).toBe(2);
    expect(config.err).toContain('promote.testsDir');
    expect(config.err).toContain(
      '`te\\u00adsts` is a path with an invisible or direction-changing character'
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['nb.ipynb', 'nbcraft.json']);
  });
});

describe('nbcraft promote refuses a name ending in a dot or a space, as the lab does', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-promote-dot-'));
    fs.writeFileSync(
      path.join(dir, 'nb.ipynb'),
      ipynbText([
        { code: 'raw = [1, 2]\ntotal = sum(raw)', tags: ['promote'] },
        'print(total)'
      ])
    );
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['--tests', 'tests '],
    ['--tests', 'tests.'],
    ['--tests', 'unit /tests'],
    ['--module', 'src/pkg./m.py'],
    ['--module', 'src/pkg/m.py ']
  ])('%s %j: a usage error, nothing written', async (flag, value) => {
    const r = await promoteIn(dir, 'nb.ipynb', flag, value);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${flag} \`${value}\` has a name ending in a dot or a space; remove the dot or space: Windows drops it`
    );
    expect(fs.readdirSync(dir)).toEqual(['nb.ipynb']);
  });

  it('the config testsDir "tests " is a located config error', async () => {
    fs.writeFileSync(
      path.join(dir, 'nbcraft.json'),
      '{"promote": {"testsDir": "tests "}}'
    );
    const r = await promoteIn(dir, 'nb.ipynb');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'promote.testsDir: `tests ` has a name ending in a dot or a space'
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['nb.ipynb', 'nbcraft.json']);
  });

  it('a promote: tag path is refused by the planner', async () => {
    fs.writeFileSync(
      path.join(dir, 'nb.ipynb'),
      ipynbText([
        { code: 'total = 1', tags: ['promote:lib./pkg/m.py:f'] },
        'print(total)'
      ])
    );
    const r = await promoteIn(dir, 'nb.ipynb');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      '`lib./pkg/m.py` has a name ending in a dot or a space'
    );
    expect(fs.readdirSync(dir)).toEqual(['nb.ipynb']);
  });
});
