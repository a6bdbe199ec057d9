/** Identifiers of the live-linting capability, in one place. */

export const LINT_PLUGIN_ID = 'nbcraft:lint';

/** Rules whose findings suggest moving the cell's code into a module. */
export const PROMOTE_WORTHY_RULES: ReadonlySet<string> = new Set([
  'cell-too-long'
]);

export const DIAGNOSTICS_PANEL_ID = 'nbcraft-lint-diagnostics';
