/**
 * nbcraft's command line: `execute(argv) -> exit code`. Never calls process.exit; all I/O goes
 * through `CliIo`. Exit codes: 0 clean, 1 findings (or refused), 2 usage error or unreadable input.
 */
import { parseArgs } from 'util';
import { ConfigError } from '../config';
import { VERSION } from '../engine';
import { UsageError } from './files';
import { ciSafeIo, CliIo, nodeIo, PythonEnvError } from './io';
import { describeConfigError, lintCommand } from './lintCommand';
import { rulesCommand } from './rulesCommand';

export { nodeIo } from './io';
export type { CliIo } from './io';

const USAGE = `Usage:
  nbcraft lint [PATH|GLOB ...] [--format stylish|json|sarif|github|junit|gitlab|azure]
               [--output-file F] [--fix] [--unsafe-fixes] [--pin-from-env]
               [--max-warnings N] [--quiet] [--config F] [--cache] [--cache-location F]
    --unsafe-fixes  with --fix: also apply suggestions that may change behaviour
    --pin-from-env  with --fix: pin unpinned %pip installs to the versions installed in
                    the Python on PATH (or $NBCRAFT_PYTHON)
  nbcraft rules [--format text|json]
  nbcraft promote NOTEBOOK [--cells SPEC] [--module PATH] [--function NAME] [--tests DIR]
                  [--dry-run] [--check] [--on-conflict fail|replace|rename]
  nbcraft --version

Exit codes: 0 clean, 1 findings, 2 usage error or unreadable input.
`;

/** A command another module provides (promote): `execute(argv, io) -> exit code`. */
interface SubcommandModule {
  execute(argv: string[], io: CliIo): Promise<number>;
}

/** Loaded on demand: `nbcraft lint` never pays for the promote planner. */
async function loadSubcommand(name: string): Promise<SubcommandModule | null> {
  try {
    return (await import(`./${name}`)) as SubcommandModule;
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      (err as Error).message.includes(`./${name}`)
    ) {
      return null;
    }
    throw err;
  }
}

export async function execute(
  argv: string[],
  given: CliIo = nodeIo()
): Promise<number> {
  // stderr is human text that names files and config keys from the project (stdout is each
  // format's own business)
  const io = ciSafeIo(given);
  const command = argv.at(0);
  const rest = argv.slice(1);
  try {
    switch (command) {
      case 'lint':
        return await runLint(rest, io);
      case 'rules': {
        const { values } = parseArgs({
          args: rest,
          options: { format: { type: 'string', default: 'text' } },
          strict: true
        });
        return rulesCommand(values.format, io);
      }
      // ---- promote dispatch point: src/cli/promote.ts exports `execute(argv, io)` (owned by the promote engineer) ----
      case 'promote': {
        const promote = await loadSubcommand('promote');
        if (!promote) {
          io.stderr('nbcraft: the promote command is not part of this build\n');
          return 2;
        }
        return await promote.execute(rest, io);
      }
      case '--version':
      case '-v':
        io.stdout(`${VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return 0;
      case undefined:
        io.stderr(USAGE);
        return 2;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(describeConfigError(err));
      return 2;
    }
    if (
      err instanceof PythonEnvError ||
      (err as Error | null)?.name === 'WriteRefusedError'
    ) {
      io.stderr(`nbcraft: ${(err as Error).message}\n`);
      return 2;
    }
    if (
      err instanceof UsageError ||
      (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr(`nbcraft: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`nbcraft: internal error: ${(err as Error).message}\n`);
    return 2;
  }
}

async function runLint(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      'output-file': { type: 'string', short: 'o' },
      fix: { type: 'boolean', default: false },
      'unsafe-fixes': { type: 'boolean', default: false },
      'pin-from-env': { type: 'boolean', default: false },
      'max-warnings': { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      config: { type: 'string', short: 'c' },
      cache: { type: 'boolean', default: false },
      'cache-location': { type: 'string' }
    }
  });
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) {
      throw new UsageError(
        `--max-warnings needs a whole number >= 0, got "${values['max-warnings']}"`
      );
    }
  }
  for (const flag of ['unsafe-fixes', 'pin-from-env'] as const) {
    if (values[flag] && !values.fix) {
      throw new UsageError(`--${flag} changes what --fix applies: add --fix`);
    }
  }
  return lintCommand(
    {
      targets: positionals,
      format: values.format,
      outputFile: values['output-file'],
      fix: values.fix,
      unsafeFixes: values['unsafe-fixes'],
      pinFromEnv: values['pin-from-env'],
      maxWarnings,
      quiet: values.quiet,
      config: values.config,
      cache: values.cache,
      cacheLocation: values['cache-location']
    },
    io
  );
}
