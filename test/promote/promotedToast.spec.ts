/**
 * The toast after a promotion offers "Undo Promote": it stays until the user closes it, as
 * a notice to act on (the first-hour walk saw it close in about 15 s, the Undo with it).
 */
import { english } from '../../src/core/translatable';
import { promotedToast } from '../../src/promote/undoPromote';

describe('the promoted toast', () => {
  it('stays until closed, with its Undo Promote action', () => {
    let undone = 0;
    const toast = promotedToast(
      { moduleName: 'features', functionName: 'train' },
      ['src/pkg/features.py', 'tests/test_features.py'],
      english,
      () => {
        undone += 1;
      }
    );
    expect(toast.message).toBe(
      'Promoted to features.train: wrote src/pkg/features.py, tests/test_features.py'
    );
    expect(toast.options.autoClose).toBe(false);
    expect(toast.options.actions.map(a => a.label)).toEqual(['Undo Promote']);
    toast.options.actions[0].callback();
    expect(undone).toBe(1);
  });

  it('says when the files were already up to date', () => {
    const toast = promotedToast(
      { moduleName: 'features', functionName: 'train' },
      [],
      english,
      () => undefined
    );
    expect(toast.message).toBe(
      'Promoted to features.train (the files were already up to date)'
    );
    expect(toast.options.autoClose).toBe(false);
  });
});
