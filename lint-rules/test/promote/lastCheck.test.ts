/**
 * What promote writes parses whatever the notebook is called, and the planner's last check
 * refuses a module or test text that does not parse, so a planner bug never reaches the disk.
 * The texts are compiled by the real Python interpreter.
 */
import { planPromotion } from '../../src/promote';
import { unparsedOutput } from '../../src/promote/plan';
import { compilePython, notebookOf } from './helpers';

describe('generated files parse', () => {
  it.each([
    'q"""x.ipynb',
    'ends with a quote".ipynb',
    'back\\slash """ mixed.ipynb'
  ])('a notebook named %s gives a module and test file that compile', name => {
    const result = planPromotion({
      notebook: notebookOf(['x = 1', 'y = x + 1', 'print(y)'], name),
      cells: [1],
      modulePath: 'src/pkg/steps.py'
    });
    if (!result.ok) throw new Error(JSON.stringify(result.reasons));
    expect(result.testText).toContain('Tests of pkg.steps');
    expect(
      compilePython({ module: result.moduleText, test: result.testText })
    ).toEqual({ module: '', test: '' });
  });

  it('the last check refuses a generated file that does not parse, and says which', () => {
    const result = planPromotion({
      notebook: notebookOf(['x = 1', 'y = x + 1', 'print(y)']),
      cells: [1],
      modulePath: 'src/pkg/steps.py'
    });
    if (!result.ok) throw new Error(JSON.stringify(result.reasons));
    expect(unparsedOutput(result, undefined)).toBeNull();
    const broken = { ...result, testText: '"""a"""b"""\n' };
    const reason = unparsedOutput(broken, undefined);
    expect(reason?.code).toBe('generated-syntax');
    expect(reason?.message).toContain(result.testPath);
    // what CPython says of it too: the third `"""` opens a string the file ends inside
    expect(reason?.message).toMatch(
      /\(line 1: unterminated triple-quoted string literal\)/
    );
    // an existing test file that already did not parse is the user's: not held against promote
    expect(unparsedOutput(broken, 'def broken(:\n')).toBeNull();
    expect(
      unparsedOutput({ ...result, moduleText: 'def f(:\n' }, undefined)?.message
    ).toContain(result.modulePath);
  });
});
