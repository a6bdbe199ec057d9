/** The plugin id; its settings schema (with the toolbar item) is schema/compute.json. */
export const PLUGIN_ID = 'nbcraft:compute';

/** The toolbar item's name in `jupyter.lab.toolbars` / IToolbarWidgetRegistry. */
export const TOOLBAR_ITEM = 'nbcraft-compute';

/** Generated kernelspecs are named `nbcraft-<target>` by the server extension. */
export const GENERATED_PREFIX = 'nbcraft-';
