/**
 * One file in, one result out: read, lint (and fix), never throw for bad input. Pure (no fs),
 * shared by the CLI, its worker threads and any host that has the file text.
 */
import { NotebookReadError, readNotebook } from '../notebook';
import { fixNotebook } from '../fix/apply';
import type { CellAnalysis } from '../python/types';
import type { FileResult } from '../format/types';
import type { ResolvedConfig } from '../config/resolve';
import { lintNotebook, RuleFailure } from './engine';
import type { EnabledRule, RepositoryState } from './types';

export interface LintFileOptions {
  /** apply safe fixes; `newText` is set when the file changed */
  fix?: boolean;
  /** with `fix`: apply unsafe fixes (suggestions) too */
  unsafeFixes?: boolean;
  /**
   * Installed distribution versions (lower-case name -> version) to pin unpinned `%pip install`
   * lines to: the lab's kernel or the CLI's `--pin-from-env` interpreter.
   */
  pinVersions?: Record<string, string>;
  /**
   * The distribution names of the project the file belongs to, added to unpinned-pip-install's
   * `ownPackages` (the CLI reads them from the nearest project metadata, cli/projectNames.ts).
   */
  ownPackages?: readonly string[];
  /** the path relative to the config's folder (per-file ignores); defaults to `path` */
  configRelativePath?: string;
  /** the notebook's git repository (RuleContext.repository), when the host knows it */
  repository?: RepositoryState;
  /**
   * Cell analyses by source, shared with the other files of the same run (`analyzeNotebook`'s
   * `cache`): a cell copied between notebooks is parsed once. Used when linting, not fixing.
   */
  analysisCache?: Map<string, CellAnalysis>;
}

export interface LintFileOutcome {
  result: FileResult;
  /** the fixed file text, only when --fix changed something */
  newText?: string;
}

/** The rules with unpinned-pip-install's options changed by `change`, the others as they are. */
function withPipOptions(
  rules: readonly EnabledRule[],
  change: (options: Record<string, unknown>) => Record<string, unknown>
): readonly EnabledRule[] {
  return rules.map(r =>
    r.rule.meta.id === 'unpinned-pip-install'
      ? { ...r, options: change(r.options as Record<string, unknown>) }
      : r
  );
}

/** The rules with unpinned-pip-install told which versions are installed. */
export function withPinVersions(
  rules: readonly EnabledRule[],
  versions: Record<string, string> | undefined
): readonly EnabledRule[] {
  if (!versions) {
    return rules;
  }
  return withPipOptions(rules, options => ({
    ...options,
    installedVersions: versions
  }));
}

/** The rules with the project's own names added to unpinned-pip-install's `ownPackages`. */
export function withOwnPackages(
  rules: readonly EnabledRule[],
  names: readonly string[] | undefined
): readonly EnabledRule[] {
  if (!names || names.length === 0) {
    return rules;
  }
  return withPipOptions(rules, options => ({
    ...options,
    ownPackages: [
      ...((options.ownPackages as readonly string[] | undefined) ?? []),
      ...names
    ]
  }));
}

export function lintFile(
  path: string,
  text: string,
  config: ResolvedConfig,
  options: LintFileOptions = {}
): LintFileOutcome {
  const rules = withOwnPackages(
    withPinVersions(
      config.rulesFor(options.configRelativePath ?? path),
      options.pinVersions
    ),
    options.ownPackages
  );
  let nb;
  try {
    nb = readNotebook(path, text);
  } catch (err) {
    if (err instanceof NotebookReadError) {
      return {
        result: {
          path,
          findings: [],
          error: {
            kind: 'unreadable',
            message: err.message,
            line: err.line,
            column: err.column,
            cell: err.cell,
            hint: err.hint
          }
        }
      };
    }
    return {
      result: {
        path,
        findings: [],
        error: {
          kind: 'unreadable',
          message: `cannot read notebook: ${(err as Error).message}`
        }
      }
    };
  }
  try {
    if (options.fix) {
      const fixed = fixNotebook(nb, rules, 10, {
        unsafe: options.unsafeFixes,
        repository: options.repository
      });
      return {
        result: {
          path,
          notebookFormat: nb.format,
          findings: fixed.findings,
          fixed: fixed.fixed,
          cells: nb.cells.length
        },
        newText: fixed.fixed > 0 && fixed.text !== text ? fixed.text : undefined
      };
    }
    return {
      result: {
        path,
        notebookFormat: nb.format,
        findings: lintNotebook(nb, rules, {
          repository: options.repository,
          analysisCache: options.analysisCache
        }),
        cells: nb.cells.length
      }
    };
  } catch (err) {
    const cell =
      err instanceof RuleFailure && err.cell !== null ? err.cell : undefined;
    return {
      result: {
        path,
        notebookFormat: nb.format,
        findings: [],
        cells: nb.cells.length,
        error: {
          kind: 'internal',
          message: `nbcraft failed while linting: ${(err as Error).message}`,
          cell,
          hint: 'please report this with the notebook attached; switch the rule off to lint the rest'
        }
      }
    };
  }
}
