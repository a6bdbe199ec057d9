export * from './errors';
export * from './schema';
export * from './parse';
export * from './resolve';
export * from './jsonSchema';
export * from './projectMetadata';
