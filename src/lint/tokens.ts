/** Identifiers of the live-linting capability, in one place. */

export const LINT_PLUGIN_ID = 'nbcraft:lint';

export namespace LintCommandIds {
  /** opens (or reveals) the diagnostics panel */
  export const openPanel = 'nbcraft:lint-open-panel';
  /** re-reads the config and lints the current notebook now */
  export const relint = 'nbcraft:lint-notebook';
}

/** The promote capability's command; offered on long cells once it exists. */
export const PROMOTE_COMMAND = 'nbcraft:promote';

/** Rules whose findings suggest moving the cell's code into a module. */
export const PROMOTE_WORTHY_RULES: ReadonlySet<string> = new Set([
  'cell-too-long'
]);

export const DIAGNOSTICS_PANEL_ID = 'nbcraft-lint-diagnostics';
