/**
 * Where a lint runs. Requests are plain, structured-clone-safe data that carry only the cells
 * changed since the previous request, so the same handler runs in the Web Worker
 * (`WorkerLintRunner`, lintWorker.ts) or on the calling thread (`InlineLintRunner`, the fallback).
 */
import { withPinVersions } from '@nbcraft/lint-rules';
import type { EnabledRule, RepositoryState } from '@nbcraft/lint-rules';
import type { LocatedConfig } from './configLocator';
import { LiveNotebookLinter } from './liveLinter';
import { buildReport, emptyReport } from './lintReport';
import type { NotebookLintReport } from './lintReport';
import { makeNotice } from './notices';
import { TranslatableError } from '../core/translatable';
import { effectiveConfig } from './lintSettings';
import type { LintUserSettings } from './lintSettings';
import type { CellInput, NotebookInput } from './notebookSnapshot';

/** A cell in a lint request: in full, or only its id when it is unchanged since the last request. */
export type RequestCell = CellInput | { id: string; unchanged: true };

/** One lint request: plain data, so it can cross to a worker. */
export interface LintRequest {
  /** which open notebook (each keeps its own caches) */
  session: string;
  path: string;
  metadata: Readonly<Record<string, unknown>>;
  cells: RequestCell[];
  /** changes whenever `located` or `settings` change */
  configVersion: number;
  located: LocatedConfig;
  settings: LintUserSettings;
  /** versions the kernel reported for unpinned `%pip install` packages (see NotebookInput) */
  pinVersions?: Record<string, string>;
  /** the notebook's git repository (the repository lint rules), when the server said */
  repository?: RepositoryState;
}

/** The report as it crosses back (maps are rebuilt on arrival). */
export type LintResponse = Pick<
  NotebookLintReport,
  'path' | 'cells' | 'findings' | 'notices' | 'timing'
>;

export interface LintRunner {
  lint(
    input: NotebookInput,
    session: string,
    located: LocatedConfig,
    settings: LintUserSettings,
    configVersion: number
  ): Promise<NotebookLintReport>;
  forget(session: string): void;
  dispose(): void;
}

/** Turns a notebook into a request, sending only the cells that changed since `previous`. */
export class RequestEncoder {
  private sent = new Map<string, Map<string, CellInput>>();

  encode(
    input: NotebookInput,
    session: string,
    located: LocatedConfig,
    settings: LintUserSettings,
    configVersion: number
  ): LintRequest {
    const previous = this.sent.get(session) ?? new Map<string, CellInput>();
    const next = new Map<string, CellInput>();
    const cells: RequestCell[] = input.cells.map(cell => {
      next.set(cell.id, cell);
      const last = previous.get(cell.id);
      return last?.source === cell.source &&
        last.cellType === cell.cellType &&
        last.executionCount === cell.executionCount &&
        last.outputs === cell.outputs &&
        last.metadata === cell.metadata
        ? { id: cell.id, unchanged: true as const }
        : cell;
    });
    this.sent.set(session, next);
    return {
      session,
      path: input.path,
      metadata: input.metadata,
      cells,
      configVersion,
      located,
      settings,
      ...(input.pinVersions ? { pinVersions: { ...input.pinVersions } } : {}),
      repository: input.repository
    };
  }

  forget(session: string): void {
    this.sent.delete(session);
  }
}

interface PinnedRules {
  from: readonly EnabledRule[];
  key: string;
  rules: readonly EnabledRule[];
}

/** The receiving side: rebuilds inputs, keeps one linter per notebook, lints. */
export class RequestHandler {
  private readonly linters = new Map<
    string,
    {
      linter: LiveNotebookLinter;
      cells: Map<string, CellInput>;
      config: {
        version: number;
        path: string;
        value: ReturnType<typeof effectiveConfig>;
      } | null;
      /** the last answer and what it was for, to answer a request that changes nothing */
      last: { key: string; response: LintResponse } | null;
      pinned?: PinnedRules;
    }
  >();

