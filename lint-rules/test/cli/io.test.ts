/**
 * readTextFileSync decodes in one native call and looks at the bytes only when the text's first
 * 8 KiB hold a NUL: it must give the text, the binary verdict and the error codes that decoding
 * the bytes gave.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultConfig } from '../../src/config';
import {
  BinaryFileError,
  NotUtf8Error,
  fileReads,
  readTextFileSync
} from '../../src/cli/io';
import { runJob } from '../../src/cli/job';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-io-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** the text, null for binary, 'not UTF-8' for bytes that decoding would replace (and a fix lose) */
type Verdict = { text: string } | null | 'not UTF-8';

/** the verdict of the byte-level definition: NUL in the first 8 KiB -> binary; bytes that do not survive a UTF-8 round trip -> not UTF-8 */
function expected(bytes: Buffer): Verdict {
  if (bytes.subarray(0, 8192).includes(0)) return null;
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? { text } : 'not UTF-8';
}

function actual(file: string): Verdict {
  try {
    return { text: readTextFileSync(file) };
  } catch (err) {
    if (err instanceof BinaryFileError) {
      return null;
    }
    if (err instanceof NotUtf8Error) {
      return 'not UTF-8';
    }
    throw err;
  }
}

const CASES: Record<string, Buffer> = {
  ascii: Buffer.from('{"cells": []}\n'),
  bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]),
  'invalid UTF-8': Buffer.from([0x7b, 0xff, 0xc3, 0x28, 0xe2, 0x82, 0x7d]),
  'truncated sequence at the end': Buffer.from([0x61, 0xe2, 0x82]),
  'NUL first': Buffer.from([0, 0x61]),
  'NUL at byte 8191': Buffer.concat([Buffer.alloc(8191, 0x61), Buffer.of(0)]),
  'NUL at byte 8192 (text)': Buffer.concat([
    Buffer.alloc(8192, 0x61),
    Buffer.of(0, 0x62)
  ]),
  // 3-byte characters put the NUL at character 3000 but byte 9000: text, not binary
  'NUL after multibyte text': Buffer.concat([
    Buffer.from('€'.repeat(3000)),
    Buffer.of(0)
  ]),
  // the same NUL within the first 8 KiB of bytes: binary
  'NUL after less multibyte text': Buffer.concat([
    Buffer.from('€'.repeat(2000)),
    Buffer.of(0)
  ]),
  empty: Buffer.alloc(0)
};

