/**
 * What the formatters print reaches a CI log, where a notebook's file name, tags or code
 * (`##vso[task.setvariable ...]`, `::error::`) must not run as a logging command, and an
 * invisible or direction-changing character must not hide or reorder text. Each format escapes
 * in its own way, so what a reader parses back is exactly the data (ciSafe does it for the
 * human formats).
 */
import { escapeCiCommands } from '../promote/controlCharacters';

/**
 * What JSON.stringify leaves raw but a log shows wrongly or reads as a line break: DEL and the
 * C1 controls (U+0085 NEL), U+2028/U+2029, and every format character (Cf: bidi controls,
 * zero-width characters ...).
 */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

/** `char` as `\uXXXX` text, one escape per UTF-16 unit */
export const jsonEscape = (char: string): string =>
  Array.from(
    { length: char.length },
    (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`
  ).join('');

/**
 * The runs of UTF-16 units from U+007F up: every character RAW_IN_JSON matches is in one (DEL is
 * its lowest; a surrogate pair is never split), and a report is mostly ASCII, which this plain
 * class passes over natively where RAW_IN_JSON's Unicode class is tried at every position.
 */
const PAST_ASCII = /[\u007f-\uffff]+/g;

/** JSON text (JSON.stringify's output) with the same data and no CI command in it. */
export function jsonCiSafe(json: string): string {
  // RAW_IN_JSON replaced within each run only, and the text rebuilt only where a run changed:
  // a replace() with a function over an 8 MB report cost 3 times the search, and a copy of it
  // (a 16 MB string when it holds one character past Latin-1) the same again
  let out = '';
  let done = 0;
  PAST_ASCII.lastIndex = 0;
  for (let m = PAST_ASCII.exec(json); m; m = PAST_ASCII.exec(json)) {
    const safe = m[0].replace(RAW_IN_JSON, jsonEscape);
    if (safe !== m[0]) {
      out += json.slice(done, m.index) + safe;
      done = PAST_ASCII.lastIndex;
    }
  }
  return escapeCiCommands(
    done === 0 ? json : out + json.slice(done),
    jsonEscape
  );
}

/** As RAW_IN_JSON, plus tab and the line breaks, which an attribute would not keep. */
const RAW_IN_XML = /[\t\n\r\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

const xmlReference = (char: string) =>
  `&#x${(char.codePointAt(0) ?? 0).toString(16)};`;

/**
 * Escaped XML text (after `&`, `<`, `>`, `"`), for an attribute or an element: the characters
 * above and the start of a CI command as numeric character references.
 */
export function xmlCiSafe(escapedXml: string): string {
  return escapeCiCommands(
    escapedXml.replace(RAW_IN_XML, xmlReference),
    xmlReference
  );
}
