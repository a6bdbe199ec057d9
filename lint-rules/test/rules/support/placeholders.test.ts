import {
  placeholderTokens,
  withPlaceholdersAsNames
} from '../../../src/rules/support/placeholders';

describe('placeholder tokens (exercise blanks)', () => {
  it.each([
    ['x = <FILL_IN>', 'x = _FILL_IN_'],
    ['f(<FILL-IN>, b=<FILL IN>)', 'f(_FILL_IN_, b=_FILL_IN_)'],
    ['return <YOUR_CODE_HERE>', 'return _YOUR_CODE_HERE_'],
    ['df.<FILL_IN>()', 'df._FILL_IN_()'],
    ['<FILL_IN>.fit(X)', '_FILL_IN_.fit(X)']
  ])('%s reads as %s (same length, positions kept)', (text, filled) => {
    expect(withPlaceholdersAsNames(text)).toBe(filled);
    expect(filled).toHaveLength(text.length);
  });

  it.each([
    'a <b> c', // a comparison chain
    'x <FILL_IN>',
    'print("<div>")',
    'x = y',
    'x = <1>',
    'x = < FILL_IN >'
  ])('%s holds no placeholder token', text => {
    expect(placeholderTokens(text)).toEqual([]);
    expect(withPlaceholdersAsNames(text)).toBeNull();
  });
});
