/**
 * SigV4 presigned URLs in an output: the signer's key id a URL carries by design, and whether the
 * output shows a redirect to it (a download), for the secret rules' scan (secrets.ts).
 */
import { lastStartAtOrBefore } from '../../notebook/lines';

/** the parameter a SigV4 presigned URL names its signer's key id in, as written or URL-encoded once more */
const PRESIGNED_CREDENTIAL = /X-Amz-Credential(?:=|%3D)$/i;
/** the credential scope that follows the key id: `/20220301/us-east-1/s3/aws4_request` */
const CREDENTIAL_SCOPE = /^(?:\/|%2F)\d{8}(?:\/|%2F)/i;

/**
 * Whether the match at `index` is the access key id of a SigV4 presigned URL's
 * `X-Amz-Credential=<key id>/<date>/<region>/<service>/aws4_request` query parameter (AWS
 * Signature Version 4, "Authenticating Requests: Using Query Parameters"): every presigned URL
 * carries its signer's key id in the clear by design, and the secret key only signs it (GitHub's
 * release-asset download links in a saved `wget` log). Only in an output, and only where no cell
 * presigns (PRESIGNS): a URL the notebook's own code signed carries the author's key id, and one
 * written in the source (a string, a comment) is the author's too. The same id anywhere else in
 * the text is still reported.
 */
export function isPresignedUrlCredential(
  text: string,
  index: number,
  length: number
): boolean {
  return (
    PRESIGNED_CREDENTIAL.test(text.slice(Math.max(0, index - 19), index)) &&
    CREDENTIAL_SCOPE.test(text.slice(index + length, index + length + 14))
  );
}

/** a redirect's target line: wget's `Location: URL [following]`, curl -v's `< location: URL` */
const LOCATION_LINE = /[ \t]*(?:<[ \t]*)?location:/iy;

/** whether the line starting at `start` is a `Location:` line (read from there: sticky) */
function locationLineAt(text: string, start: number): boolean {
  LOCATION_LINE.lastIndex = start;
  return LOCATION_LINE.test(text);
}

/**
 * a client's request for a URL in its own trace: curl -v's request line (`> GET /path?query
 * HTTP/1.1`) and its `* Issue another request to this URL: '...'` when it follows a redirect (-L),
 * and wget's `--2022-03-01 18:12:35--  URL`
 */
const FOLLOW_LINE =
  /[ \t]*(?:>[ \t]*(?:GET|HEAD)[ \t]|\*[ \t]*Issue another request to this URL:|--\d{4}-\d\d-\d\d \d\d:\d\d:\d\d--[ \t])/y;

/** a Location header holds one URL: its first 8 KiB are enough, and bound the search when one
 * long output line holds many presigned URLs */
const LOCATION_SPAN = 8192;

/**
 * Whether the presigned URL holding the id at `index` is where a service redirected a download
 * (the output shows the redirect): its line is a `Location:` line; or follows one holding the
 * same id (wget fetching the target it was sent to); or is the client's request for it in its
 * own trace (curl -vL's `> GET /...?X-Amz-Credential=...` lines below `< location:`) below a
 * `Location:` line holding the same id. A URL a script of the notebook printed with no redirect
 * (`!python share_dataset.py ...`) is the notebook's own signing: its key id is the author's.
 */
export function redirectedTo(
  text: string,
  index: number,
  length: number
): boolean {
  const start = lineStartOf(text, index);
  if (locationLineAt(text, start)) return true;
  if (start === 0) return false;
  const id = text.slice(index, index + length);
  const before = lineStartOf(text, start - 1);
  if (
    locationLineAt(text, before) &&
    text.slice(before, Math.min(start, before + LOCATION_SPAN)).includes(id)
  ) {
    return true;
  }
  FOLLOW_LINE.lastIndex = start;
  const redirect = redirectsOf(text).get(id);
  return redirect !== undefined && redirect < start && FOLLOW_LINE.test(text);
}

const CREDENTIAL_ON_LINE = /X-Amz-Credential(?:=|%3D)([A-Z0-9]{20})/gi;

/** per text (the last asked about): each key id a `Location:` line's presigned URL names, and
 * where it is first named; one pass over the Location lines' first LOCATION_SPAN characters */
let redirects: { text: string; ids: Map<string, number> } | undefined;

function redirectsOf(text: string): Map<string, number> {
  if (redirects?.text === text) return redirects.ids;
  const ids = new Map<string, number>();
  const starts = lineStartsOf(text);
  starts.forEach((start, k) => {
    if (!locationLineAt(text, start)) return;
    const end = k + 1 < starts.length ? starts[k + 1] : text.length;
    const line = text.slice(start, Math.min(end, start + LOCATION_SPAN));
    for (const m of line.matchAll(CREDENTIAL_ON_LINE)) {
      if (!ids.has(m[1])) ids.set(m[1], start + m.index);
    }
  });
  redirects = { text, ids };
  return ids;
}

/** the offsets where `text`'s lines start, for the last text asked about (one output's text is
 * asked about once per presigned URL in it: a walk back per URL was quadratic on a long line).
 * Lines end at `\n` only, as this check always read them; LineIndex also ends one at a lone `\r`
 * (curl's progress output), which would move the line a URL is on. */
let lineStarts: { text: string; starts: number[] } | undefined;

function lineStartsOf(text: string): number[] {
  if (lineStarts?.text !== text) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      starts.push(i + 1);
    }
    lineStarts = { text, starts };
  }
  return lineStarts.starts;
}

/** the offset where the line holding `index` starts */
function lineStartOf(text: string, index: number): number {
  const starts = lineStartsOf(text);
  return starts[lastStartAtOrBefore(starts, index)];
}

/**
 * a cell that presigns a URL with the notebook's own credentials: boto3's S3 client
 * `generate_presigned_url` / `generate_presigned_post`, the AWS CLI's `aws s3 presign`, and
 * others' `presign` (botocore's `RequestSigner.generate_presigned_url`, s3fs's `sign`'s
 * `presign`). Read in the source's text, comments too: a mention only keeps more reported.
 */
export const PRESIGNS = /\bgenerate_presigned_(?:url|post)\b|\bpresign\b/;
