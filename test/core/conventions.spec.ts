/**
 * nbcraft follows JupyterLab's conventions where a user notices them: settings text in
 * nbcraft's own translation domain, the side panels in the View menu beside JupyterLab's,
 * the promote shortcut in command mode only, status items as JupyterLab's `TextItem`s that
 * take the focus, and counted strings in the plural the count asks for.
 */
import { nullTranslator } from '@jupyterlab/translation';
import * as fs from 'fs';
import * as path from 'path';

import { STATUS_TEXT_CLASS } from '../../src/core/statusText';
import { emptyReport } from '../../src/lint/lintReport';
import { LintStatusItem } from '../../src/lint/lintStatus';

const schemaDir = path.resolve(__dirname, '../../schema');
const schemas = fs
  .readdirSync(schemaDir)
  .filter(name => name.endsWith('.json'))
  .map(name => ({
    name,
    schema: JSON.parse(
      fs.readFileSync(path.join(schemaDir, name), 'utf-8')
    ) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  }));

/** Each TypeScript file of `src/`, by its path there, with its text. */
function srcFiles(): { file: string; text: string }[] {
  const srcDir = path.resolve(__dirname, '../../src');
  return fs
    .readdirSync(srcDir, { recursive: true, encoding: 'utf-8' })
    .filter(name => /\.tsx?$/.test(name))
    .map(file => ({
      file,
      text: fs.readFileSync(path.join(srcDir, file), 'utf-8')
    }));
}

/** The rank of a command in the main View menu, from every schema. */
function viewMenuRank(command: string): number | undefined {
  for (const { schema } of schemas) {
    for (const menu of schema['jupyter.lab.menus']?.main ?? []) {
      if (menu.id !== 'jp-mainmenu-view') {
        continue;
      }
      const item = (menu.items ?? []).find(
        (i: { command?: string }) => i.command === command
      );
      if (item) {
        return item.rank as number;
      }
    }
  }
  return undefined;
}

