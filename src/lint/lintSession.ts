/**
 * Live linting of one open notebook: listens to edits, executions, kernel and config changes,
 * debounces them, and publishes a fresh report. Linting runs after the debounce in its own task,
 * so a keystroke only restarts a timer.
 */
import type { ICellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { Contents } from '@jupyterlab/services';
import { ConfigError } from '@nbcraft/lint-rules';
import type { Finding, RepositoryState } from '@nbcraft/lint-rules';
import type { IDisposable } from '@lumino/disposable';
import { Signal } from '@lumino/signaling';
import type { ISignal } from '@lumino/signaling';

import { FolderReader } from '../core/folderReader';
import { locateConfig } from './configLocator';
import type { LocatedConfig } from './configLocator';
import { applyCellFix } from './fixEdit';
import { askInstalledVersions, unpinnedPackages } from './kernelVersions';
import { planFix } from './fixPlan';
import type { FixPlan } from './fixPlan';
import type { LintRunner } from './lintRunner';
import { emptyReport } from './lintReport';
import type { NotebookLintReport } from './lintReport';
import { effectiveConfig } from './lintSettings';
import { configNotice, makeNotice } from './notices';
import type { LintUserSettings } from './lintSettings';
import { NotebookInputReader } from './notebookInput';

export interface LintSessionOptions {
  contents: Contents.IManager;
  settings: () => LintUserSettings;
  /** where lints run (a Web Worker in the lab) */
  runner: LintRunner;
  /**
   * The git state of the notebook's repository (the server's `/nbcraft/provenance/git`);
   * undefined when it cannot tell. Asked again after each save.
   */
  repository?: (path: string) => Promise<RepositoryState | undefined>;
}

export class NotebookLintSession implements IDisposable {
  private readonly _changed = new Signal<this, NotebookLintReport>(this);
  private configVersion = 0;
  private lastSettings: LintUserSettings | null = null;
  private readonly reader = new NotebookInputReader();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private config: Promise<LocatedConfig | Error> | null = null;
  private repository: Promise<RepositoryState | undefined> | null = null;
  private _report: NotebookLintReport;
  private _isDisposed = false;
  private _linted = false;
  private running = false;
  private rerun = false;
  /** versions the kernel reported for unpinned `%pip install` packages, and what was asked */
  private pinVersions: Record<string, string> = {};
  private askedPackages = new Set<string>();
  private asking = false;

  constructor(
    readonly panel: NotebookPanel,
    private readonly options: LintSessionOptions
  ) {
    this._report = emptyReport(panel.context.path);
    const model = panel.context.model;
    model.contentChanged.connect(this.onEdit);
    model.sharedModel.changed.connect(this.onEdit);
    panel.sessionContext.kernelChanged.connect(this.onKernelChanged);
    panel.context.pathChanged.connect(this.onPathChanged);
    panel.context.saveState.connect(this.onSaveState);
    void panel.context.ready.then(() => {
      this.schedule(0);
    });
  }

  /** Emitted with each new report. */
  get changed(): ISignal<this, NotebookLintReport> {
    return this._changed;
  }

  get report(): NotebookLintReport {
    return this._report;
  }

  /** Whether a lint has published its report yet (before: `report` is an empty one). */
  get linted(): boolean {
    return this._linted;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Lints after `delay` ms (the user's debounce by default), restarting a pending timer. */
  schedule(delay = this.options.settings().debounceMs): void {
    if (this._isDisposed) {
      return;
    }
    if (this.timer !== null) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delay);
  }

  /** Forgets the config, so the next lint finds and reads it again. */
  reloadConfig(): void {
    this.config = null;
    this.configVersion++;
    this.schedule(0);
  }

  /** The cell model of a cell id in this notebook. */
  cellModel(cellId: string): ICellModel | null {
    for (const cell of this.panel.context.model.cells) {
      if (cell.sharedModel.getId() === cellId) {
        return cell;
      }
    }
    return null;
  }

  /** Applies a finding's fix as one undoable step of each changed cell's editor. */
  applyFix(finding: Finding): FixPlan {
    if (!finding.fix) {
      return { ok: false, reason: 'missing-cell' };
    }
    const plan = planFix(finding.fix, this._report.cells, id => {
      const cell = this.cellModel(id);
      return cell ? cell.sharedModel.getSource() : null;
    });
    if (plan.ok) {
      // one step in each cell editor's own undo history (Ctrl+Z in the editor undoes it)
      for (const cellEdits of plan.cells) {
        const cell = this.cellModel(cellEdits.cellId);
        if (cell && !cellEdits.deleteCell) {
          applyCellFix(cell.sharedModel, cellEdits.edits);
        }
      }
      // deletions last, so the other edits found their cells (the notebook's undo restores them)
      const notebook = this.panel.context.model.sharedModel;
      for (const cellEdits of plan.cells) {
        if (cellEdits.deleteCell) {
          const index = notebook.cells.findIndex(
            c => c.getId() === cellEdits.cellId
          );
          if (index >= 0) {
            notebook.deleteCell(index);
          }
        }
      }
      this.schedule(0);
    }
    return plan;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this.options.runner.forget(this.panel.id);
    if (this.timer !== null) {
      clearTimeout(this.timer);
    }
    const model = this.panel.context.model;
    model.contentChanged.disconnect(this.onEdit);
    model.sharedModel.changed.disconnect(this.onEdit);
    this.panel.sessionContext.kernelChanged.disconnect(this.onKernelChanged);
    this.panel.context.pathChanged.disconnect(this.onPathChanged);
    this.panel.context.saveState.disconnect(this.onSaveState);
    Signal.clearData(this);
  }

  private readonly onEdit = (): void => {
    this.schedule();
  };

  private readonly onPathChanged = (): void => {
    this.repository = null;
    this.reloadConfig();
  };

  /** another kernel has other packages: forget what the last one reported */
  private readonly onKernelChanged = (): void => {
    this.pinVersions = {};
    this.askedPackages = new Set();
    this.schedule();
  };

  /**
   * Asks the kernel which versions of the packages that `%pip install` leaves unpinned it has
   * (once per package and kernel), then lints again so those findings offer the pinned line.
   */
  private async pinFromKernel(report: NotebookLintReport): Promise<void> {
    const kernel = this.panel.sessionContext.session?.kernel;
    const spec = this.panel.context.model.getMetadata('kernelspec') as
      { language?: unknown } | undefined;
    if (
      this.asking ||
      !kernel ||
      (typeof spec?.language === 'string' &&
        !spec.language.toLowerCase().startsWith('python'))
    ) {
      return;
    }
    const names = unpinnedPackages(report.findings, report.cells).filter(
      n => !this.askedPackages.has(n)
    );
    if (names.length === 0) {
      return;
    }
    names.forEach(n => this.askedPackages.add(n));
    this.asking = true;
    let versions: Record<string, string> | null;
    try {
      versions = await askInstalledVersions(kernel, names);
    } finally {
      this.asking = false;
    }
    if (
      !this._isDisposed &&
      kernel === this.panel.sessionContext.session?.kernel &&
      versions &&
      Object.keys(versions).length > 0
    ) {
      this.pinVersions = { ...this.pinVersions, ...versions };
      this.schedule(0);
    }
  }

  /** A save changes what git sees (the notebook itself may now differ from the commit). */
  private readonly onSaveState = (
    _context: unknown,
    state: 'started' | 'completed' | 'failed'
  ): void => {
    if (state === 'completed' && this.options.repository) {
      this.repository = null;
      this.schedule(0);
    }
  };

  private async run(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = true;
    try {
      await this.lintOnce();
    } finally {
      this.running = false;
    }
    if (this.rerun) {
      this.rerun = false;
      this.schedule(0);
    }
  }

  private async lintOnce(): Promise<void> {
    const path = this.panel.context.path;
    const settings = this.options.settings();
    if (!settings.enabled) {
      this.publish(emptyReport(path));
      return;
    }
    if (!this.config) {
      // one reader for the one lookup a session makes (reloadConfig clears it)
      const reader = new FolderReader(this.options.contents, {
        existingPath: path
      });
      this.config = locateConfig(path, file => reader.readText(file)).catch(
        (error: unknown) =>
          error instanceof Error ? error : new Error(String(error))
      );
    }
    const [located, repository] = await Promise.all([
      this.config,
      this.repositoryState(path)
    ]);
    if (this._isDisposed) {
      return;
    }
    try {
      if (located instanceof Error) {
        throw located;
      }
      const config = effectiveConfig(located, path, settings);
      if (config.ignored) {
        this.publish(
          emptyReport(path, [
            located.file
              ? makeNotice('ignored', located.file)
              : makeNotice('ignoredByConfig')
          ])
        );
        return;
      }
    } catch (error) {
      const notice =
        error instanceof ConfigError
          ? configNotice(error)
          : { kind: 'config' as const, message: String(error) };
      this.publish(emptyReport(path, [notice]));
      return;
    }
    // the config was validated above so that its errors show at once; the runner resolves
    // the same located config into rules on its side
    if (settings !== this.lastSettings) {
      this.lastSettings = settings;
      this.configVersion++;
    }
    // what the main thread spends per lint (reading the model, posting the changed cells)
    const mark = `nbcraft-lint-${this.panel.id}`;
    performance.mark(`${mark}-start`);
    const read = this.reader.read(this.panel.context.model, path);
    const input = {
      ...(Object.keys(this.pinVersions).length
        ? { ...read, pinVersions: this.pinVersions }
        : read),
      repository
    };
    const pending = this.options.runner.lint(
      input,
      this.panel.id,
      located,
      settings,
      this.configVersion
    );
    performance.measure('nbcraft-lint-main-thread', `${mark}-start`);
    const report = await pending;
    performance.measure('nbcraft-lint-total', `${mark}-start`);
    // the notebook may have been closed while the worker linted
    if (!this.isDisposed) {
      this.publish(report);
      void this.pinFromKernel(report);
    }
  }

  private repositoryState(path: string): Promise<RepositoryState | undefined> {
    const ask = this.options.repository;
    if (!ask) {
      return Promise.resolve(undefined);
    }
    this.repository ??= ask(path).catch(() => undefined);
    return this.repository;
  }

  private publish(report: NotebookLintReport): void {
    this._report = report;
    this._linted = true;
    this._changed.emit(report);
  }
}
