import {
  commentLeavesCodeUnwritten,
  emptyAssignments,
  isSettingPlaceholder,
  leavesCodeUnwritten,
  placeholderTokens,
  withExerciseBlanksFilled
} from '../../../src/rules/support/placeholders';

describe('placeholder tokens (exercise blanks)', () => {
  it.each([
    ['x = <FILL_IN>', 'x = _FILL_IN_'],
    ['f(<FILL-IN>, b=<FILL IN>)', 'f(_FILL_IN_, b=_FILL_IN_)'],
    ['return <YOUR_CODE_HERE>', 'return _YOUR_CODE_HERE_'],
    ['df.<FILL_IN>()', 'df._FILL_IN_()'],
    ['<FILL_IN>.fit(X)', '_FILL_IN_.fit(X)'],
    [
      'trials = SparkTrials(parallelism=#FILL_IN)',
      'trials = SparkTrials(parallelism=_FILL_IN)'
    ],
    ['space = # FILL_IN', 'space = __FILL_IN']
  ])('%s reads as %s (same length, positions kept)', (text, filled) => {
    expect(withExerciseBlanksFilled(text)).toBe(filled);
    expect(filled).toHaveLength(text.length);
  });

  it.each([
    'a <b> c', // a comparison chain
    'x <FILL_IN>',
    'print("<div>")',
    'x = y',
    'x = <1>',
    'x = < FILL_IN >',
    'x = 1  # FILL_IN later',
    'f(a)  # fill_in',
    '# FILL_IN the blanks below\nx = 1',
    // angle brackets that are no exercise's vocabulary: HTML, a type, a repr, a lambda's or
    // del's target (the review's repros of s13-prec, all SyntaxErrors in CPython)
    'x = 1 + <b>',
    '<html>',
    'x = <root>',
    'x = {{ <value> }}',
    'x = foo(<T>)',
    'def f() -> <T>: pass',
    'f = lambda <x>: 1',
    'del <x>',
    'x = not <y>',
    'print(<built-in function len>)',
    'fig = <Figure size 640x480 with 1 Axes>'
  ])('%s holds no placeholder token', text => {
    expect(placeholderTokens(text)).toEqual([]);
    expect(withExerciseBlanksFilled(text)).toBeNull();
  });

  it('fills an empty assignment only in a cell that says it is an exercise', () => {
    expect(withExerciseBlanksFilled('x = # TODO: your code')).toBe(
      'x   # TODO: your code'
    );
    expect(
      withExerciseBlanksFilled('# Replace with your bucket\nd["k"] =\ny: int =')
    ).toBe('# Replace with your bucket\nd["k"]  \ny: int  ');
    // a comment token followed by words is a comment: the empty assignment is the blank
    expect(placeholderTokens('x = # FILL_IN with your code')).toEqual([]);
    expect(withExerciseBlanksFilled('x = # FILL_IN with your code')).toBe(
      'x   # FILL_IN with your code'
    );
    expect(emptyAssignments('x =\ny = 1')).toEqual([]);
    expect(emptyAssignments('# TODO\nx == \nf(a=1)')).toEqual([]);
  });

  it.each([
    // the comment is about something else, or not on the blank's line or the block above it
    'x = # your data loaded below\nprint(1)',
    '# load your data\ndf = \nprint(df)',
    'url = "https://example.org/docs#your-account"\ndf =\nprint(df)',
    'df =  # fill in later',
    '# TODO: your code here\nx = 1\ny =',
    '# TODO: handle nulls\ndf ='
  ])('%s has no exercise blank', text => {
    expect(emptyAssignments(text)).toEqual([]);
  });

  it('reads a long line in one pass (the result; the time is in bench/)', () => {
    const n = 100_000;
    expect(emptyAssignments('x =\n' + '#'.repeat(n))).toEqual([]);
    expect(
      emptyAssignments('x = # your code\na:' + ' '.repeat(n) + 'b')
    ).toEqual([2]);
    expect(
      emptyAssignments('x = # your code\na:' + '\t '.repeat(n / 2) + 'b c')
    ).toEqual([2]);
  });
});

describe('setting placeholders (a value left for the reader, NB102)', () => {
  it.each([
    '"<workspacename>"',
    "'<subscription-id>'",
    'f"abfss://<your-workspace>@onelake.dfs.fabric.microsoft.com"',
    '"""<resource_group>"""'
  ])('%s is a placeholder', literal => {
    expect(isSettingPlaceholder(literal)).toBe(true);
  });

  it.each([
    '"<b>"',
    '"<div>text</div>"',
    '"SELECT * FROM t WHERE a<limit AND b>0"',
    '"plain value"',
    // an exercise blank's word in a string is a value the cell runs with, not a name to fill in
    '"abc <FILL_IN> def"'
  ])('%s is not', literal => {
    expect(isSettingPlaceholder(literal)).toBe(false);
  });
});

describe('code left unwritten (what a broken cell may still read, NB205)', () => {
  it.each([
    'x = <FILL_IN>',
    'lr = \nbeta1=',
    'criterion = # TODO define the loss',
    'out = # output of your network'
  ])('%s leaves code to write', text => {
    expect(leavesCodeUnwritten(text)).toBe(true);
  });

  it.each(['print "ready"', 'if x == 1\n    y = 2', 'a <b> c', 'x == '])(
    '%s does not',
    text => {
      expect(leavesCodeUnwritten(text)).toBe(false);
    }
  );
});

describe("a broken cell's comment that marks code left to write (NB205)", () => {
  it.each([
    ['# TODO,', '    "max_depth": '],
    ['#TODO', 'x = '],
    ['# FILL_IN)', 'fit('],
    ['# your code here', 'model = ???  '],
    ['# TODO 3: build the model', '']
  ])('%s after %j marks a blank', (comment, before) => {
    expect(commentLeavesCodeUnwritten(comment, before)).toBe(true);
  });

  it.each([
    ['# TODO: handle flags', 'for x in xs:  '],
    ['# TODO', '    print x  '],
    ['# re-run this cell', ''],
    ['# fill in later', 'x = ']
  ])('%s after %j does not', (comment, before) => {
    expect(commentLeavesCodeUnwritten(comment, before)).toBe(false);
  });
});
