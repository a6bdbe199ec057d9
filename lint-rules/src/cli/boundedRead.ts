/**
 * The CLI's one reader of a small file it finds in the project (NB511's notebooks, NB105's
 * metadata, the config found upwards): a checkout is untrusted, and a link to `/proc/self/pagemap`
 * (a "regular" file of size 0 that reads hundreds of GB) made `nbcraft lint` abort with
 * std::bad_alloc (/tmp/rv23 N1). The file is opened without following a link (unless asked) and
 * without waiting for a FIFO's writer; the open descriptor must be a regular file; and no more
 * than `limit` + 1 bytes are read, whatever a size taken before said: a file that grows, or a
 * /proc file, is cut there and refused.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'fs';

/** Why a file was not read. */
export type BoundedReadRefusal = 'link' | 'not-file' | 'too-large';

export class BoundedReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: BoundedReadRefusal,
    limit: number
  ) {
    super(
      reason === 'link'
        ? 'a symbolic link, not read'
        : reason === 'not-file'
          ? 'not a regular file, not read'
          : `larger than ${limit} bytes, not read`
    );
    this.name = 'BoundedReadError';
  }
}

export interface BoundedReadOptions {
  /** follow a link in the last part of the path (a file the user named); default false */
  followLinks?: boolean;
}

/**
 * The bytes of `file`, a regular file of at most `limit` bytes. Throws BoundedReadError for a
 * link (unless followLinks), a FIFO, device or folder, or more than `limit` bytes; other errors
 * (ENOENT, EACCES) as fs throws them.
 */
export function readBounded(
  file: string,
  limit: number,
  options: BoundedReadOptions = {}
): Buffer {
  let fd: number;
  try {
    fd = openSync(
      file,
      constants.O_RDONLY |
        (options.followLinks ? 0 : constants.O_NOFOLLOW) |
        constants.O_NONBLOCK
    );
  } catch (err) {
    // O_NOFOLLOW on a link: ELOOP (Linux, macOS), EMLINK (FreeBSD)
    const code = (err as NodeJS.ErrnoException).code;
    if (!options.followLinks && (code === 'ELOOP' || code === 'EMLINK')) {
      throw new BoundedReadError(file, 'link', limit);
    }
    throw err;
  }
  try {
    if (!fstatSync(fd).isFile()) {
      throw new BoundedReadError(file, 'not-file', limit);
    }
    const buf = Buffer.alloc(Math.min(limit + 1, 1 << 20));
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(
        fd,
        buf,
        0,
        Math.min(buf.length, limit + 1 - total),
        null
      );
      if (n === 0) {
        break;
      }
      parts.push(Buffer.from(buf.subarray(0, n)));
      total += n;
      if (total > limit) {
        throw new BoundedReadError(file, 'too-large', limit);
      }
    }
    return Buffer.concat(parts);
  } finally {
    closeSync(fd);
  }
}
