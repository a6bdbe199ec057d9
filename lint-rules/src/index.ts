export * from './notebook';
export * from './python';
