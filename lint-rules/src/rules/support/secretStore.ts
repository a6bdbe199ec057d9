/**
 * Reads of a secret from a store, and fixed stand-ins written beside them. A notebook that reads
 * its real credential from a store (Databricks' `dbutils.secrets.get(scope, key)`, an
 * environment variable, Azure Key Vault's `SecretClient.get_secret`, Synapse's and Fabric's
 * `mssparkutils.credentials.getSecret` / `notebookutils.credentials.getSecret`, `getpass`,
 * `keyring.get_password`) sometimes fills another credential field with a fixed word the code
 * behind it ignores or tests for: the Security Analysis Tool sets `token = 'dapijedi'` and passes
 * it with the client secret it reads from `dbutils.secrets.get(...)` when it authenticates as a
 * service principal (a Databricks personal access token is `dapi` and 32 hex digits: NB401).
 */

import type { LintCell } from '../../engine/types';
import { looksLikeKey } from './secrets';

/** a call or subscript that reads a secret from a store */
const STORE_READ =
  /\b(?:dbutils\.secrets\.get(?:Bytes)?|(?:mssparkutils|notebookutils)\.credentials\.getSecret|get_secret|os\.environ|os\.getenv|getpass|keyring\.get_password)\b/;

/** `name = <a store read>` on one line: group 1 is the name */
const STORE_ASSIGNMENT = new RegExp(
  String.raw`(?:^|[^\w.])([A-Za-z_]\w*)[ \t]*=(?!=)[^\n]*` + STORE_READ.source,
  'gm'
);

/**
 * A value shaped like a key or token: looksLikeKey's shapes, or a run of 16 token characters or
 * more that mixes letters and digits (a Databricks token, `dapi` and 32 hex digits, has too few
 * distinct characters for looksLikeKey's entropy and no word boundary before its hex digits).
 */
function keyShaped(value: string): boolean {
  return (
    looksLikeKey(value) ||
    (value.match(/[A-Za-z0-9_-]{16,}/g) ?? []).some(
      run => /\d/.test(run) && /[A-Za-z]/.test(run)
    )
  );
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether the string `value`, written under the credential name `name` in the cell, is a fixed
 * stand-in for a secret the same cell reads from a store, not a secret: it is shaped like no key
 * (keyShaped: a real token's random characters are reported wherever they are), the cell reads a
 * secret from a store, and the value is tied to that read in one of three ways:
 * - the same name takes the store's value on another line (`token = "dummy"`, then under an `if`,
 *   `token = dbutils.secrets.get(...)`): the literal is a default the store overrides;
 * - the literal is compared against (`if token == "dummy":`): a flag the code tests for;
 * - the value is one word of letters (no digit, no sign: `dapijedi`, not `hunter2` or
 *   `Pa55w0rd!`) and the name (or the literal itself) goes into one dict or call, on one line,
 *   with a value the store gave (`json_.update({'token': token, 'client_secret': client_secret})`
 *   where `client_secret = dbutils.secrets.get(...)`): the credential sent is the store's, the
 *   word fills the field the chosen sign-in leaves unused.
 * A literal beside a store read it never meets (`password = "sunshine"` and, lines away,
 * `key = os.environ["KEY"]`) stays a finding, and so does one with a digit or a sign passed with
 * a stored value (`connect(password=pwd, key=os.environ["K"])` after `pwd = "hunter2"`).
 */
export function isStoreStandIn(
  cell: LintCell,
  name: string,
  value: string
): boolean {
  const source = cell.cell.source;
  if (keyShaped(value) || !STORE_READ.test(source)) {
    return false;
  }
  const stored = new Set<string>();
  for (const m of source.matchAll(STORE_ASSIGNMENT)) stored.add(m[1]);
  if (stored.has(name)) {
    return true;
  }
  const literal = String.raw`[rRuUbB]?(['"])${escaped(value)}\1`;
  if (
    new RegExp(String.raw`[=!]=[ \t]*${literal}|${literal}[ \t]*[=!]=`).test(
      source
    )
  ) {
    return true;
  }
  if (!/^[A-Za-z]+$/.test(value)) {
    return false;
  }
  // a line that passes this name's value (as a dict value or a
  // keyword argument, or the literal itself under the name) and a stored value together
  const passes = new RegExp(
    String.raw`[:=(,][ \t]*(?:${escaped(name)}\b|${literal})(?![ \t]*=)`
  );
  const storedNames = [...stored].map(name => String.raw`${escaped(name)}\b|`);
  const passesStored = new RegExp(
    String.raw`[:=(,][ \t]*(?:${storedNames.join('')}[^\n]*${STORE_READ.source})`
  );
  return source
    .split(/\r\n|\r|\n/)
    .some(
      line => /[({]/.test(line) && passes.test(line) && passesStored.test(line)
    );
}
