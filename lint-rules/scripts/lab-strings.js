'use strict';
/**
 * The lab extension's own translatable strings: every call of JupyterLab's translator in
 * `src/` (`trans.__`, `trans._n`, `tr.__`, `_p`, `_np`, whatever the bundle is named) whose
 * text is a literal, as entries of the gettext template (`PotEntry` of lib/messages/pot).
 * write-pot.js puts them into nbcraft/locale/nbcraft.pot beside the library's messages, so a
 * language pack built from it translates the whole lab, not only the lint messages.
 *
 * A translator call whose text is built (`` `a ${b}` ``, `'a' + b`) has no msgid a catalogue
 * could hold: it is an error, located. A call whose text is a name (`trans.__(template)`)
 * translates a library message, which the catalogue holds already.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

/** the translator's methods, and which argument holds the context, the text and the plural */
const METHODS = {
  __: { msgid: 0 },
  _n: { msgid: 0, plural: 1 },
  _p: { context: 0, msgid: 1 },
  _np: { context: 0, msgid: 1, plural: 2 }
};

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

/** A string literal's text; null for a name or a call; throws for text built at run time. */
function literalText(node, where) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  if (
    ts.isTemplateExpression(node) ||
    (ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.PlusToken)
  ) {
    throw new Error(
      `${where}: a translator call's text is built at run time, so no catalogue can hold it; pass the parts as %1, %2`
    );
  }
  return null;
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
 * The translatable strings of the `.ts`/`.tsx` files under `srcDir`, first place first, each
 * (context, text) once with every file that uses it; references are relative to `repoRoot`.
 */
function labStrings(srcDir, repoRoot) {
  const entries = new Map();
  for (const file of sourcesOf(srcDir)) {
    const reference = path.relative(repoRoot, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
    );
    const visit = node => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        Object.hasOwn(METHODS, node.expression.name.text)
      ) {
        const method = METHODS[node.expression.name.text];
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const where = `${reference}:${line + 1}`;
        const text = index =>
          node.arguments[index] === undefined
            ? null
            : literalText(node.arguments[index], where);
        const msgid = text(method.msgid);
        if (msgid !== null) {
          const entry = {
            ...(method.context !== undefined
              ? { msgctxt: text(method.context) }
              : {}),
            msgid,
            ...(method.plural !== undefined
              ? { msgidPlural: text(method.plural) }
              : {})
          };
          if (entry.msgctxt === null || entry.msgidPlural === null) {
            throw new Error(
              `${where}: a translator call with a literal text needs a literal context and plural too`
            );
          }
          const key = `${entry.msgctxt ?? ''}\u0004${msgid}`;
          const known = entries.get(key);
          if (!known) {
            entries.set(key, {
              ...entry,
              comments: keepNote(msgid),
              references: [reference]
            });
          } else {
            if (known.msgidPlural !== entry.msgidPlural) {
              throw new Error(
                `${where}: "${msgid}" has another plural form in ${known.references[0]}`
              );
            }
            if (!known.references.includes(reference)) {
              known.references.push(reference);
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return Array.from(entries.values());
}

module.exports = { labStrings };
