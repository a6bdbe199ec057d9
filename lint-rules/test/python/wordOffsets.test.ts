import { WordOffsets } from '../../src/python/wordOffsets';

describe('WordOffsets', () => {
  it('answers within(from, to) as a slice and includes would, for every range', () => {
    // the scope pass skips the generator-argument search when this says no: a wrong "no" would
    // read `f(x for x in y)` as a call with a free `x`
    const texts = [
      'f(x for x in y)',
      'async def g(): return [a async for a in b]',
      'forfor asyncasync for',
      'g(fo r, asy nc) + fo',
      '',
      'fo',
      'transform(before, platform) for for'
    ];
    for (const text of texts) {
      const words = new WordOffsets(text, ['for', 'async']);
      for (let from = 0; from <= text.length; from++)
        for (let to = from; to <= text.length; to++) {
          const slice = text.slice(from, to);
          const expected = slice.includes('for') || slice.includes('async');
          if (words.within(from, to) !== expected)
            throw new Error(
              `${JSON.stringify(text)} ${from}..${to}: expected ${expected}`
            );
        }
    }
  });
});