describe('readTextFileSync', () => {
  it.each(Object.keys(CASES))('%s: as decoding the bytes', name => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.ipynb`);
    writeFileSync(file, CASES[name]);
    expect(actual(file)).toEqual(expected(readFileSync(file)));
  });

  it('binary verdicts are the expected ones', () => {
    expect(expected(CASES['NUL at byte 8191'])).toBeNull();
    expect(expected(CASES['NUL at byte 8192 (text)'])).not.toBeNull();
    expect(expected(CASES['NUL after multibyte text'])).not.toBeNull();
    expect(expected(CASES['NUL after less multibyte text'])).toBeNull();
    expect(expected(CASES['invalid UTF-8'])).toBe('not UTF-8');
    expect(expected(CASES['truncated sequence at the end'])).toBe('not UTF-8');
    expect(expected(CASES.bom)).toEqual({ text: '\ufeff{}' });
  });

  it('reads a file once when its only NUL is past the first 8 KiB (its text is not searched for one)', () => {
    const file = path.join(dir, 'late-nul.ipynb');
    writeFileSync(file, CASES['NUL at byte 8192 (text)']);
    const bytes = jest.spyOn(fileReads, 'bytes');
    try {
      expect(readTextFileSync(file)).toBe(readFileSync(file, 'utf8'));
      expect(bytes).not.toHaveBeenCalled();
    } finally {
      bytes.mockRestore();
    }
  });

  it('throws the errors (by code) that reading bytes throws', () => {
    for (const file of [path.join(dir, 'missing.ipynb'), dir]) {
      let code: string | undefined;
      try {
        readFileSync(file);
      } catch (err) {
        code = (err as NodeJS.ErrnoException).code;
      }
      expect(code).toBeDefined();
      expect(() => readTextFileSync(file)).toThrow(
        expect.objectContaining({ code })
      );
    }
  });
});

/**
 * Files over V8's longest string (0x1fffffe8 characters, ~512 MB) cannot be read as text, and
 * over 2 GiB not as one buffer either. Writing such a file here would cost the machine's memory
 * and seconds, so io.ts's fileReads throw for this one file what Node 20, 22 and 24 throw for a
 * real one (checked by hand on a sparse file: the codes and messages below); the rest is real.
 */
describe('a file too large for a string', () => {
  const tooLong = () =>
    Object.assign(
      new Error('Cannot create a string longer than 0x1fffffe8 characters'),
      { code: 'ERR_STRING_TOO_LONG' }
    );
  const tooLarge = () =>
    Object.assign(
      new RangeError('File size (3221225472) is greater than 2 GiB'),
      { code: 'ERR_FS_FILE_TOO_LARGE' }
    );
  /** reads of `file` fail as for a file of `size`; every other read is real */
  function asIfHuge(file: string, size: 'over 512 MB' | 'over 2 GiB') {
    const { text, bytes } = fileReads;
    jest.spyOn(fileReads, 'text').mockImplementation(p => {
      if (p === file) throw tooLong();
      return text(p);
    });
    jest.spyOn(fileReads, 'bytes').mockImplementation(p => {
      if (p === file && size === 'over 2 GiB') throw tooLarge();
      return bytes(p);
    });
  }
  const job = (abs: string) => ({
    abs,
    root: path.dirname(abs),
    display: path.basename(abs),
    explicit: true,
    fix: false,
    config: 0
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each(['over 512 MB', 'over 2 GiB'] as const)(
    'a binary file %s: "binary file, not a notebook"',
    async size => {
      const file = path.join(dir, `model-${size.replace(/\W+/g, '')}.ipynb`);
      // a pickled model renamed .ipynb: NUL bytes in its first 8 KiB
      writeFileSync(
        file,
        Buffer.concat([Buffer.of(0x80, 4, 0x95, 0), Buffer.alloc(9000, 7)])
      );
      asIfHuge(file, size);
      expect(() => readTextFileSync(file)).toThrow(BinaryFileError);
      const result = await runJob(job(file), defaultConfig());
      expect(result?.error).toEqual(
        expect.objectContaining({
          kind: 'unreadable',
          message: 'binary file, not a notebook'
        })
      );
    }
  );

  it.each([
    ['a sequence cut short', Buffer.from([0xe2, 0x82, 0x41])],
    ['a sequence that starts like U+FFFD', Buffer.from([0xef, 0xbf, 0x41])],
    ['after a real U+FFFD', Buffer.from([0xef, 0xbf, 0xbd, 0xef, 0xbf])]
  ])(
    'a byte that is not UTF-8 is located where its sequence starts: %s',
    (_, bad) => {
      const file = path.join(dir, 'located.ipynb');
      const before = Buffer.from('{\n "x": "ab');
      writeFileSync(file, Buffer.concat([before, bad, Buffer.from('"}')]));
      let error: unknown;
      try {
        readTextFileSync(file);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(NotUtf8Error);
      // the first byte that does not decode: after "ab" on line 2 (a real U+FFFD is one column)
      const column = bad[2] === 0xbd ? 11 : 10;
      expect(error).toEqual(expect.objectContaining({ line: 2, column }));
    }
  );

  it('a .py module that is not UTF-8 or holds a NUL is skipped, not refused, unless it is a notebook', async () => {
    // a legacy latin-1 module in the repository must not turn the run red (exit 2)
    const latin1 = path.join(dir, 'legacy.py');
    writeFileSync(
      latin1,
      Buffer.from(
        '# -*- coding: latin-1 -*-\n# Auteur: Fran\xe7ois\nx = 1\n',
        'latin1'
      )
    );
    expect(() => readTextFileSync(latin1)).toThrow(NotUtf8Error);
    expect(await runJob(job(latin1), defaultConfig())).toBeNull();
    const nul = path.join(dir, 'with-nul.py');
    writeFileSync(nul, 'x = "\0"\n');
    expect(await runJob(job(nul), defaultConfig())).toBeNull();
    // UTF-16 (PowerShell's `>`): the markers are not readable as UTF-8, so it is still said
    const utf16 = path.join(dir, 'utf16.py');
    writeFileSync(
      utf16,
      Buffer.concat([
        Buffer.of(0xff, 0xfe),
        Buffer.from('# %%\nx = 1\n', 'utf16le')
      ])
    );
    expect((await runJob(job(utf16), defaultConfig()))?.error?.message).toBe(
      'UTF-16 text, not UTF-8'
    );
    // the same bytes in a Databricks notebook: still refused where the bad byte is
    const notebook = path.join(dir, 'legacy-notebook.py');
    writeFileSync(
      notebook,
      Buffer.from(
        '# Databricks notebook source\n# Fran\xe7ois\nx = 1\n',
        'latin1'
      )
    );
    const result = await runJob(job(notebook), defaultConfig());
    expect(result?.error).toEqual(
      expect.objectContaining({ message: 'not UTF-8 text', line: 2 })
    );
  });

  it('a text file over 512 MB keeps the reason it cannot be read', async () => {
    const file = path.join(dir, 'huge-text.ipynb');
    writeFileSync(file, '{"cells": [' + ' '.repeat(9000));
    asIfHuge(file, 'over 512 MB');
    const result = await runJob(job(file), defaultConfig());
    expect(result?.error?.message).toBe(
      'cannot read file (ERR_STRING_TOO_LONG)'
    );
  });
});
