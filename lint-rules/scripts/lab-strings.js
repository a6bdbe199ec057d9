'use strict';
/**
 * The lab extension's own translatable strings: every call of JupyterLab's translator in
 * `src/` (`trans.__`, `trans._n`, `tr.__`, `_p`, `_np`, whatever the bundle is named), one
 * `PotEntry` (of lib/messages/pot) per call: `potEntries` merges them with the library's
 * (one owner of merging), and write-pot.js puts them into nbcraft/locale/nbcraft.pot, so a
 * language pack built from it translates the whole lab, not only the lint messages.
 *
 * A text is a literal, maybe in parentheses or under `as`/`satisfies`/`!`. Any other text
 * (`ok ? 'A' : 'B'`, a name, `` `a ${b}` ``) has no msgid a catalogue could hold: it is an
 * error, located, unless the call is in one of LIBRARY_TEMPLATE_SITES, the functions that
 * translate a library template the catalogue holds already. A translator method used other
 * than as a call's callee (`const { __ } = trans`, `const g = trans.__`, `trans.__.bind(t)`,
 * `trans.__.call(t, 'x')`) or by element access (`trans['__'](...)`, `trans[m](...)`) is an
 * error too: its texts could not be found. The gettext names (`trans.gettext`, `ngettext`,
 * `pgettext`, `npgettext`, `dcnpgettext`) are read like `__`, `_n`, `_p`, `_np`.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

/**
 * the translator's methods (JupyterLab's TranslationBundle, gettext names included), and
 * which argument holds the context, the text and the plural
 */
const METHODS = {
  __: { msgid: 0 },
  _n: { msgid: 0, plural: 1 },
  _p: { context: 0, msgid: 1 },
  _np: { context: 0, msgid: 1, plural: 2 },
  gettext: { msgid: 0 },
  ngettext: { msgid: 0, plural: 1 },
  pgettext: { context: 0, msgid: 1 },
  npgettext: { context: 0, msgid: 1, plural: 2 },
  // (domain, msgctxt, msgid, msgid_plural, n)
  dcnpgettext: { context: 1, msgid: 2, plural: 3 }
};

/** A receiver named as src/ names a translation bundle (`trans`, `tr`, `this.trans`, `deps.trans`). */
const BUNDLE = /(^|\.)_?(trans|tr|translator)$/;

/** Parentheses, `as`, `satisfies`, `<T>` or `!` around an expression. */
const isWrapper = node =>
  ts.isParenthesizedExpression(node) ||
  ts.isAsExpression(node) ||
  ts.isSatisfiesExpression(node) ||
  ts.isTypeAssertionExpression(node) ||
  ts.isNonNullExpression(node);

/** `node` is the callee of a call, maybe in parentheses or under `as`/`!`. */
function isCallee(node) {
  let outer = node;
  while (isWrapper(outer.parent)) {
    outer = outer.parent;
  }
  return ts.isCallExpression(outer.parent) && outer.parent.expression === outer;
}

function sourcesOf(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return sourcesOf(full);
      }
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')
        ? [full]
        : [];
    });
}

/**
 * The functions whose translator calls pass a library template by name (the lint and promote
 * catalogue's, already in the template): `<file relative to the repository>#<function>`.
 */
const LIBRARY_TEMPLATE_SITES = new Set([
  'src/lint/messages.ts#translateFinding',
  'src/lint/messages.ts#translateFixLabel',
  'src/promote/reasonText.ts#said'
]);

/** `node` without parentheses, `as`, `satisfies`, `<T>` and `!` around it. */
function unwrapped(node) {
  while (isWrapper(node)) {
    node = node.expression;
  }
  return node;
}

/** A string literal's text, else null. */
function literalText(node) {
  const inner = unwrapped(node);
  return ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)
    ? inner.text
    : null;
}

