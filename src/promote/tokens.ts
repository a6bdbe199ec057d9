/** The plugin id; its settings schema is schema/promote.json. */
export const PLUGIN_ID = 'nbcraft:promote';
