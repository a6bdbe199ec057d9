#!/usr/bin/env node
'use strict';
/**
 * Writes the gettext template of the lint messages, nbcraft/locale/nbcraft.pot (where
 * jupyterlab-translate keeps the `nbcraft` extension's template), from the built library.
 * A test fails while the committed file differs from what this writes.
 *
 *   cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.json && node scripts/write-pot.js
 */
const fs = require('fs');
const path = require('path');
const { messageCatalogue, toPot } = require('../lib/messages');
const { VERSION } = require('../lib/engine/version');

const target = path.join(
  __dirname,
  '..',
  '..',
  'nbcraft',
  'locale',
  'nbcraft.pot'
);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, toPot(messageCatalogue(), VERSION));
console.log(`wrote ${path.relative(process.cwd(), target)}`);
