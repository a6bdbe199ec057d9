#!/usr/bin/env node
'use strict';
/**
 * Precision gate: how often a finding is right, judged by a person on notebooks nbcraft has
 * never seen. Not a test: it prints numbers.
 *
 *   node bench/precision.js sample DIR [--seed N] [--per-rule K] [--out SHEET.tsv]
 *       lints every notebook under DIR with every rule on (the `strict` preset), draws up to K
 *       findings per rule with a seeded generator (the same seed gives the same sample), and
 *       writes a review sheet: id, rule, file (relative to DIR), cell, line, at (the column, or
 *       out@LINE:COLUMN in the file for a finding in an output), the message and the
 *       lines around the finding (what the secret rules find in them masked: bench/sheet-secrets.js),
 *       with an empty verdict column to fill in (TP, FP, debatable);
 *       before the header, the folder (`# corpus /abs/DIR`) and each rule's population
 *       (`# population NB101 123`: its findings in DIR).
 *   node bench/precision.js score VERDICTS.tsv [MORE.tsv ...]
 *       prints precision per rule and overall from the verdicts (debatable counts against),
 *       and names every `recommended` rule under 90%; several files are pooled (every review
 *       on unseen notebooks together: the evidence a preset decision rests on). Then, when every
 *       judged rule has a population line, the population-weighted estimate of the stratified
 *       sample (every rule, and `recommended` only) with a 95% interval (bench/stratified.js);
 *       sheets naming the same `# corpus` count its findings once (with a warning).
 *   node bench/precision.js rescore VERDICTS.tsv DIR [MORE.tsv DIR2 ...]
 *       lints again every notebook under DIR (the judged files' paths are relative to it) with the
 *       rules as built now, drops the judged findings they no longer produce (same rule, file and cell; the
 *       line too, unless the rule's only finding in that cell moved, and no other judged row of
 *       the cell is at its line) and scores what is left; lists
 *       the dropped rows by verdict, each dropped TP marked `!! dropped TP` (a real problem the
 *       rules no longer report). Not an independent score: the sample was judged before the rules
 *       changed. Its weighted estimate takes the populations from linting every notebook of
 *       each DIR again (a DIR given twice counts once). A judged notebook not read under its DIR
 *       (missing, unreadable, unparsable) stops it: exit 2, "FILE: judged notebook not found or
 *       unreadable under DIR". `--kept FILE` also writes the judged rows still produced (sheet, rule,
 *       file, cell, line, verdict, reason) as TSV: what is left to fix.
 *
 * Build first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json
 * Fetched notebooks stay outside the repository (e.g. /tmp): only the verdicts are committed.
 */
const fs = require('fs');
const path = require('path');

const pkg = path.join(__dirname, '..');
const lib = require(path.join(pkg, 'lib'));
const { ProjectNames } = require(path.join(pkg, 'lib', 'cli', 'projectNames'));
const { maskSecrets } = require('./sheet-secrets');
const {
  prng,
  stratifiedEstimate,
  parsePopulations,
  parseCorpus,
  populationLines,
  strataOf
} = require('./stratified');

function notebooksUnder(dir) {
  const out = [];
  (function walk(d) {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n);
      const st = fs.statSync(p);
      if (st.isDirectory()) {
        if (!n.startsWith('.')) walk(p);
      } else if (/\.(ipynb|py)$/.test(n) && st.size < 20e6) {
        out.push(p);
      }
    }
  })(dir);
  return out;
}

const oneLine = s => s.replace(/\s+/g, ' ').trim().slice(0, 160);

/**
 * One source line as the review sheet shows it: as it is, runs of spaces and blanks at either end
 * kept (a reviewer judges `# COMMAND  ----------` by its two spaces), a tab as `⇥` and a carriage
 * return as `␍` (the TSV's own separators must not appear in a field), at most 160 characters
 * (then `…`).
 */
const sheetLine = s => {
  const shown = s.replace(/\t/g, '⇥').replace(/\r/g, '␍');
  return shown.length > 160 ? `${shown.slice(0, 160)}…` : shown;
};

/** a message as the sheet shows it: its lines as sheetLine shows them, joined by ` ⏎ ` */
const sheetText = s => s.split('\n').map(sheetLine).join(' ⏎ ');

/**
 * a judged row's message and a finding's are the same message: compared with blanks collapsed, as
 * sheets before s18 wrote them
 */
const sameMessage = (a, b) =>
  a !== undefined && b !== undefined && oneLine(a) === oneLine(b);

