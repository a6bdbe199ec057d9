/**
 * The fields of an Azure shared access signature that say what it still grants: its permissions
 * (`sp`) and its expiry (`se`). Azure documents `sp` as the permissions the token grants ("Read
 * (r), Write (w), Delete (d), List (l), ...") and `se` as "the time at which the shared access
 * signature becomes invalid" (the storage resource provider's `ServiceSasParameters`).
 */

/** how far around a match the rest of its query is looked for, each way (keeps a scan linear) */
const QUERY_REACH = 1024;

/**
 * where a URL's query ends or a quoted string does: none of these is inside a SAS query (a query
 * cannot hold them unescaped: `|`, `^` and the backtick among them)
 */
const QUERY_END = /[\s'"<>()?#[\]{}\\|^`]/;
/**
 * a `,` or `;` that starts another query's field (`...&sig=AAAA,sv=2020-08-04&...`): the join of
 * two tokens. Within one query the comma separates values (`spr=https,http`), never a field.
 */
const JOIN = /[,;](?=[A-Za-z]\w{0,31}=)/g;

/**
 * The `&`-separated fields of the SAS query holding `text[from, to)`, by name (a name given twice
 * keeps every value). The query may set `sp`/`se` before `sv=` (the portal writes
 * `?sp=r&st=...&se=...&sv=...&sig=...`) or after `sig=` (`...&sig=...&srt=sco&se=...`), so it is
 * read both ways from the match up to a character no query holds, at most QUERY_REACH each way,
 * and no further than a `,` or `;` that joins it to another token (JOIN): each token's own query.
 */
export function sasFields(
  text: string,
  from: number,
  to: number
): Map<string, string[]> {
  let start = from;
  const low = Math.max(0, from - QUERY_REACH);
  while (start > low && !QUERY_END.test(text[start - 1])) {
    start--;
  }
  let end = to;
  const high = Math.min(text.length, to + QUERY_REACH);
  while (end < high && !QUERY_END.test(text[end])) {
    end++;
  }
  // the joined token holding the match: from the last join before it to the first after it
  const window = text.slice(start, end);
  let own = 0;
  let ownEnd = window.length;
  for (const join of window.matchAll(JOIN)) {
    if (join.index < from - start) {
      own = join.index + 1;
    } else if (join.index >= to - start) {
      ownEnd = join.index;
      break;
    }
  }
  const fields = new Map<string, string[]>();
  for (const part of window.slice(own, ownEnd).split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      const name = part.slice(0, eq);
      const values = fields.get(name) ?? [];
      values.push(part.slice(eq + 1));
      fields.set(name, values);
    }
  }
  return fields;
}

/**
 * Whether the SAS whose fields are `fields` can no longer be used and could only ever read:
 * exactly one `sp` made of `r` (read) and `l` (list) only, and exactly one `se` whose day
 * (`YYYY-MM-DD`, the part before any time) is before `today` (`YYYY-MM-DD`). A token that expires
 * today is still live; one that names a stored access policy (`si=`) has permissions and expiry
 * the text does not show, whatever fields of its own it holds; any write, delete, add, create, update, process, tag, filter or
 * immutability permission keeps the token a secret whatever its date.
 */
export function isExpiredReadOnly(
  fields: ReadonlyMap<string, readonly string[]>,
  today: string
): boolean {
  const sp = fields.get('sp');
  const se = fields.get('se');
  if (
    fields.has('si') ||
    sp?.length !== 1 ||
    se?.length !== 1 ||
    !/^[rl]+$/.test(sp[0])
  ) {
    return false;
  }
  const day = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(se[0]);
  return day !== null && day[1] < today;
}

/**
 * a cell that gets its SAS tokens from the Planetary Computer's anonymous token service: its
 * Python client `planetary_computer` (`planetary_computer.sign(...)`, `modifier=
 * planetary_computer.sign_inplace` in `pystac_client`), or the service's endpoint
 * (`planetarycomputer.microsoft.com/api/sas/v1/token`), which "can be used without an account"
 * and signs read-only, short-lived tokens for the catalog's open data (the Planetary Computer's
 * "Using tokens for data access" docs). Tokens in such a notebook's outputs were handed to
 * anyone who asked: when expired and read-only there is nothing private in them to revoke.
 */
export const ANONYMOUS_SAS_SIGNER =
  /\bplanetary_computer\b|planetarycomputer\.microsoft\.com\/api\/sas\b/;

/** today's date in UTC, `YYYY-MM-DD`: the one place NB403 reads the clock */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
