import { stableSort } from '../../src/python/names';

describe('stableSort', () => {
  it.each([0, 1, 2, 5, 32, 33, 200])(
    'orders %i items as the built-in stable sort does, equal keys kept in their order',
    n => {
      // keys with many ties; `i` records the original order
      const items = Array.from({ length: n }, (_, i) => ({
        key: (i * 7919) % 5,
        i
      }));
      const expected = items.slice().sort((a, b) => a.key - b.key);
      stableSort(items, (a, b) => a.key - b.key);
      expect(items).toEqual(expected);
      for (let k = 1; k < items.length; k++)
        if (items[k - 1].key === items[k].key)
          expect(items[k - 1].i).toBeLessThan(items[k].i);
    }
  );
});