describe('settings schemas', () => {
  it('all declare the nbcraft translation domain for their titles and descriptions', () => {
    expect(schemas.length).toBeGreaterThanOrEqual(5);
    for (const { name, schema } of schemas) {
      const i18n = schema['jupyter.lab.internationalization'];
      expect([name, i18n?.domain]).toEqual([name, 'nbcraft']);
      expect(i18n.selectors).toEqual(
        expect.arrayContaining([
          'title',
          'description',
          'properties/.*/title',
          'properties/.*/description'
        ])
      );
    }
  });

  it('title every plugin in one style: "nbcraft: " and a title-case name, as the Settings Editor lists them', () => {
    // JupyterLab's own plugins are titled in title case ("Code Console", "Table of Contents");
    // the prefix keeps nbcraft's together in the Settings Editor, sorted by title.
    const small = new Set([
      'a',
      'an',
      'and',
      'as',
      'at',
      'for',
      'in',
      'of',
      'on',
      'or',
      'the',
      'to'
    ]);
    for (const { name, schema } of schemas) {
      const title = String(schema.title);
      const match = /^nbcraft: (.+)$/.exec(title);
      expect([name, title, match !== null]).toEqual([name, title, true]);
      const words = match![1].split(' ');
      const lower = words.filter(
        (word, i) => !/^[A-Z]/.test(word) && (i === 0 || !small.has(word))
      );
      expect([name, title, lower]).toEqual([name, title, []]);
      // the icon's label says the same, and the description is a sentence
      expect([name, schema['jupyter.lab.setting-icon-label']]).toEqual([
        name,
        title
      ]);
      expect([name, /^[A-Z"].*\.$/s.test(String(schema.description))]).toEqual([
        name,
        true
      ]);
    }
  });

  it('put the runs and jobs panels in the View menu beside the table of contents', () => {
    // JupyterLab's own: file browser 1, property inspector 2, running 3, table of contents 4,
    // debugger 5 (their schemas' ranks).
    for (const command of ['nbcraft:tracking-open', 'nbcraft:jobs-open']) {
      const rank = viewMenuRank(command);
      expect([command, rank !== undefined && rank > 4 && rank < 5]).toEqual([
        command,
        true
      ]);
    }
    expect(viewMenuRank('nbcraft:lint-open-panel')).toBeDefined();
  });
});

describe('the promote shortcut (Accel Alt M)', () => {
  const promote = schemas.find(s => s.name === 'promote.json')!.schema;
  const binding = promote['jupyter.lab.shortcuts'].find(
    (s: { command: string }) => s.command === 'nbcraft:promote'
  );

  /** A notebook as JupyterLab marks it in each mode, with the focus where it would be. */
  function notebook(mode: 'command' | 'edit', focusIn: 'cell' | 'editor') {
    document.body.innerHTML = `
      <div class="jp-Notebook jp-mod-${mode}Mode">
        <div class="jp-Cell" tabindex="-1">
          <div class="cm-content" contenteditable="true" tabindex="0"></div>
        </div>
      </div>`;
    const nb = document.querySelector<HTMLElement>('.jp-Notebook')!;
    if (focusIn === 'editor') {
      // JupyterLab marks a notebook whose focus is in a text field as read-write.
      nb.classList.add('jp-mod-readWrite');
    }
    const target = document.querySelector<HTMLElement>(
      focusIn === 'cell' ? '.jp-Cell' : '.cm-content'
    )!;
    target.focus();
    expect(document.activeElement).toBe(target);
    return target;
  }

  it('is bound to Accel Alt M', () => {
    expect(binding.keys).toEqual(['Accel Alt M']);
  });

  it('acts on a notebook in command mode', () => {
    expect(notebook('command', 'cell').matches(binding.selector)).toBe(true);
  });

  it('leaves the keys to the editor while typing (AltGr+M types a character)', () => {
    expect(notebook('edit', 'editor').matches(binding.selector)).toBe(false);
    expect(notebook('command', 'editor').matches(binding.selector)).toBe(false);
  });
});

describe('the lint status item', () => {
  const trans = nullTranslator.load('nbcraft');

  it('is a TextItem that takes the focus, and Enter or Space opens the panel', () => {
    let opened = 0;
    const item = new LintStatusItem(trans, () => opened++);
    expect(item.node.classList).toContain(STATUS_TEXT_CLASS);
    expect(item.node.getAttribute('role')).toBe('button');
    expect(item.node.tabIndex).toBe(0);
    item.node.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    item.node.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
    item.node.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    expect(opened).toBe(2);
    item.dispose();
  });

  it('says the counts in the plural each count asks for', () => {
    const item = new LintStatusItem(trans, () => undefined);
    const report = {
      ...emptyReport('a.ipynb', [{ kind: 'config', message: 'broken' }]),
      counts: { error: 1, warning: 2 }
    };
    item.showReport(report);
    expect(item.node.getAttribute('aria-label')).toBe(
      'nbcraft lint, 1 error, 2 warnings, 1 notice'
    );
    item.showReport({
      ...report,
      notices: [],
      counts: { error: 0, warning: 1 }
    });
    expect(item.node.getAttribute('aria-label')).toBe(
      'nbcraft lint, 0 errors, 1 warning'
    );
    item.dispose();
  });
});

describe('toolbar buttons and commands', () => {
  it('every command button in a toolbar shows a label (JupyterLab shows only the icon of a command that has one, unless the item names a label)', () => {
    const items: { schema: string; name: string; label?: string }[] = [];
    for (const { name, schema } of schemas) {
      const toolbars = (schema['jupyter.lab.toolbars'] ?? {}) as Record<
        string,
        { name: string; command?: string; type?: string; label?: string }[]
      >;
      for (const list of Object.values(toolbars)) {
        for (const item of list) {
          if (item.command !== undefined || item.type === 'command') {
            items.push({ schema: name, name: item.name, label: item.label });
          }
        }
      }
      if (Object.keys(toolbars).length) {
        // the label is translated in nbcraft's domain
        expect([
          name,
          schema['jupyter.lab.internationalization'].selectors
        ]).toEqual([
          name,
          expect.arrayContaining(['jupyter\\.lab\\.toolbars/.*/label'])
        ]);
      }
    }
    expect(items.map(i => i.name)).toContain('nbcraft-run-job');
    for (const item of items) {
      expect([item.schema, item.name, item.label?.trim()]).toEqual([
        item.schema,
        item.name,
        expect.stringMatching(/\w/)
      ]);
    }
  });

  it('every command has a translated label and caption (palette, menus, tooltips)', () => {
    const commands: string[] = [];
    for (const { file, text } of srcFiles()) {
      for (const match of text.matchAll(/addCommand\(/g)) {
        // the call's arguments, to its closing parenthesis
        let depth = 1;
        let end = match.index + match[0].length;
        while (depth > 0 && end < text.length) {
          depth += text[end] === '(' ? 1 : text[end] === ')' ? -1 : 0;
          end++;
        }
        const call = text.slice(match.index, end);
        const id = call.slice('addCommand('.length).split(',')[0].trim();
        commands.push(id);
        for (const key of ['label', 'caption']) {
          expect([
            file,
            id,
            key,
            new RegExp(`${key}:[^,]*trans\\._`).test(call.replace(/\s+/g, ' '))
          ]).toEqual([file, id, key, true]);
        }
      }
    }
    expect(commands.length).toBeGreaterThanOrEqual(10);
  });
});

/**
 * The underscore members a text reaches, however it reaches them: `this._x`, `super._x`,
 * `(dialog as any)._x`, `dialog._x`, `dialog?._x`, `dialog['_x']`.
 */
function underscoreMembers(text: string): string[] {
  return [
    ...text.matchAll(
      /(?:\?\.|\.)\s*(_[A-Za-z]\w*)|\[\s*(['"`])(_[A-Za-z]\w*)\2\s*\]/g
    )
  ].map(m => (m[1] as string | undefined) ?? m[3]);
}

/** TranslationBundle's public gettext methods (`trans._n`, `_p`, `_np`): no internals. */
const GETTEXT = new Set(['_n', '_p', '_np']);

describe('underscoreMembers', () => {
  it('finds a member reached through this, super, a cast, any object or a bracket', () => {
    expect(
      underscoreMembers(
        [
          'this._a; super._b();',
          '(dialog as any)._checkValidation();',
          'dialog[\'_c\']; dialog["_d"]; widget?._e; x . _f',
          'const _g = 1; 1._h; a.b_c; a.__proto__'
        ].join('\n')
      )
    ).toEqual(['_a', '_b', '_checkValidation', '_c', '_d', '_e', '_f', '_h']);
  });
});

describe("JupyterLab's and Lumino's internals", () => {
  it('no file calls an inherited underscore member (protected internals such as Dialog._checkValidation break on a minor release)', () => {
    const inherited: string[] = [];
    let own = 0;
    for (const { file, text } of srcFiles()) {
      const used = new Set(
        underscoreMembers(text).filter(name => !GETTEXT.has(name))
      );
      for (const name of used) {
        // declared in this file as a member of one of its classes: its own, not a base's
        const declared = new RegExp(
          `^\\s*(?:(?:private|protected|public|readonly|static|async|override|get|set)\\s+)*${name}\\b`,
          'm'
        );
        if (declared.test(text)) {
          own++;
        } else {
          inherited.push(`${file}: ${name}`);
        }
      }
    }
    expect(own).toBeGreaterThanOrEqual(20); // the scan sees the classes' own members
    expect(inherited).toEqual([]);
  });
});
