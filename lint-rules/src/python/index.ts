export * from './types';
export { BUILTINS, DATABRICKS_NAMES } from './builtins';
