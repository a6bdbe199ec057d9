/**
 * The lab and CI agree: the live linter (in-memory notebook, per-cell caches, the config found
 * through the same upward search) gives the same findings as `nbcraft lint --format json` on the
 * same files. The CLI runs for real, as a child process, once per set of files.
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

import { RepositoryStates } from '../../lint-rules/src/cli/gitState';
import { locateConfig } from '../../src/lint/configLocator';
import { LiveNotebookLinter } from '../../src/lint/liveLinter';
import {
  DEFAULT_LINT_SETTINGS,
  effectiveConfig
} from '../../src/lint/lintSettings';
import {
  corpusDirs,
  isShippedCorpus,
  notebookFiles
} from '../../lint-rules/test/corpusDirs';
import { FIXTURES, readNotebookInput, REPO } from './helpers';

const CLI = path.join(REPO, 'lint-rules', 'bin', 'nbcraft.js');

interface CliMessage {
  ruleCode: string;
  severity: string;
  message: string;
  cell: number | null;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  output: number | null;
}

interface CliFile {
  filePath: string;
  error: unknown;
  messages: CliMessage[];
}

/** The CLI's JSON report for `files` (exit code 1 = findings, still a report). */
function runCli(files: string[], cwd: string): CliFile[] {
  let stdout: string;
  try {
    stdout = execFileSync('node', [CLI, 'lint', '--format', 'json', ...files], {
      cwd,
      encoding: 'utf-8',
      maxBuffer: 256 * 1024 * 1024
    });
  } catch (error) {
    stdout = (error as { stdout: string }).stdout;
  }
  return JSON.parse(stdout) as CliFile[];
}

/** A comparable line per finding, in the CLI's 1-based terms. */
function cliKey(m: CliMessage): string {
  return [
    m.ruleCode,
    m.severity,
    m.cell,
    m.line,
    m.column,
    m.endLine,
    m.endColumn,
    m.output,
    m.message
  ].join('|');
}

/** Reads files of the filesystem as if `/` were the Jupyter root. */
function readFromDisk(rootRelative: string): Promise<string | null> {
  const file = `/${rootRelative}`;
  return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf-8') : null);
}

/** The git state the CLI gives its rules; the lab gets the same from the server. */
const repositories = new RepositoryStates();

async function liveKeys(absFile: string): Promise<string[]> {
  const rootPath = absFile.slice(1);
  const located = await locateConfig(rootPath, readFromDisk);
  const config = effectiveConfig(located, rootPath, DEFAULT_LINT_SETTINGS);
  const report = new LiveNotebookLinter().lint(
    {
      ...readNotebookInput(absFile, rootPath),
      repository: repositories.of(absFile)
    },
    config.resolved.rulesFor(config.relativePath)
  );
  return report.findings
    .map(f =>
      [
        f.ruleCode,
        f.severity,
        f.cell === null ? null : f.cell + 1,
        f.start ? f.start.line + 1 : null,
        f.start ? f.start.column + 1 : null,
        f.end ? f.end.line + 1 : null,
        f.end ? f.end.column + 1 : null,
        f.output === undefined ? null : f.output + 1,
        f.message
      ].join('|')
    )
    .sort();
}

/** Compares the lab with the CLI on `files`; returns the files compared (as the CLI names them). */
async function compare(files: string[], cwd: string): Promise<string[]> {
  const cli = runCli(files, cwd);
  const compared: string[] = [];
  const differences: { file: string; cli: string[]; lab: string[] }[] = [];
  for (const result of cli) {
    if (result.error) {
      continue; // unreadable files: the lab never opens them as notebooks
    }
    const abs = path.resolve(cwd, result.filePath);
    // NB308 (invalid-cell-id) is about the ids in the file; the lab's model gives every cell a
    // usable id, so the live linter never sees them
    const expected = result.messages
      .filter(m => m.ruleCode !== 'NB308')
      .map(cliKey)
      .sort();
    const lab = await liveKeys(abs);
    if (JSON.stringify(lab) !== JSON.stringify(expected)) {
      differences.push({
        file: result.filePath,
        cli: expected.filter(k => !lab.includes(k)),
        lab: lab.filter(k => !expected.includes(k))
      });
    }
    compared.push(result.filePath);
  }
  expect(differences).toEqual([]);
  return compared;
}

describe('live linting gives the same findings as `nbcraft lint`', () => {
  it('on the project fixtures', async () => {
    const files = [
      'lint-demo.ipynb',
      'lint-syntax-error.ipynb',
      'lint-r-kernel.ipynb'
    ];
    expect((await compare(files, FIXTURES)).sort()).toEqual(files.sort());
  }, 60000);

  // the shipped corpus always, the shared one when present (CI fails when it is missing)
  it.each(corpusDirs().map(corpus => [corpus]))(
    'on every .ipynb of %s',
    async corpus => {
      const compared = await compare(['**/*.ipynb'], corpus);
      // every real notebook (outside bad-input) is compared, none refused by the CLI
      const real = notebookFiles(corpus)
        .filter(
          f =>
            f.endsWith('.ipynb') &&
            !f.includes(`${path.sep}bad-input${path.sep}`)
        )
        .map(f => path.relative(corpus, f));
      expect(real.length).toBeGreaterThanOrEqual(10);
      expect(real.filter(f => !compared.includes(f))).toEqual([]);
      // the shared corpus had 50+ when this test was written (the shipped one has 15, SOURCES.md)
      if (!isShippedCorpus(corpus)) expect(compared.length).toBeGreaterThan(50);
    },
    240000
  );
});
