/** Command ids of the promote capability, in one place. */
export const CommandIds = {
  promote: 'nbcraft:promote'
} as const;

/** The plugin id; its settings schema is schema/promote.json. */
export const PLUGIN_ID = 'nbcraft:promote';