  /**
   * The rules with the kernel's versions given to unpinned-pip-install, the same list while
   * neither changes (the engine keys its per-cell findings cache on the list).
   */
  private rulesOf(
    entry: { pinned?: PinnedRules },
    rules: readonly EnabledRule[],
    versions: Record<string, string> | undefined
  ): readonly EnabledRule[] {
    if (!versions) {
      return rules;
    }
    const key = JSON.stringify(versions);
    if (entry.pinned?.from !== rules || entry.pinned.key !== key) {
      entry.pinned = {
        from: rules,
        key,
        rules: withPinVersions(rules, versions)
      };
    }
    return entry.pinned.rules;
  }

  handle(request: LintRequest): LintResponse {
    let entry = this.linters.get(request.session);
    if (!entry) {
      entry = {
        linter: new LiveNotebookLinter(),
        cells: new Map(),
        config: null,
        last: null
      };
      this.linters.set(request.session, entry);
    }
    const known = entry.cells;
    const cells: CellInput[] = [];
    for (const cell of request.cells) {
      const full = 'unchanged' in cell ? known.get(cell.id) : cell;
      if (!full) {
        throw new TranslatableError(tr =>
          tr.__('The lint request refers to an unknown cell %1.', cell.id)
        );
      }
      cells.push(full);
    }
    entry.cells = new Map(cells.map(c => [c.id, c]));
    if (
      entry.config?.version !== request.configVersion ||
      entry.config.path !== request.path
    ) {
      entry.config = {
        version: request.configVersion,
        path: request.path,
        value: effectiveConfig(request.located, request.path, request.settings)
      };
    }
    // A lint is a function of (path, notebook metadata, cells, config): when no cell changed
    // and the rest is equal (e.g. a kernel or dirty-state signal), the last answer stands.
    const key = JSON.stringify([
      request.path,
      request.configVersion,
      request.metadata,
      request.pinVersions ?? null,
      request.repository ?? null,
      cells.map(c => c.id)
    ]);
    const unchanged = request.cells.every(c => 'unchanged' in c);
    if (unchanged && entry.last?.key === key) {
      return entry.last.response;
    }
    const config = entry.config.value;
    const report = entry.linter.lint(
      {
        path: request.path,
        metadata: request.metadata,
        cells,
        repository: request.repository
      },
      this.rulesOf(
        entry,
        config.resolved.rulesFor(config.relativePath),
        request.pinVersions
      )
    );
    const response: LintResponse = {
      path: report.path,
      cells: report.cells,
      findings: report.findings,
      notices: report.notices,
      timing: report.timing
    };
    entry.last = { key, response };
    return response;
  }

  forget(session: string): void {
    this.linters.delete(session);
  }
}

/** Rebuilds the per-cell views of a response. */
export function reportFromResponse(response: LintResponse): NotebookLintReport {
  return buildReport(
    response.path,
    response.cells,
    response.findings,
    [...response.notices],
    response.timing
  );
}

/** Lints on the calling thread (same encoder/handler path as the worker). */
export class InlineLintRunner implements LintRunner {
  private readonly encoder = new RequestEncoder();
  private readonly handler = new RequestHandler();

  lint(
    input: NotebookInput,
    session: string,
    located: LocatedConfig,
    settings: LintUserSettings,
    configVersion: number
  ): Promise<NotebookLintReport> {
    try {
      const request = this.encoder.encode(
        input,
        session,
        located,
        settings,
        configVersion
      );
      return Promise.resolve(reportFromResponse(this.handler.handle(request)));
    } catch (error) {
      this.encoder.forget(session);
      this.handler.forget(session);
      return Promise.resolve(
        emptyReport(input.path, [makeNotice('failure', String(error))])
      );
    }
  }

  forget(session: string): void {
    this.encoder.forget(session);
    this.handler.forget(session);
  }

  dispose(): void {
    // nothing to release on the calling thread
  }
}
