#!/usr/bin/env node
'use strict';
/**
 * Writes the gettext template of the `nbcraft` domain, nbcraft/locale/nbcraft.pot (where
 * jupyterlab-translate keeps the `nbcraft` extension's template): the lint and promote
 * messages of the built library, then the lab extension's own translator calls in `src/`
 * (lab-strings.js), then the settings schemas' titles and descriptions (schema-strings.js). A test fails while the committed file differs from what this writes.
 *
 *   cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.json && node scripts/write-pot.js
 */
const fs = require('fs');
const path = require('path');
const { messageCatalogue, toPot } = require('../lib/messages');
const { VERSION } = require('../lib/engine/version');
const { labStrings } = require('./lab-strings');
const { schemaStrings } = require('./schema-strings');

const repoRoot = path.join(__dirname, '..', '..');

/** The extension's own entries: its translator calls, then its settings schemas' strings. */
function extensionEntries(root = repoRoot) {
  return [
    ...labStrings(path.join(root, 'src'), root),
    ...schemaStrings(path.join(root, 'schema'), root)
  ];
}

if (require.main === module) {
  const target = path.join(repoRoot, 'nbcraft', 'locale', 'nbcraft.pot');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(
    target,
    toPot(messageCatalogue(), VERSION, extensionEntries())
  );
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}

module.exports = { extensionEntries };
