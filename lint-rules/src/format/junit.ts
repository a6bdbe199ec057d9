/** JUnit XML: one testsuite per file, one failing testcase per finding (one passing case for a clean file). */
import { cellLocation, errorText } from './location';
import { jsonEscape, xmlCiSafe } from './ciSafe';
import type { Formatter } from './types';

/**
 * What XML 1.0's Char production leaves out: the C0 controls but tab, line feed and carriage
 * return, U+FFFE, U+FFFF and a surrogate without its pair.
 */
const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- the controls are what it finds
  /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `s` with each character XML cannot carry written as visible `\uXXXX` text, so none is lost. */
const showXmlInvalid = (s: string): string =>
  s.replace(XML_INVALID, jsonEscape);

const xml = (s: string) =>
  xmlCiSafe(
    showXmlInvalid(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );

export const junit: Formatter = results => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const r of results) {
    const cases: string[] = [];
    if (r.error) {
      errors++;
      tests++;
      cases.push(
        `    <testcase name="${xml('read notebook')}" classname="${xml(r.path)}" file="${xml(r.path)}"${r.error.line !== undefined ? ` line="${r.error.line}"` : ''}>\n      <error message="${xml(errorText(r))}" type="unreadable">${xml(`${r.path}${r.error.line !== undefined ? `:${r.error.line}` : ''}: ${errorText(r)}`)}</error>\n    </testcase>`
      );
    } else if (r.findings.length === 0) {
      tests++;
      cases.push(
        `    <testcase name="nbcraft lint" classname="${xml(r.path)}" file="${xml(r.path)}"/>`
      );
    } else {
      for (const f of r.findings) {
        tests++;
        failures++;
        const where = cellLocation(f);
        const name = `${f.ruleCode} ${f.ruleId}${where ? ` ${where}` : ''}`;
        cases.push(
          `    <testcase name="${xml(name)}" classname="${xml(r.path)}" file="${xml(r.path)}" line="${f.file.line}">\n      <failure message="${xml(f.message)}" type="${xml(f.ruleCode)}">${xml(`${r.path}:${f.file.line}:${f.file.column}: ${f.severity}: ${f.message}${where ? ` (${where})` : ''}`)}</failure>\n    </testcase>`
        );
      }
    }
    const suiteFailures = r.error ? 0 : r.findings.length;
    suites.push(
      `  <testsuite name="${xml(r.path)}" tests="${cases.length}" failures="${suiteFailures}" errors="${r.error ? 1 : 0}">\n${cases.join('\n')}\n  </testsuite>`
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="nbcraft" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
};
