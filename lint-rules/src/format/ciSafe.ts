/**
 * What the formatters print reaches a CI log, where a notebook's file name, tags or code
 * (`##vso[task.setvariable ...]`, `::error::`) must not run as a logging command, and an
 * invisible or direction-changing character must not hide or reorder text. Each format escapes
 * in its own way, so what a reader parses back is exactly the data (ciSafe does it for the
 * human formats).
 */
import {
  BLOCK,
  escapeCiCommands,
  replaceInBlocks
} from '../promote/controlCharacters';

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

/** A UTF-16 unit from U+007F up: every character RAW_IN_JSON matches holds one. */
const PAST_ASCII = /[\u007f-\uffff]/;

/** JSON text (JSON.stringify's output) with the same data and no CI command in it. */
export function jsonCiSafe(json: string): string {
  // RAW_IN_JSON is tried only in blocks holding a character past ASCII (a report is mostly
  // ASCII, which this plain class passes over natively); a block never ends inside a surrogate
  // pair, so each code point is matched whole, as over the whole text
  const raw = replaceInBlocks(
    json,
    from => {
      const to = Math.min(json.length, from + BLOCK);
      const unit = json.charCodeAt(to - 1);
      return to < json.length && unit >= 0xd800 && unit <= 0xdbff ? to + 1 : to;
    },
    block => PAST_ASCII.test(block),
    block => block.replace(RAW_IN_JSON, jsonEscape)
  );
  return escapeCiCommands(raw, jsonEscape);
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
