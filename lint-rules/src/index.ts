export * from './notebook';
export * from './python';
export * from './engine';
export * from './rules';
export * from './config';
export * from './format';
export * from './fix';
export * from './promote';
