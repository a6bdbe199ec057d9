/**
 * resolveConfig parses with zod's interpreted path (`{ jitless: true }`, see INTERPRETED in
 * src/config/resolve.ts) instead of the parsers zod compiles with `new Function`. Both must give
 * the same data (key order included) and the same first issue, which the config errors quote:
 * compared here over the config schema and every rule's options schema.
 */
import type { z } from 'zod';
import { nbcraftConfigSchema } from '../../src/config';
import { allRules } from '../../src/rules';

function both(schema: z.ZodType, input: unknown): [string, string] {
  const show = (r: ReturnType<z.ZodType['safeParse']>) =>
    JSON.stringify(
      r.success
        ? { data: r.data }
        : {
            issues: r.error.issues.map(i => ({
              ...i,
              // a function or symbol input is not JSON: name its type
              input: typeof i.input
            }))
          }
    );
  // compiled first (zod's default), then the interpreted path on the same schema
  const compiled = show(schema.safeParse(input));
  const interpreted = show(schema.safeParse(input, { jitless: true }));
  return [compiled, interpreted];
}

const CONFIGS: unknown[] = [
  {},
  { extends: 'strict' },
  { extends: 'none', rules: { NB101: 'error' } },
  { extends: 'bogus' },
  { rules: { NB101: ['warn', { a: 1 }], NB102: ['off'] } },
  { rules: { NB101: ['warn', 1] } },
  { rules: 'all' },
  { ignore: ['**/scratch/**'], perFileIgnores: { 'a/*': ['NB101'] } },
  { ignore: [1] },
  { rulez: {}, other: 1 },
  { $schema: './schema.json', promote: { moduleDir: 'src', extra: true } },
  { tracking: { uri: 3 } },
  {
    compute: {
      targets: [
        { name: 'sc', kind: 'spark-connect', url: 'sc://h:1' },
        { name: 'x', kind: 'gateway' },
        { name: 'y', kind: 'unknown' }
      ]
    }
  },
  { compute: {} },
  [],
  null,
  'strict'
];

describe('zod interpreted vs compiled parsing', () => {
  it.each(CONFIGS.map(c => [JSON.stringify(c), c]))('config %s', (_, input) => {
    const [compiled, interpreted] = both(nbcraftConfigSchema, input);
    expect(interpreted).toBe(compiled);
  });

  const withOptions = allRules.filter(r => r.meta.options);
  it('some rules have options to compare', () => {
    expect(withOptions.length).toBeGreaterThan(5);
  });

  it.each(withOptions.map(r => [r.meta.id, r]))('options of %s', (_, rule) => {
    const schema = rule.meta.options!.strict();
    const inputs: unknown[] = [{}, { notAnOption: 1 }, [], 'x'];
    for (const key of Object.keys(rule.meta.options!.shape)) {
      for (const value of ['x', 12345, -1, 1.5, true, [], ['a'], {}, null]) {
        inputs.push({ [key]: value });
      }
    }
    for (const input of inputs) {
      const [compiled, interpreted] = both(schema, input);
      expect(interpreted).toBe(compiled);
    }
  });
});