/**
 * every notebook under DIR linted with every rule on (the `strict` preset), in walk order: what
 * `sample` draws from and what `rescore` counts the rules' populations in.
 * {notebooks, files, findings: [{code, rule, file, cell, line, message, context}]}: files is the
 * Set of the notebooks read and parsed (relative to DIR, '/'-separated); cell and line are
 * 1-based, or '-' for a notebook-level finding
 */
function lintCorpus(dir) {
  const config = lib.resolveConfig({ extends: 'strict' });
  // unpinned-pip-install told the project's own names as `nbcraft lint` reads them (the nearest
  // pyproject.toml, setup.cfg or setup.py above the notebook): the findings are the CLI's
  const projects = new ProjectNames(dir, text => process.stderr.write(text));
  const findings = [];
  const files = new Set();
  const skipped = [];
  let notebooks = 0;
  for (const file of notebooksUnder(dir)) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      skipped.push(`${file}: ${e.code ?? e.message}`);
      continue;
    }
    if (!file.endsWith('.ipynb') && !lib.isNotebookPath(file, text)) continue;
    let nb;
    try {
      nb = lib.readNotebook(file, text);
    } catch (e) {
      skipped.push(`${file}: ${String(e.message).split('\n')[0]}`);
      continue;
    }
    notebooks++;
    const rel = path.relative(dir, file).split(path.sep).join('/');
    files.add(rel);
    const rules = lib.withOwnPackages(
      config.rulesFor(rel),
      projects.of(path.resolve(file))
    );
    for (const f of lib.lintNotebook(nb, rules)) {
      const cell = f.cell === null ? null : nb.cells[f.cell];
      const lines = cell ? cell.source.split('\n') : [];
      const at = f.start ? f.start.line : 0;
      // the secret rules' finds masked: a committed sheet must not publish a notebook's secret
      const context = cell
        ? maskSecrets(lines.slice(Math.max(0, at - 1), at + 2))
            .map(sheetLine)
            .join(' ⏎ ')
        : '';
      findings.push({
        code: f.ruleCode,
        rule: `${f.ruleCode} ${f.ruleId}`,
        file: rel,
        cell: f.cell === null ? '-' : f.cell + 1,
        line: f.start ? f.start.line + 1 : '-',
        // where on the line: the column, or for a finding in an output (its cell position is the
        // cell's first line) where the file holds what it names; tells two findings of a line apart
        at:
          f.output !== null && f.output !== undefined && f.file
            ? `out@${f.file.line}:${f.file.column}`
            : f.start
              ? f.start.column + 1
              : '-',
        message: sheetText(f.message),
        context
      });
    }
  }
  // a notebook the linter cannot read (nbformat 3, broken JSON) is not in the population: say so,
  // or a sheet's notebook count silently disagrees with its corpus
  if (skipped.length > 0) {
    console.error(`${skipped.length} file(s) under ${dir} not read, left out:`);
    for (const s of skipped) console.error(`  ${s}`);
  }
  return { notebooks, files, findings };
}

