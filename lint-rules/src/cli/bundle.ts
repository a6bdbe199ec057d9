/**
 * The entry of `lib/cli/nbcraft.bundle.js`, the CLI and its library in one file (see
 * scripts/bundle-cli.js), which bin/nbcraft.js loads through the V8 code cache (codeCache.ts).
 */
export { execute } from './main';

/** In a worker thread started by pool.ts: serve lint jobs from this same bundle. */
export function serveLintJobs(): Promise<unknown> {
  return import('./worker');
}
