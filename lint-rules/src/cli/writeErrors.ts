/**
 * How a CLI write says it will not, or could not, write: WriteRefusedError (a usage error,
 * exit 2, one line naming the path) and an errno error turned into one (asRefusal).
 */

/**
 * A write the CLI refuses before touching anything (a link that leads out of the run's folder, a
 * folder, a FIFO no program reads): a usage error, exit 2, said on one line with the path.
 */
export class WriteRefusedError extends Error {
  constructor(
    readonly path: string,
    message: string
  ) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

/** Short words for the errno a write's path gave, shown after its code. */
const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'a folder on the way does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'name too long',
  ENOSPC: 'no space left on the device',
  EISDIR: 'is a folder',
  ENOTEMPTY: 'is a folder, not empty',
  EEXIST: 'already exists',
  EXDEV: 'on another file system',
  EBUSY: 'in use',
  ENXIO: 'no such device'
};

/** `CODE (words)` for an errno code. */
export function errnoWords(code: string): string {
  const words = ERRNO_WORDS[code];
  return `${code}${words ? ` (${words})` : ''}`;
}

/**
 * An errno error met while writing `given`, as a one-line refusal naming `what` (`the report
 * to r.sarif`, `src/m.py`), never a temporary file's name; any other error as it was.
 */
export function asRefusal(err: unknown, given: string, what: string): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (!code || !/^E[A-Z0-9]+$/.test(code) || err instanceof WriteRefusedError)
    return err;
  return new WriteRefusedError(
    given,
    `cannot write ${what}: ${errnoWords(code)}`
  );
}

/**
 * Promote's one wording for a path it will not write: `what` (`the module src/x.py`) is outside
 * `where` (`the current folder`), optionally `through` a symbolic link.
 */
export function outsideRefusal(
  what: string,
  { where = 'the current folder', through = false } = {}
): string {
  return `${what} ${through ? `leads outside ${where} through a symbolic link` : `is outside ${where}`}; nbcraft only writes inside it`;
}