/** The name of the function declaration, method or named function variable `node` is in. */
function enclosingFunction(node) {
  for (let at = node.parent; at; at = at.parent) {
    if (
      (ts.isFunctionDeclaration(at) || ts.isMethodDeclaration(at)) &&
      at.name
    ) {
      return at.name.getText();
    }
    if (
      ts.isVariableDeclaration(at) &&
      at.initializer &&
      (ts.isArrowFunction(at.initializer) ||
        ts.isFunctionExpression(at.initializer))
    ) {
      return at.name.getText();
    }
  }
  return '';
}

/** JupyterLab's placeholders (%1, %2) a translation must keep. */
function keepNote(msgid) {
  const names = Array.from(new Set(msgid.match(/%\d+/g) ?? []));
  return names.length
    ? [
        `Keep ${names.join(', ')} as written: the lab fills in names, paths or numbers there.`
      ]
    : [];
}

/**
 * The translatable strings of the `.ts`/`.tsx` files under `srcDir`, one entry per call in
 * source order (`potEntries` merges them); references are relative to `repoRoot`. Throws,
 * with file:line, for a text no catalogue could hold (see above).
 */
function labStrings(srcDir, repoRoot) {
  const entries = [];
  for (const file of sourcesOf(srcDir)) {
    const reference = path.relative(repoRoot, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
    );
    const whereIs = node =>
      `${reference}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
    const visit = node => {
      if (
        ts.isBindingElement(node) &&
        Object.hasOwn(METHODS, (node.propertyName ?? node.name).getText(sf))
      ) {
        throw new Error(
          `${whereIs(node)}: a translator method taken off its bundle hides its texts from the catalogue; call it on the bundle (trans.${(node.propertyName ?? node.name).getText(sf)}(...))`
        );
      }
      if (
        ts.isElementAccessExpression(node) &&
        (Object.hasOwn(METHODS, literalText(node.argumentExpression) ?? '') ||
          (literalText(node.argumentExpression) === null &&
            BUNDLE.test(node.expression.getText(sf))))
      ) {
        throw new Error(
          `${whereIs(node)}: a translator method called by element access hides its texts from the catalogue; write trans.__(...)`
        );
      }
      if (
        ts.isPropertyAccessExpression(node) &&
        Object.hasOwn(METHODS, node.name.text) &&
        !isCallee(node)
      ) {
        throw new Error(
          `${whereIs(node)}: a translator method used other than by calling it (${node.getText(sf)} in ${node.parent.getText(sf).slice(0, 60)}) hides its texts from the catalogue; call it on the bundle (trans.${node.name.text}(...))`
        );
      }
      const callee = ts.isCallExpression(node) && unwrapped(node.expression);
      if (
        callee &&
        ts.isPropertyAccessExpression(callee) &&
        Object.hasOwn(METHODS, callee.name.text)
      ) {
        const method = METHODS[callee.name.text];
        const where = whereIs(node);
        const site = `${reference}#${enclosingFunction(node)}`;
        const texts = {};
        for (const part of ['context', 'msgid', 'plural']) {
          const argument = node.arguments[method[part]];
          if (method[part] === undefined || argument === undefined) {
            continue;
          }
          texts[part] = literalText(argument);
          if (texts[part] === null && !LIBRARY_TEMPLATE_SITES.has(site)) {
            throw new Error(
              `${where}: a translator call's ${part === 'msgid' ? 'text' : part} is not a string literal (${argument.getText(sf)}), so no catalogue can hold it; write the literal (the parts as %1, %2), or call it from a function of LIBRARY_TEMPLATE_SITES in lint-rules/scripts/lab-strings.js when it translates a library template`
            );
          }
        }
        if (
          texts.msgid !== null &&
          texts.context !== null &&
          texts.plural !== null
        ) {
          entries.push({
            ...(texts.context !== undefined ? { msgctxt: texts.context } : {}),
            msgid: texts.msgid,
            ...(texts.plural !== undefined
              ? { msgidPlural: texts.plural }
              : {}),
            comments: keepNote(texts.msgid),
            references: [reference]
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return entries;
}

module.exports = { labStrings, LIBRARY_TEMPLATE_SITES };
