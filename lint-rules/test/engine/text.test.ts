/** formatMessage: templates are cut once and filled per finding, as a global regex replace would. */
import { formatMessage } from '../../src/engine/text';
import { allRules } from '../../src/rules';

/** The definition: every placeholder replaced by its value, or kept as written when absent. */
function reference(
  template: string,
  data?: Record<string, string | number>
): string {
  if (!data) {
    return template;
  }
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    key in data ? String(data[key]) : whole
  );
}

describe('formatMessage', () => {
  const templates = [
    'no placeholder',
    '',
    '{{a}}',
    '{{a}}{{b}}',
    'x {{ a }} y {{a}} z {{missing}} w',
    '{{{a}}}',
    '{{a}',
    '{{ a b }} {{}} {{a-b}} {{_x9}}',
    'tail {{b}}',
    '{{constructor}} and {{toString}}'
  ];
  const datas: (Record<string, string | number> | undefined)[] = [
    undefined,
    {},
    { a: 'A', b: 2 },
    { a: '$& $1 {{b}}', b: '' },
    { _x9: 0, b: 'B' },
    { a: 'first' }
  ];

  it('fills every template as the regex definition does, also when it meets a template again', () => {
    for (let round = 0; round < 2; round++) {
      for (const t of templates) {
        for (const d of datas) {
          expect(formatMessage(t, d)).toBe(reference(t, d));
        }
      }
    }
  });

  it("fills every rule message as the regex definition does, with each rule's own keys", () => {
    let filled = 0;
    for (const rule of allRules) {
      const messages: Record<string, string> = rule.meta.messages;
      for (const template of Object.values(messages)) {
        const keys = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map(
          m => m[1]
        );
        const all = Object.fromEntries(keys.map((k, i) => [k, `<${k}:${i}>`]));
        const some = Object.fromEntries(keys.slice(1).map(k => [k, 7]));
        for (const d of [all, some, {}]) {
          expect(formatMessage(template, d)).toBe(reference(template, d));
          filled++;
        }
      }
    }
    expect(filled).toBeGreaterThan(150);
  });
});
