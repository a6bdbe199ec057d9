/** `nbcraft lint [PATH|GLOB ...]`: expand, load configs, lint (in parallel when many), format, exit code. */
import * as path from 'path';
import { ConfigError, type ResolvedConfig } from '../config';
import { VERSION } from '../engine';
import { FileResult, getFormatter } from '../format';
import { allRules } from '../rules';
import { ConfigLoader, ConfigSource } from './configLoader';
import { displayPath, expandTargets, UsageError } from './files';
import type { CliIo } from './io';
import { readTextFileSync } from './io';
import { namesAFolder } from './paths';
import { WriteRefusedError } from './writeErrors';
import { showControlCharacters } from '../promote/controlCharacters';
import { configRelativePath, endRun, LintJob } from './job';
import { runJobs } from './pool';
import { ProjectNames } from './projectNames';
import { ProjectWalk } from './projectWalk';
import { removedNote, removeStaleTemporaries } from './staleTemporaries';

export interface LintArgs {
  targets: string[];
  format: string;
  outputFile?: string;
  fix: boolean;
  /** with fix: apply unsafe fixes too */
  unsafeFixes?: boolean;
  /** with fix: pin unpinned `%pip install`s to the versions installed in io's Python */
  pinFromEnv?: boolean;
  maxWarnings?: number;
  quiet: boolean;
  config?: string;
  /** reuse the results of unchanged files (resultCache.ts) */
  cache?: boolean;
  cacheLocation?: string;
}

