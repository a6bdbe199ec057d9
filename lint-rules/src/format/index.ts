import { azure } from './azure';
import { github } from './github';
import { gitlab } from './gitlab';
import { json } from './json';
import { junit } from './junit';
import { sarif } from './sarif';
import { stylish } from './stylish';
import type { Formatter } from './types';

export * from './types';
export { cellLocation, humanLocation, fingerprints, hash64 } from './location';

export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  stylish,
  json,
  sarif,
  github,
  junit,
  gitlab,
  azure
};
export const FORMAT_NAMES = Object.keys(FORMATTERS);

export function getFormatter(name: string): Formatter | undefined {
  return Object.prototype.hasOwnProperty.call(FORMATTERS, name)
    ? FORMATTERS[name]
    : undefined;
}
