import {
  changedSpan,
  diffLines,
  diffTexts,
  formatUnified,
  splitLines
} from '../../src/promote/diff';

describe('splitLines', () => {
  it('does not invent a last empty line for a trailing newline', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('diffLines', () => {
  it('marks an appended function as added, with old and new line numbers', () => {
    const lines = diffLines(
      'import os\n\ndef a():\n    pass\n',
      'import os\n\ndef a():\n    pass\n\ndef b():\n    return 1\n'
    );
    expect(lines.filter(l => l.kind === 'add').map(l => l.text)).toEqual([
      '',
      'def b():',
      '    return 1'
    ]);
    expect(lines.filter(l => l.kind === 'remove')).toEqual([]);
    expect(lines[5]).toEqual({ kind: 'add', text: 'def b():', newLine: 6 });
  });
  it('finds a replaced body line inside unchanged context', () => {
    const lines = diffLines('a\nb\nc\n', 'a\nB\nc\n');
    expect(lines.map(l => `${l.kind}:${l.text}`)).toEqual([
      'context:a',
      'remove:b',
      'add:B',
      'context:c'
    ]);
  });
});

describe('diffTexts', () => {
  it('treats a missing file as a new file, all added', () => {
    const diff = diffTexts(null, 'x = 1\ny = 2\n');
    expect(diff.isNewFile).toBe(true);
    expect(diff.added).toBe(2);
    expect(diff.hunks).toHaveLength(1);
    expect(formatUnified(diff, 'm.py', 'm.py')).toBe(
      '--- /dev/null\n+++ m.py\n@@ -0,0 +1,2 @@\n+x = 1\n+y = 2\n'
    );
  });
  it('keeps three lines of context and splits distant changes into hunks', () => {
    const old =
      Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const changed = old
      .replace('line 2\n', 'LINE 2\n')
      .replace('line 18\n', 'LINE 18\n');
    const diff = diffTexts(old, changed);
    expect(diff.hunks).toHaveLength(2);
    expect(diff.hunks[0]).toMatchObject({
      oldStart: 1,
      oldCount: 5,
      newStart: 1,
      newCount: 5
    });
    expect(diff.hunks[1]).toMatchObject({
      oldStart: 15,
      oldCount: 6,
      newStart: 15,
      newCount: 6
    });
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(2);
  });
  it('has no hunks when nothing changed', () => {
    expect(diffTexts('a\n', 'a\n').hunks).toEqual([]);
  });
});

describe('changedSpan', () => {
  const apply = (
    before: string,
    span: { from: number; to: number; text: string } | null
  ) =>
    span === null
      ? before
      : before.slice(0, span.from) + span.text + before.slice(span.to);

  it('is the one span that differs: an added import line, a removed one', () => {
    expect(changedSpan('a = 1', 'a = 1\nfrom m import f')).toEqual({
      from: 5,
      to: 5,
      text: '\nfrom m import f'
    });
    const before = 'import os\nimport math\nx = 1';
    const span = changedSpan(before, 'import os\nx = 1');
    expect(span).toEqual({ from: 10, to: 22, text: '' });
    expect(changedSpan('same', 'same')).toBeNull();
    for (const [a, b] of [
      ['', 'x'],
      ['x', ''],
      ['aaa', 'aa'],
      ['abcabc', 'abc'],
      ['x = 1', 'y = 2']
    ]) {
      expect(apply(a, changedSpan(a, b))).toBe(b);
    }
  });

  it('never splits a surrogate pair (two emoji sharing their high half)', () => {
    // 😀 is \ud83d\ude00, 😁 is \ud83d\ude01: a bare code-unit prefix would end inside them
    const span = changedSpan('x = "😀"', 'x = "😁"');
    expect(span).toEqual({ from: 5, to: 7, text: '😁' });
    const tail = changedSpan('😀 = 1', '😁 = 1');
    expect(tail).toEqual({ from: 0, to: 2, text: '😁' });
    // and a different high half before the same low half: the suffix gives the low half back
    expect(changedSpan('\ud83c\ude00!', '\ud83d\ude00!')).toEqual({
      from: 0,
      to: 2,
      text: '\ud83d\ude00'
    });
  });

  it('is linear: a 1 MB cell with one line added is quick', () => {
    const big = 'x = 1\n'.repeat(170_000);
    const started = performance.now();
    const span = changedSpan(big, 'import os\n' + big);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(span).toEqual({ from: 0, to: 0, text: 'import os\n' });
  });
});