export async function lintCommand(args: LintArgs, io: CliIo): Promise<number> {
  const formatter = getFormatter(args.format);
  if (!formatter) {
    throw new UsageError(
      `unknown --format "${args.format}"; use stylish, json, sarif, github, junit, gitlab or azure`
    );
  }
  const files = await expandTargets(args.targets, io);
  const pinVersions = args.pinFromEnv ? io.installedVersions() : undefined;
  // one rule for where both walks up from a notebook stop (config, NB105's project names)
  const walk = new ProjectWalk({ home: io.env.HOME });
  const loader = new ConfigLoader(io, args.config, walk);
  const sources: ConfigSource[] = [];
  const resolved: ResolvedConfig[] = [];
  const sourceIndex = new Map<ConfigSource, number>();
  const jobs: LintJob[] = [];
  const projects = new ProjectNames(
    io.cwd,
    text => {
      io.stderr(text);
    },
    { walk }
  );
  for (const file of files) {
    const { source, resolved: config } = await loader.forFile(file.abs);
    let index = sourceIndex.get(source);
    if (index === undefined) {
      index = sources.length;
      sources.push(source);
      resolved.push(config);
      sourceIndex.set(source, index);
    }
    const job: LintJob = {
      abs: file.abs,
      root: io.cwd,
      display: displayPath(file.abs, io.cwd),
      explicit: file.explicit,
      fix: args.fix,
      unsafeFixes: args.unsafeFixes ?? false,
      pinVersions,
      repository: io.repositoryState?.(file.abs),
      config: index
    };
    // the project's own names, read only where unpinned-pip-install runs on the file
    if (
      config
        .rulesFor(configRelativePath(job, config))
        .some(r => r.rule.meta.id === 'unpinned-pip-install')
    ) {
      const own = projects.of(file.abs);
      if (own.length > 0) job.ownPackages = own;
    }
    jobs.push(job);
  }
  const forceThreads = Number(io.env.NBCRAFT_THREADS) > 0;
  const threads = threadBudget(
    io.cpuCount(),
    forceThreads ? 0 : (io.loadAverage?.() ?? 0),
    Number(io.env.NBCRAFT_THREADS) || 8
  );
  // loaded only with --cache: its hashing (crypto) is not part of a plain run's start
  const cacheModule =
    args.cache || args.cacheLocation !== undefined
      ? await import('./resultCache')
      : null;
  const cache =
    cacheModule?.ResultCache.open(
      path.resolve(
        io.cwd,
        args.cacheLocation ?? cacheModule.DEFAULT_CACHE_LOCATION
      )
    ) ?? null;
  // with --cache, a file whose text, config and nbcraft are unchanged keeps its last result
  const all = new Array<FileResult | null>(jobs.length).fill(null);
  const keys = new Map<number, string>();
  const todo: number[] = [];
  jobs.forEach((job, i) => {
    if (!cache || !cacheModule || args.fix) {
      todo.push(i);
      return;
    }
    const config = resolved[job.config];
    const rel = configRelativePath(job, config);
    if (config.isIgnored(rel)) {
      todo.push(i);
      return;
    }
    let text: string;
    try {
      text = readTextFileSync(job.abs);
    } catch {
      todo.push(i); // the lint itself reports the unreadable file
      return;
    }
    // the repository's state counts only for notebooks that log to MLflow (the rules that
    // read it need a logging call): elsewhere, a change in the tree keeps the cached result
    const key = cacheModule.ResultCache.keyOf(
      sources[job.config],
      rel,
      text,
      (text.includes('mlflow') ? JSON.stringify(job.repository ?? null) : '') +
        (job.ownPackages ? `\0${job.ownPackages.join('\0')}` : '')
    );
    keys.set(i, key);
    const hit = cache.get(job.abs, key, job.display);
    if (hit) {
      all[i] = hit;
    } else {
      todo.push(i);
    }
  });
  let linted: (FileResult | null)[];
  try {
    linted = await runJobs(
      todo.map(i => jobs[i]),
      sources,
      resolved,
      { threads, forceThreads }
    );
  } finally {
    endRun(); // the cell analyses shared by this run's notebooks go with it
  }
  if (args.fix) {
    // a killed run's temporary files, in each folder a fix was written in, listed once for
    // all its files (staleTemporaries.ts); a failed write has `fixed` 0 (job.ts)
    const wrote = todo.filter((_, k) => (linted[k]?.fixed ?? 0) > 0);
    for (const tmp of removeStaleTemporaries(
      wrote.map(i => path.dirname(jobs[i].abs))
    ))
      io.stderr(`nbcraft: ${removedNote(tmp, io.cwd)}\n`);
  }
  todo.forEach((i, k) => {
    all[i] = linted[k];
    const key = keys.get(i);
    const result = linted[k];
    if (cache && key !== undefined && result) {
      cache.set(jobs[i].abs, key, result);
    }
  });
  if (cache && !args.fix) {
    try {
      cache.save();
    } catch (err) {
      io.stderr(
        `nbcraft: cannot write the cache ${displayPath(cache.file, io.cwd)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); results were not cached\n`
      );
    }
  }
  const results = all.filter((r): r is FileResult => r !== null);

  const shown: FileResult[] = args.quiet
    ? results.map(r => ({
        ...r,
        findings: r.findings.filter(f => f.severity === 'error')
      }))
    : results;
  const output = formatter(shown, {
    rules: allRules.map(r => r.meta),
    version: VERSION,
    cwd: io.cwd.split(path.sep).join('/'),
    color: !args.outputFile && !io.env.NO_COLOR && io.isTTY,
    unsafeFixes: !!args.unsafeFixes
  });
  if (args.outputFile) {
    // `-o reports/`, `-o reports/.` and `-o reports/x/..` name a folder: refused rather than
    // writing a file called `reports` (path.resolve drops the slash, the `.` and the `..`)
    const o = args.outputFile;
    if (namesAFolder(o))
      throw new WriteRefusedError(
        o,
        `the report to ${showControlCharacters(o)}: a path ending in a slash, "." or ".." names a folder; give a file path`
      );
    // a path the user typed: a link there that leads out is replaced, not followed (writeReport.ts)
    await io.writeAtomic(path.resolve(io.cwd, args.outputFile), output, {
      root: io.cwd,
      links: 'replace'
    });
  } else {
    io.stdout(output);
  }

  if (results.some(r => r.error)) {
    return 2;
  }
  const errors = results.reduce(
    (n, r) => n + r.findings.filter(f => f.severity === 'error').length,
    0
  );
  const warnings = results.reduce(
    (n, r) => n + r.findings.filter(f => f.severity === 'warning').length,
    0
  );
  if (args.maxWarnings !== undefined) {
    if (warnings > args.maxWarnings) {
      io.stderr(
        `nbcraft: ${warnings} warnings exceed --max-warnings ${args.maxWarnings}\n`
      );
      return 1;
    }
    return errors > 0 ? 1 : 0;
  }
  return errors > 0 || (!args.quiet && warnings > 0) ? 1 : 0;
}

/**
 * How many threads a run may use: the cores, up to `wanted` (NBCRAFT_THREADS, else 8), less the
 * cores other processes keep busy (`load`, the 1-minute load average). A worker thread loads the
 * library again and runs it cold, which costs ~25% more CPU over the whole run (measured on 596
 * notebooks, 55 MB); it pays back only in wall time and only on an idle core, so a machine already
 * busy gets no workers. (pool.ts then also asks for enough input per worker.)
 */
export function threadBudget(
  cpus: number,
  load: number,
  wanted: number
): number {
  return Math.max(1, Math.min(Math.round(cpus - load), wanted));
}

export function describeConfigError(err: ConfigError): string {
  return `nbcraft: config error: ${err.describe()}\n`;
}
