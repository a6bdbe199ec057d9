export * from './types';
export * from './suppressions';
export * from './engine';
export * from './version';
export * from './lintFile';
export { applyTextEdits, type TextEdit } from './text';