/** the number of findings of each rule: Map code -> findings */
function countByRule(findings) {
  const counts = new Map();
  for (const f of findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return counts;
}

function sample(dir, seed, perRule, outFile) {
  const { notebooks, findings } = lintCorpus(dir);
  const byRule = new Map();
  for (const f of findings) {
    const list = byRule.get(f.code) ?? [];
    list.push(f);
    byRule.set(f.code, list);
  }
  const random = prng(seed);
  const rows = [];
  for (const code of [...byRule.keys()].sort()) {
    const list = byRule.get(code);
    // partial Fisher-Yates: the first K of a seeded shuffle
    for (let i = 0; i < Math.min(perRule, list.length); i++) {
      const j = i + Math.floor(random() * (list.length - i));
      [list[i], list[j]] = [list[j], list[i]];
      rows.push(list[i]);
    }
  }
  const header =
    'id\trule\tfile\tcell\tline\tat\tverdict\treason\tmessage\tcontext';
  const body = rows.map((r, i) =>
    [
      i + 1,
      r.rule,
      r.file,
      r.cell,
      r.line,
      r.at,
      '',
      '',
      r.message,
      r.context
    ].join('\t')
  );
  // the folder drawn from, so `score` counts a corpus judged in two sheets once, and each
  // rule's population, so it can weight the rule's precision by its share of the findings
  fs.writeFileSync(
    outFile,
    [
      `# corpus ${dir}`,
      ...populationLines(countByRule(findings)),
      header,
      ...body
    ].join('\n') + '\n'
  );
  const total = [...byRule.values()].reduce((n, l) => n + l.length, 0);
  console.log(
    `${notebooks} notebooks, ${total} findings of ${byRule.size} rules; sampled ${rows.length} (seed ${seed}, up to ${perRule} per rule) -> ${outFile}`
  );
  for (const code of [...byRule.keys()].sort()) {
    console.log(`  ${code}  ${byRule.get(code).length} findings`);
  }
}

/** the judged rows of a verdict file: {rule, file, cell, line, verdict} */
function verdictRows(file) {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(l => l && !l.startsWith('#'));
  const head = lines[0].split('\t');
  const col = name => head.indexOf(name);
  return lines
    .slice(1)
    .map(line => {
      const cells = line.split('\t');
      return {
        rule: cells[col('rule')],
        file: cells[col('file')],
        cell: cells[col('cell')],
        line: cells[col('line')],
        // sheets since round 19 say where on the line (`at`): two findings of one rule on one
        // line (two SAS tokens in one output) are then two rows rescore can tell apart
        at: col('at') < 0 ? undefined : cells[col('at')],
        verdict: (cells[col('verdict')] || '').trim(),
        reason: col('reason') < 0 ? '' : (cells[col('reason')] ?? ''),
        message: col('message') < 0 ? undefined : cells[col('message')]
      };
    })
    .filter(r => {
      if (r.verdict && !['TP', 'FP', 'debatable'].includes(r.verdict))
        throw new Error(
          `${file}: unknown verdict "${r.verdict}" (TP, FP or debatable)`
        );
      return r.verdict;
    });
}

/** the rows whose finding the rules as built now still produce (see `rescore` above); findingsOf:
 * a file's findings now, [{code, cell, line, message}]. One finding answers for one row: rows
 * judging the same finding twice (a token printed three times, judged once per copy) keep as many
 * rows as the line still has findings, each finding taken by the first row with its message (a
 * row whose message no finding has, reworded since, takes one that no row names) */
function stillProduced(rows, findingsOf) {
  const sameCell = (a, b) =>
    a.rule === b.rule && a.file === b.file && a.cell === b.cell;
  const taken = new Set();
  const kept = rows.filter(r => {
    const code = r.rule.split(' ')[0];
    const inCell = findingsOf(r.file).filter(
      f => f.code === code && String(f.cell) === r.cell
    );
    const atLine = inCell.filter(f => String(f.line) === r.line);
    if (atLine.length > 0) {
      const rowsAtLine = rows.filter(o => sameCell(o, r) && o.line === r.line);
      if (rowsAtLine.length <= atLine.length) {
        return true;
      }
      // more rows than findings at the line: a row whose message a finding has takes that
      // finding, or is a copy judged twice when an earlier row took it; a row whose message no
      // finding has (reworded since) takes a finding no row names
      const free = atLine.filter(f => !taken.has(f));
      const same =
        r.at === undefined ? undefined : free.find(f => String(f.at) === r.at);
      if (same) {
        taken.add(same);
        return true;
      }
      // a finding where another row of the line says it is, is that row's, not this one's
      const claimed = f =>
        rowsAtLine.some(
          o => o !== r && o.at !== undefined && String(f.at) === o.at
        );
      const unclaimed = free.filter(f => !claimed(f));
      const named = atLine.some(f => sameMessage(f.message, r.message));
      const pick = named
        ? unclaimed.find(f => sameMessage(f.message, r.message))
        : unclaimed.find(
            f => !rowsAtLine.some(o => sameMessage(o.message, f.message))
          );
      if (!pick) {
        return false;
      }
      taken.add(pick);
      return true;
    }
    // the rule's only finding in the cell moved there, unless another judged row of the cell is
    // at its line: that row is the finding, and this one is gone (a comment's path dropped, the
    // code's path on another line of the cell kept)
    return (
      inCell.length === 1 &&
      !rows.some(
        o => o !== r && sameCell(o, r) && o.line === String(inCell[0].line)
      )
    );
  });
  return kept;
}

/** the verdicts of rows per rule ("NB101 name"): Map rule -> {tp, fp, debatable, judged} */
function tally(rows) {
  const per = new Map();
  for (const { rule, verdict } of rows) {
    const s = per.get(rule) ?? { tp: 0, fp: 0, debatable: 0, judged: 0 };
    if (verdict === 'TP') s.tp++;
    else if (verdict === 'FP') s.fp++;
    else s.debatable++;
    s.judged++;
    per.set(rule, s);
  }
  return per;
}

/** a tally keyed by rule code, as strataOf reads it: Map code -> {tp, judged} */
const byCode = per =>
  new Map([...per].map(([rule, s]) => [rule.split(' ')[0], s]));

const percent = x => `${(x * 100).toFixed(1)}%`;

/**
 * the population-weighted estimate (bench/stratified.js) of every rule and of the `recommended`
 * ones, or the line saying why there is none. sheets: [{file, rows, populations}]
 */
function printWeighted(sheets, recommended, rescoring) {
  const { strata, without, unpopulated, unjudged, tooSmall, repeated } =
    strataOf(
      sheets.map(({ file, rows, populations, corpus }) => ({
        file,
        counts: byCode(tally(rows)),
        populations,
        corpus
      }))
    );
  const none = 'population-weighted estimate: none;';
  if (without.length)
    console.log(
      `${none} no "# population" lines in ${without.join(', ')} (the rules' findings in that corpus are unknown and never guessed; \`sample\` writes them)`
    );
  if (unpopulated.length)
    console.log(
      `${none} judged rules without a "# population" line: ${unpopulated.join(', ')}`
    );
  if (tooSmall.length)
    console.log(
      `${none} a population smaller than its judged rows: ${tooSmall.join(', ')}`
    );
  if (unjudged.length)
    console.log(
      `warning: population of rules with no judged row${rescoring ? ' still produced' : ''}, left out of the weights: ${unjudged.join(', ')}`
    );
  for (const { corpus, files } of repeated)
    console.log(
      `warning: the corpus ${corpus} is judged in ${files.length} sheets (${files.join(', ')}): its findings count once, each sheet's strata weighing 1/${files.length} of them`
    );
  if (!strata) return;
  const line = (name, these) => {
    if (!these.length) return `  ${name}: no judged rule`;
    const e = stratifiedEstimate(these);
    return `  ${name}: ${percent(e.point)} from the judged proportions, 95% interval ${percent(e.low)} to ${percent(e.high)}; ${e.strata} strata, ${Math.round(e.population)} findings`;
  };
  console.log(
    `population-weighted estimate${rescoring ? ' (populations: every notebook of each DIR linted with the rules as built now; NOT independent: judged before the change)' : ''}: each (file, rule) stratum's precision weighted by its share of the corpus findings; 95% interval: MOVER from each stratum's Jeffreys limits`
  );
  console.log(line('every rule', strata));
  console.log(
    line(
      'recommended rules only',
      strata.filter(s => recommended.has(s.code))
    )
  );
}

/** pairs: [verdict file, corpus dir or undefined (score as judged)]; keptFile: where rescore
 * writes the judged rows still produced (TSV: sheet, rule, file, cell, line, verdict, reason) */
function score(pairs, keptFile) {
  const rescoring = pairs.some(([, dir]) => dir);
  const corpora = new Map();
  const sheets = pairs.map(([file, dir]) => {
    const judged = verdictRows(file);
    if (!dir) {
      const text = fs.readFileSync(file, 'utf8');
      return {
        file,
        judged,
        rows: judged,
        populations: parsePopulations(text, file),
        corpus: parseCorpus(text, file)
      };
    }
    // the whole DIR linted once: the findings of the judged files and every rule's population
    if (!corpora.has(dir)) {
      const { files, findings } = lintCorpus(dir);
      const byFile = new Map();
      for (const f of findings) {
        if (!byFile.has(f.file)) byFile.set(f.file, []);
        byFile.get(f.file).push(f);
      }
      corpora.set(dir, { files, byFile, populations: countByRule(findings) });
    }
    const { files, byFile, populations } = corpora.get(dir);
    // a judged notebook the lint did not read (a wrong DIR, a file gone or unparsable) is no
    // evidence its findings are gone: stop rather than count them dropped
    const missing = [...new Set(judged.map(r => r.file))].filter(
      rel => !files.has(rel)
    );
    if (missing.length) {
      for (const rel of missing)
        console.error(
          `${rel}: judged notebook not found or unreadable under ${dir}`
        );
      console.error(
        `${file}: ${missing.length} judged notebook(s) missing; nothing rescored`
      );
      process.exit(2);
    }
    return {
      file,
      judged,
      rows: stillProduced(judged, rel => byFile.get(rel) ?? []),
      populations,
      corpus: dir
    };
  });
  let rows = sheets.flatMap(s => s.judged);
  if (rescoring) {
    const before = rows.length;
    const dropped = sheets.flatMap(s =>
      s.judged.filter(r => !s.rows.includes(r))
    );
    rows = sheets.flatMap(s => s.rows);
    if (keptFile) {
      const kept = sheets.flatMap(s =>
        s.rows.map(r =>
          [
            path.basename(s.file),
            r.rule,
            r.file,
            r.cell,
            r.line,
            r.verdict,
            r.reason
          ].join('\t')
        )
      );
      fs.writeFileSync(
        keptFile,
        ['sheet\trule\tfile\tcell\tline\tverdict\treason', ...kept].join('\n') +
          '\n'
      );
    }
    console.log(
      `rescored against the rules as built now: ${before - rows.length} of ${before} judged findings are no longer produced (NOT an independent score: judged before the change)`
    );
    // what the change dropped, by verdict: a dropped TP is a real problem the rules no longer see
    for (const verdict of ['TP', 'debatable', 'FP']) {
      const these = dropped.filter(r => r.verdict === verdict);
      console.log(`  dropped ${verdict}: ${these.length}`);
      for (const r of these) {
        console.log(
          `    ${verdict === 'TP' ? '!! dropped TP ' : ''}${r.rule}  ${r.file}  cell ${r.cell} line ${r.line}`
        );
      }
    }
  }
  const per = tally(rows);
  const recommended = new Set(
    lib.allRules.filter(r => r.meta.recommended).map(r => r.meta.code)
  );
  let tp = 0;
  let n = 0;
  let tpRec = 0;
  let nRec = 0;
  const low = [];
  console.log(
    'rule                                  judged   TP   FP  debatable  precision  recommended'
  );
  for (const rule of [...per.keys()].sort()) {
    const s = per.get(rule);
    const { judged } = s;
    const p = s.tp / judged;
    const code = rule.split(' ')[0];
    const rec = recommended.has(code);
    tp += s.tp;
    n += judged;
    if (rec) {
      tpRec += s.tp;
      nRec += judged;
      if (p < 0.9) low.push(`${rule} ${(p * 100).toFixed(0)}%`);
    }
    console.log(
      `${rule.padEnd(38)}${String(judged).padStart(6)}${String(s.tp).padStart(5)}${String(s.fp).padStart(5)}${String(s.debatable).padStart(11)}${`${(p * 100).toFixed(0)}%`.padStart(11)}  ${rec ? 'yes' : 'no'}`
    );
  }
  console.log(
    `overall: ${tp}/${n} true positives = ${((tp / n) * 100).toFixed(1)}% (target >= 95%); recommended rules only: ${tpRec}/${nRec} = ${((tpRec / nRec) * 100).toFixed(1)}%`
  );
  console.log(
    low.length
      ? `recommended rules under 90%: ${low.join(', ')}`
      : 'no recommended rule under 90%'
  );
  printWeighted(sheets, recommended, rescoring);
}

const [cmd, target, ...rest] = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : dflt;
};
if (cmd === 'sample' && target) {
  sample(
    path.resolve(target),
    Number(opt('--seed', 15)),
    Number(opt('--per-rule', 6)),
    opt('--out', 'precision-sheet.tsv')
  );
} else if (cmd === 'score' && target) {
  score([target, ...rest].map(f => [f, undefined]));
} else if (cmd === 'rescore' && target) {
  // `--kept FILE`: the judged rows still produced, with their verdicts and reasons, for the
  // next pass to group (the rows a rescore leaves are what is left to fix)
  const keptAt = rest.indexOf('--kept');
  const keptFile = keptAt >= 0 ? rest[keptAt + 1] : undefined;
  const args = [
    target,
    ...rest.filter((_, i) => keptAt < 0 || (i !== keptAt && i !== keptAt + 1))
  ];
  if (args.length % 2 !== 0 || (keptAt >= 0 && !keptFile)) usage();
  const pairs = [];
  for (let i = 0; i < args.length; i += 2) {
    const dir = path.resolve(args[i + 1]);
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      console.error(`${dir}: not a folder (rescore VERDICTS.tsv DIR ...)`);
      process.exit(2);
    }
    pairs.push([args[i], dir]);
  }
  score(pairs, keptFile);
} else {
  usage();
}

function usage() {
  console.error(
    'usage: node bench/precision.js sample DIR [--seed N] [--per-rule K] [--out SHEET.tsv]\n       node bench/precision.js score VERDICTS.tsv [MORE.tsv ...]\n       node bench/precision.js rescore VERDICTS.tsv DIR [MORE.tsv DIR2 ...] [--kept FILE]'
  );
  process.exit(2);
}
