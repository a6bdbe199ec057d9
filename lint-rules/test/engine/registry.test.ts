/** Guard tests: every rule is registered, documented (5 sections), tested, and uniquely named. */
import { readdirSync, readFileSync, existsSync } from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { allRules, findRule } from '../../src/rules';
import { VERSION } from '../../src/engine';
import { configJsonSchemaText } from '../../src/config';
import { NOQA_CODES } from '../../src/engine/suppressions';

const root = path.join(__dirname, '..', '..');
const ruleFiles = readdirSync(path.join(root, 'src', 'rules'))
  .filter(f => f.endsWith('.ts') && f !== 'index.ts')
  .map(f => f.replace(/\.ts$/, ''));

describe('rule registry', () => {
  it('has at least 35 rules, one per file, in code order', () => {
    expect(allRules.length).toBeGreaterThanOrEqual(35);
    expect(allRules.map(r => r.meta.id).sort()).toEqual([...ruleFiles].sort());
    const codes = allRules.map(r => r.meta.code);
    expect([...codes].sort()).toEqual(codes);
  });

  it('codes and ids are unique and well-formed', () => {
    const codes = new Set(allRules.map(r => r.meta.code));
    const ids = new Set(allRules.map(r => r.meta.id));
    expect(codes.size).toBe(allRules.length);
    expect(ids.size).toBe(allRules.length);
    for (const r of allRules) {
      expect(r.meta.code).toMatch(/^NB[1-6]\d\d$/);
      expect(r.meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(findRule(r.meta.code)).toBe(r);
      expect(findRule(r.meta.id)).toBe(r);
      expect(Object.keys(r.meta.messages).length).toBeGreaterThan(0);
    }
  });

  it('covers every category', () => {
    expect(new Set(allRules.map(r => r.meta.category))).toEqual(
      new Set([
        'reproducibility',
        'code-quality',
        'structure',
        'security',
        'mlflow',
        'databricks'
      ])
    );
  });

  it.each(allRules.map(r => [r.meta.id, r] as const))(
    '%s has a doc with the five sections',
    id => {
      const doc = path.join(root, 'docs', 'rules', `${id}.md`);
      expect(existsSync(doc)).toBe(true);
      const text = readFileSync(doc, 'utf8');
      for (const section of [
        '## What it does',
        '## Why is this bad?',
        '## Example',
        '## Use instead',
        '## Fix safety'
      ]) {
        expect(text).toContain(section);
      }
      // the prose sections hold no source pasted from the rule (a declaration, a doc comment)
      const prose = text
        .slice(text.indexOf('## What it does'), text.indexOf('## Example'))
        .replace(/```[\s\S]*?```/g, '');
      expect(
        prose
          .split('\n')
          .filter(line =>
            /^\s*((export )?(const|let|var|function|import) |\/\*\*|\*\/)|\*\/\s*$/.test(
              line
            )
          )
      ).toEqual([]);
    }
  );

  it.each(allRules.map(r => [r.meta.id, r] as const))(
    '%s has a test table with valid and invalid cases',
    id => {
      const file = path.join(root, 'test', 'rules', `${id}.test.ts`);
      expect(existsSync(file)).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`from '../../src/rules/${id}'`);
      expect(text).toMatch(/valid: \[/);
      expect(text).toMatch(/invalid: \[[\s\S]*errors: \[/);
    }
  );

  it.each(
    allRules.filter(r => r.meta.options).map(r => [r.meta.id, r] as const)
  )('%s options all have a title, a description and a default', (_id, rule) => {
    const schema = z.toJSONSchema(rule.meta.options!, { io: 'input' }) as {
      properties: Record<
        string,
        { title?: string; description?: string; default?: unknown }
      >;
    };
    for (const [name, prop] of Object.entries(schema.properties)) {
      expect([
        name,
        typeof prop.title,
        typeof prop.description,
        'default' in prop
      ]).toEqual([name, 'string', 'string', true]);
    }
  });

  it('docs/rules/README.md lists every rule with a link to its doc', () => {
    const index = readFileSync(
      path.join(root, 'docs', 'rules', 'README.md'),
      'utf8'
    );
    // a markdown table row; prettier pads the cells to the column width
    for (const r of allRules) {
      expect(index).toMatch(
        new RegExp(
          `\\| ${r.meta.code} +\\| \\[${r.meta.id}\\]\\(${r.meta.id}\\.md\\) +\\|`
        )
      );
    }
  });

  it.each(allRules.map(r => [r.meta.id, r] as const))(
    '%s: its doc and the rules index say whether it is in `recommended` as its meta does',
    (id, rule) => {
      const doc = readFileSync(
        path.join(root, 'docs', 'rules', `${id}.md`),
        'utf8'
      );
      expect(doc).toContain(
        rule.meta.recommended
          ? 'in `recommended`: yes'
          : 'in `recommended`: no (on in `strict`)'
      );
      const index = readFileSync(
        path.join(root, 'docs', 'rules', 'README.md'),
        'utf8'
      );
      const row = index
        .split('\n')
        .find(l => l.startsWith(`| ${rule.meta.code} `));
      expect(row?.split('|')[4].trim()).toBe(
        rule.meta.recommended ? 'yes' : 'no'
      );
    }
  );

  it("docs/rules/README.md's `# noqa` table is NOQA_CODES, the table the engine reads", () => {
    const index = readFileSync(
      path.join(root, 'docs', 'rules', 'README.md'),
      'utf8'
    );
    const table = index.slice(index.indexOf('| flake8 / ruff code'));
    const rows = Object.fromEntries(
      [...table.matchAll(/^\| (NB\d{3}) +\| (.*)\|$/gm)].map(m => [
        m[1],
        [...m[2].matchAll(/\b[A-Z]+\d+\b/g)].map(c => c[0])
      ])
    );
    expect(rows).toEqual(NOQA_CODES);
  });

  it.each(allRules.map(r => [r.meta.id, r] as const))(
    "%s: its doc's Suppress section names the `# noqa` codes it honours, and only those",
    (id, rule) => {
      const doc = readFileSync(
        path.join(root, 'docs', 'rules', `${id}.md`),
        'utf8'
      );
      const suppress = doc.slice(doc.indexOf('## Suppress'));
      const codes = NOQA_CODES[rule.meta.code] ?? [];
      expect(
        [...suppress.matchAll(/# noqa: ([A-Z]+\d+)/g)].map(m => m[1])
      ).toEqual(codes);
      expect(suppress.includes('bare `# noqa`')).toBe(codes.length > 0);
    }
  );

  it('VERSION matches package.json', () => {
    expect(VERSION).toBe(
      JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version
    );
  });

  it('schema/nbcraft.schema.json is up to date (run lint-rules/scripts/gen-schema after tsc -b)', () => {
    expect(
      readFileSync(path.join(root, 'schema', 'nbcraft.schema.json'), 'utf8')
    ).toBe(configJsonSchemaText());
  });
});
