/** isKeyColumn: one definition of "a column that identifies a row", read by NB606 and NB109. */
import { isKeyColumn } from '../../../src/rules/support/columns';
import { saysUnnegated } from '../../../src/rules/support/syntax';

describe('isKeyColumn', () => {
  it.each([
    'id',
    'user_id',
    'ModelUuid',
    'request_key',
    'filename',
    'file_name',
    'email',
    'run_uid'
  ])('%s identifies a row', column => {
    expect(isKeyColumn(column)).toBe(true);
  });
  it.each(['country', 'paid', 'idx', 'valid', 'keys', 'amount', 'hide'])(
    '%s does not',
    column => {
      expect(isKeyColumn(column)).toBe(false);
    }
  );
});

describe('saysUnnegated', () => {
  const SKIP = /\bskip this cell\b/i;
  it('finds the words', () => {
    expect(saysUnnegated('# Record results - skip this cell', SKIP)).toBe(true);
  });
  it.each([
    '# Do not skip this cell',
    "# don't skip this cell",
    '# never skip this cell',
    '# no, skip this cell'
  ])('a negation before them turns them around: %s', text => {
    expect(saysUnnegated(text, SKIP)).toBe(false);
  });
  it('a negation after them does not', () => {
    expect(saysUnnegated('# skip this cell if not on GPU', SKIP)).toBe(true);
  });
});
