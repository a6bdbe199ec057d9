'use strict';
/**
 * The translatable strings of the settings schemas (`schema/*.json`): the titles,
 * descriptions and menu/toolbar labels JupyterLab's server translates with `pgettext` in the
 * schema's `jupyter.lab.internationalization` domain (`nbcraft`) before the settings editor
 * shows them. Picked the way jupyterlab_server's `translation_utils` picks them (and
 * jupyterlab-translate extracts them): its default selectors (path pattern -> context), the
 * schema's own `selectors` taking the context "schema", each matched against the
 * `/`-joined key path (`/properties/testsDir/title`, a list item as `[i]`).
 * nbcraft/tests/core/test_translations.py checks the template against the server's own code.
 */
const fs = require('fs');
const path = require('path');

const I18N = 'jupyter.lab.internationalization';
const SCHEMA_CONTEXT = 'schema';
const SETTINGS_CONTEXT = 'settings';
/** jupyterlab_server translation_utils DEFAULT_SCHEMA_SELECTORS */
const DEFAULT_SELECTORS = [
  ['properties/.*/title', SETTINGS_CONTEXT],
  ['properties/.*/description', SETTINGS_CONTEXT],
  ['definitions/.*/properties/.*/title', SETTINGS_CONTEXT],
  ['definitions/.*/properties/.*/description', SETTINGS_CONTEXT],
  ['title', SCHEMA_CONTEXT],
  ['description', SCHEMA_CONTEXT],
  ['jupyter\\.lab\\.setting-icon-label', SETTINGS_CONTEXT],
  ['jupyter\\.lab\\.menus/.*/label', 'menu'],
  ['jupyter\\.lab\\.toolbars/.*/label', 'toolbar']
];

/** pattern -> context, the schema's selectors overriding the defaults with "schema" */
function selectorsOf(schema) {
  const selectors = new Map(DEFAULT_SELECTORS);
  for (const selector of schema[I18N]?.selectors ?? []) {
    selectors.set(selector, SCHEMA_CONTEXT);
  }
  return Array.from(selectors, ([pattern, context]) => [
    new RegExp(`^/${pattern}$`),
    context
  ]);
}

/**
 * The settings schemas' strings of the `domain` domain under `schemaDir`, one entry per
 * string in file and key order (`potEntries` merges them); references relative to `repoRoot`.
 */
function schemaStrings(schemaDir, repoRoot, domain = 'nbcraft') {
  const entries = [];
  const files = fs
    .readdirSync(schemaDir)
    .filter(name => name.endsWith('.json'))
    .sort();
  for (const name of files) {
    const file = path.join(schemaDir, name);
    const reference = path.relative(repoRoot, file).split(path.sep).join('/');
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    if ((schema[I18N]?.domain ?? 'jupyterlab') !== domain) {
      throw new Error(
        `${reference}: its strings are translated in the "${schema[I18N]?.domain ?? 'jupyterlab'}" domain, not "${domain}"; set "${I18N}": {"domain": "${domain}"}`
      );
    }
    const selectors = selectorsOf(schema);
    const walk = (object, prefix) => {
      for (const [key, value] of Object.entries(object)) {
        const at = `${prefix}/${key}`;
        if (typeof value === 'string') {
          const match = selectors.find(([pattern]) => pattern.test(at));
          if (match && value) {
            entries.push({
              msgctxt: match[1],
              msgid: value,
              comments: [`the settings schema: ${at}`],
              references: [reference]
            });
          }
        } else if (Array.isArray(value)) {
          value.forEach((element, index) => {
            if (
              element &&
              typeof element === 'object' &&
              !Array.isArray(element)
            ) {
              walk(element, `${at}[${index}]`);
            }
          });
        } else if (value && typeof value === 'object') {
          walk(value, at);
        }
      }
    };
    walk(schema, '');
  }
  return entries;
}

module.exports = { schemaStrings };
