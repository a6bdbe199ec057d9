#!/usr/bin/env node
'use strict';
/**
 * Secrets out of review sheets. A sheet's `context` column quotes the notebook's lines around a
 * finding; a finding of a secret rule (an Azure SAS token, an AWS key, a password) quotes the
 * secret itself, and a committed sheet would publish it again. `maskSecrets(lines)` lints the
 * quoted lines, as one code cell, with the rules that find secrets, and masks what they find and
 * every value assigned to a name that says it is a secret: the first 4 characters kept, then
 * `…[masked N chars]`. precision.js's `sample` masks every context it
 * writes this way.
 *
 *   node bench/sheet-secrets.js SHEET.tsv [MORE.tsv ...]
 *       masks, in place, the secrets in the `context` column of sheets written before it did;
 *       prints how many fields of each file changed.
 *
 * Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 */
const fs = require('fs');
const path = require('path');

const lib = require(path.join(__dirname, '..', 'lib'));

/** the rules that find secrets: the security category, and MLflow's credential and secret rules */
const SECRET_RULES = lib.allRules
  .filter(
    r => r.meta.category === 'security' || /credential|secret/.test(r.meta.id)
  )
  .map(r => r.meta.code);
const config = lib.resolveConfig({
  extends: 'none',
  rules: {
    ...Object.fromEntries(SECRET_RULES.map(code => [code, 'warn'])),
    // a sheet masks every SAS token, also one NB403 no longer reports as expired and read-only:
    // compared with the earliest date, none has expired
    NB403: ['warn', { today: '0000-01-01' }]
  }
});

const mask = s =>
  s.length <= 4 ? s : `${s.slice(0, 4)}…[masked ${s.length - 4} chars]`;

/**
 * The words that make a name a secret's here, for both patterns below. A wider net than the
 * secret rules' isCredentialName on purpose (a sheet masks what might be one: `sig`,
 * `storage_credential`).
 */
const SECRET_WORDS =
  'secret|passw(?:or)?d|pwd|token|api_?key|access_?key|account_?key|private_?key|credential';

/**
 * A value assigned to a name that says it is a secret (`awsSecretKey = "..."`,
 * `"password": "..."`, `token='...'`, `os.environ["AWS_SECRET_ACCESS_KEY"] = "..."`,
 * `pw = f"..."`), 8 characters or more: a sheet quotes the lines around a finding, and the
 * secret next to the one a rule found (an AWS key id's secret key) is no finding of its own.
 */
const NAMED_SECRET = new RegExp(
  String.raw`\b\w*(?:${SECRET_WORDS}|sig)\w*["']?\]?\s*[:=]\s*[bBrRuUfF]{0,2}(["'])([^"'\s]{8,})\1`,
  'gi'
);
/** the password of a URL's user-info: `postgresql://admin:<here>@db` */
const URL_PASSWORD = /:\/\/[^/\s:@'"]+:([^@\s'"/]{3,})@/g;
/** a command-line option that takes a secret: `--token hf_...`, `--password=...` */
const SECRET_OPTION =
  /--(?:token|password|passwd|secret|api-key|apikey|access-key|client-secret|with-token)(?:=|\s+)(?!-)([^\s'"]{8,})/gi;
/**
 * A quoted value alone on its line (a dict's value written below its key) right after a line
 * that ends with a key that says it is a secret: `"aws_secret_access_key":` then `"..."`.
 */
const SECRET_KEY_AT_END = new RegExp(
  String.raw`(?:${SECRET_WORDS})\w*["']?\s*:\s*$`,
  'i'
);
const VALUE_ALONE = /^\s*[bBrRuUfF]{0,2}(["'])([^"'\s]{8,})\1/;

/**
 * `lines` (a cell's lines, as they are) with every secret the secret rules find in them masked,
 * and every value assigned to a name that says it is a secret; a secret spanning lines (a
 * private key block) has each of its lines masked from where it starts
 */
function maskSecrets(lines) {
  const source = lines.join('\n');
  const nb = lib.readNotebook(
    'sheet.ipynb',
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          id: 'sheet',
          metadata: {},
          execution_count: null,
          outputs: [],
          source
        }
      ]
    })
  );
  /** line -> [from, to) ranges to mask */
  const ranges = lines.map(() => []);
  for (const f of lib.lintNotebook(nb, config.rulesFor('sheet.ipynb'))) {
    if (f.cell !== 0 || !f.start || !f.end || f.output != null) continue;
    for (let line = f.start.line; line <= f.end.line; line++) {
      if (lines[line] === undefined) continue;
      const from = line === f.start.line ? f.start.column : 0;
      const to = line === f.end.line ? f.end.column : lines[line].length;
      if (to > from) ranges[line].push([from, to]);
    }
  }
  lines.forEach((text, line) => {
    for (const m of text.matchAll(NAMED_SECRET)) {
      const to = m.index + m[0].length - 1;
      ranges[line].push([to - m[2].length, to]);
    }
    for (const re of [URL_PASSWORD, SECRET_OPTION]) {
      for (const m of text.matchAll(re)) {
        const to = m.index + m[0].length - (re === URL_PASSWORD ? 1 : 0);
        ranges[line].push([to - m[1].length, to]);
      }
    }
    const alone = line > 0 && SECRET_KEY_AT_END.test(lines[line - 1]);
    const m = alone && VALUE_ALONE.exec(text);
    if (m) {
      const to = m.index + m[0].length - 1;
      ranges[line].push([to - m[2].length, to]);
    }
  });
  return lines.map((text, line) => {
    // overlapping ranges (two rules on one value) merged, then masked right to left
    const merged = [];
    for (const [from, to] of ranges[line].sort((a, b) => a[0] - b[0])) {
      const last = merged[merged.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else merged.push([from, to]);
    }
    let out = text;
    for (const [from, to] of merged.reverse())
      out = out.slice(0, from) + mask(out.slice(from, to)) + out.slice(to);
    return out;
  });
}

/** a sheet's context field (lines joined by ` ⏎ `, tabs shown as `⇥`) with its secrets masked */
function maskContext(field) {
  const lines = field.split(' ⏎ ').map(l => l.replace(/⇥/g, '\t'));
  return maskSecrets(lines)
    .map(l => l.replace(/\t/g, '⇥'))
    .join(' ⏎ ');
}

function scrub(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const head = lines.findIndex(l => l && !l.startsWith('#'));
  const col = lines[head].split('\t').indexOf('context');
  if (col < 0) throw new Error(`${file}: no context column`);
  let changed = 0;
  for (let i = head + 1; i < lines.length; i++) {
    if (!lines[i] || lines[i].startsWith('#')) continue;
    const cells = lines[i].split('\t');
    if (cells[col] === undefined) continue;
    const masked = maskContext(cells[col]);
    if (masked !== cells[col]) {
      cells[col] = masked;
      lines[i] = cells.join('\t');
      changed++;
    }
  }
  if (changed) fs.writeFileSync(file, lines.join('\n'));
  console.log(`${file}: ${changed} context field(s) masked`);
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (!files.length) {
    console.error(
      'usage: node bench/sheet-secrets.js SHEET.tsv [MORE.tsv ...]'
    );
    process.exit(2);
  }
  files.forEach(scrub);
}

module.exports = { maskSecrets, maskContext };
