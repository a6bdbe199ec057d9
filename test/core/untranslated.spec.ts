/**
 * Every user-visible string in `src/` goes through JupyterLab's translator (`trans.__`,
 * `trans._n`, `trans._p`), so a language pack can translate the whole UI. This reads the
 * TypeScript sources and lists English text where the user sees it and no translator call
 * wraps it:
 * - JSX text, and the JSX attributes a user or a screen reader meets (`aria-label`, `title`,
 *   `placeholder`, `alt`, `label`);
 * - the fields of objects that become visible text: command `label`/`caption`, a widget's
 *   `title`, a refusal's `message` and `hint`, a dialog's `body`;
 * - assignments to `textContent`, `title`, `label`, `caption`, `placeholder`, and
 *   `setAttribute('aria-label' | 'title', ...)`;
 * - notifications (`Notification.*`, `showErrorMessage`);
 * - errors made in `src/` (`new Error(...)`, `new NbcraftApiError(...)`, ...): the lab shows
 *   what it catches, so its own errors carry a translatable message (`TranslatableError`, or a
 *   `Say` for NbcraftApiError) that the place showing them says through `errorText`;
 * - the `error` and `problem` fields of results a view shows (a parameters cell that does not
 *   parse, a broken project config).
 * A name bound to a string in the same file (`const SOURCE = 'Settings > ...'`) counts as that
 * string.
 * Text is English when it holds a word of two letters or more; CSS class names, ids and
 * command ids are not (they hold no space and contain `-`, `:` or `.`).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const srcDir = path.resolve(__dirname, '../../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sources(full);
    }
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')
      ? [full]
      : [];
  });
}

const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label'
]);
const VISIBLE_FIELDS = new Set([
  'label',
  'caption',
  'title',
  'message',
  'hint',
  'body',
  'placeholder',
  'error',
  'problem'
]);
const VISIBLE_PROPERTIES = new Set([
  'textContent',
  'innerText',
  'title',
  'label',
  'caption',
  'placeholder',
  'ariaLabel'
]);
const TRANSLATOR_CALL = /(^|\.)(__|_n|_p|_np)$/;

/** The literal text of a string or template (with `${}` for what is filled in), else null. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  if (ts.isTemplateExpression(node)) {
    return (
      node.head.text +
      node.templateSpans.map(span => '${}' + span.literal.text).join('')
    );
  }
  return null;
}

/** English a user reads: a word, not an identifier, class name, id or path. */
function isProse(text: string): boolean {
  const trimmed = text.trim();
  if (!/[A-Za-z]{2,}/.test(trimmed)) {
    return false;
  }
  return /\s/.test(trimmed) || !/[-:./_#]/.test(trimmed);
}

/** A file's names bound to a string (`const X = '...'`), to check where the name is used. */
type Constants = ReadonlyMap<string, ts.Node>;

function constantsOf(sf: ts.SourceFile): Constants {
  const found = new Map<string, ts.Node>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      literalText(node.initializer) !== null &&
      ts.isVariableDeclarationList(node.parent) &&
      node.parent.flags & ts.NodeFlags.Const
    ) {
      found.set(node.name.text, node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The literal strings an expression may evaluate to (through `a ? b : c`, `a ?? b`, `a || b`). */
function literalsOf(node: ts.Expression, constants: Constants): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) {
    return literalsOf(node.expression, constants);
  }
  if (ts.isIdentifier(node)) {
    const bound = constants.get(node.text);
    return bound ? [bound] : [];
  }
  if (ts.isConditionalExpression(node)) {
    return [
      ...literalsOf(node.whenTrue, constants),
      ...literalsOf(node.whenFalse, constants)
    ];
  }
  if (
    ts.isBinaryExpression(node) &&
    [
      ts.SyntaxKind.QuestionQuestionToken,
      ts.SyntaxKind.BarBarToken,
      ts.SyntaxKind.PlusToken
    ].includes(node.operatorToken.kind)
  ) {
    return [
      ...literalsOf(node.left, constants),
      ...literalsOf(node.right, constants)
    ];
  }
  return literalText(node) === null ? [] : [node];
}

function nameOf(node: ts.PropertyName | ts.Expression): string {
  if (ts.isIdentifier(node) || ts.isStringLiteral(node)) {
    return node.text;
  }
  if (ts.isPropertyAccessExpression(node)) {
    return node.name.text;
  }
  return '';
}

export function untranslated(file: string, text: string): string[] {
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  );
  const found: string[] = [];
  const constants = constantsOf(sf);
  const report = (node: ts.Node, what: string) => {
    const value = ts.isJsxText(node) ? node.text.trim() : literalText(node);
    if (value === null || !isProse(value)) {
      return;
    }
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    found.push(
      `${path.relative(srcDir, file)}:${line + 1} ${what}: ${JSON.stringify(value)}`
    );
  };
  const check = (expr: ts.Expression | undefined, what: string) => {
    if (expr) {
      for (const literal of literalsOf(expr, constants)) {
        report(literal, what);
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(sf);
      if (TRANSLATOR_CALL.test(callee)) {
        return; // its arguments are the translator's
      }
      if (/^Notification\.\w+$|(^|\.)showErrorMessage$/.test(callee)) {
        check(node.arguments[0], callee);
        if (callee.endsWith('showErrorMessage')) {
          check(node.arguments[1], callee);
        }
      }
      if (
        /(^|\.)setAttribute$/.test(callee) &&
        node.arguments.length === 2 &&
        ts.isStringLiteral(node.arguments[0]) &&
        VISIBLE_ATTRIBUTES.has(node.arguments[0].text)
      ) {
        check(node.arguments[1], `setAttribute ${node.arguments[0].text}`);
      }
    } else if (
      ts.isNewExpression(node) &&
      node.expression.getText(sf).endsWith('Error')
    ) {
      const name = node.expression.getText(sf);
      // NbcraftApiError(message, status, hint, reason, ...): the reason is a code, not text
      const shown =
        name === 'NbcraftApiError'
          ? [0, 2].map(i => node.arguments?.[i])
          : [...(node.arguments ?? [])];
      for (const arg of shown) {
        if (arg) {
          check(arg, `new ${name}`);
        }
      }
    } else if (ts.isJsxText(node)) {
      report(node, 'JSX text');
    } else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sf);
      if (VISIBLE_ATTRIBUTES.has(name) && node.initializer) {
        const init = node.initializer;
        if (ts.isStringLiteral(init)) {
          report(init, name);
        } else if (ts.isJsxExpression(init)) {
          check(init.expression, name);
        }
      }
    } else if (ts.isJsxExpression(node) && ts.isJsxElement(node.parent)) {
      check(node.expression, 'JSX text');
    } else if (ts.isPropertyAssignment(node)) {
      const name = nameOf(node.name);
      if (VISIBLE_FIELDS.has(name)) {
        check(node.initializer, `field ${name}`);
      }
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      VISIBLE_PROPERTIES.has(node.left.name.text)
    ) {
      check(node.right, `.${node.left.name.text} =`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('user-visible strings in src/', () => {
  it('are all passed through the translator', () => {
    const files = sources(srcDir);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap(file =>
      untranslated(file, fs.readFileSync(file, 'utf-8'))
    );
    expect(found).toEqual([]);
  });
});

describe('the promote texts the lab shows from @nbcraft/lint-rules', () => {
  // Refusals and preview warnings are made in the library (no translator there): their
  // `message` and `hint` come from the templates of promote/texts.ts, which carry the ids the
  // dialog translates (`refusalTexts`, `warningText`), never from English written in place.
  it('are made from the translatable templates', () => {
    const promoteDir = path.resolve(__dirname, '../../lint-rules/src/promote');
    const files = sources(promoteDir).filter(
      file => path.basename(file) !== 'texts.ts'
    );
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap(file =>
      untranslated(file, fs.readFileSync(file, 'utf-8')).filter(line =>
        /field (message|hint):/.test(line)
      )
    );
    expect(found).toEqual([]);
  });
});

describe('the untranslated-string check', () => {
  const file = path.join(srcDir, 'x/example.tsx');
  const found = (code: string) =>
    untranslated(file, code).map(line =>
      line.replace(/^x\/example\.tsx:\d+ /, '')
    );

  it('finds English in JSX text, visible attributes, fields, assignments and notifications', () => {
    expect(
      found(`
        const a = <button title="Refresh the jobs" aria-label={busy ? 'Busy now' : trans.__('Idle')}>Run it</button>;
        const b = { label: 'Show Jobs', hint: \`give a path, e.g. \${x}\` };
        node.textContent = 'No runs';
        node.setAttribute('aria-label', 'Lint status');
        Notification.error('Cannot read ' + path);
        const c = <dd>{value ?? 'local'}</dd>;
      `)
    ).toEqual([
      'title: "Refresh the jobs"',
      'aria-label: "Busy now"',
      'JSX text: "Run it"',
      'field label: "Show Jobs"',
      'field hint: "give a path, e.g. ${}"',
      '.textContent =: "No runs"',
      'setAttribute aria-label: "Lint status"',
      'Notification.error: "Cannot read "',
      'JSX text: "local"'
    ]);
  });

  it('finds English in errors made in src/, in result fields a view shows, and in constants', () => {
    expect(
      found(`
        const SOURCE = 'Settings > nbcraft lint > rules';
        throw new Error('no cells to replace');
        throw new NbcraftApiError(\`The artifact path \${p} leaves the run.\`, 400);
        throw new ConfigError(SOURCE, key, message);
        const cell = { parameters: [], error: 'the parameters cell is not Python' };
        const project = { root, problem: \`\${file}: expected a JSON object\` };
      `)
    ).toEqual([
      'new Error: "no cells to replace"',
      'new NbcraftApiError: "The artifact path ${} leaves the run."',
      'new ConfigError: "Settings > nbcraft lint > rules"',
      'field error: "the parameters cell is not Python"',
      'field problem: "${}: expected a JSON object"'
    ]);
    expect(
      found(`
        const SOURCE = \`\${LINT_PLUGIN_ID}#rules\`;
        throw new ConfigError(SOURCE, key, message);
        throw new TranslatableError(tr => tr.__('There are no cells to replace.'));
        throw new NbcraftApiError(tr => tr.__('The file is too large to preview here.'), 413);
        throw new Error(String(error));
      `)
    ).toEqual([]);
  });

  it('leaves translated text, class names, ids and numbers alone', () => {
    expect(
      found(`
        const a = <div className="jp-nbcraft-jobs-list" title={trans.__('Jobs')}>{trans._n('%1 run', '%1 runs', n)}</div>;
        const b = { label: trans.__('Show Jobs'), title: 'nbcraft:jobs-open', caption: '' };
        node.setAttribute('aria-label', trans.__('Lint status'));
        node.textContent = '42';
      `)
    ).toEqual([]);
  });
});
