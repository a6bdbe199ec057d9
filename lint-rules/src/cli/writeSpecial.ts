/**
 * A CLI write that is no file replaced: straight into one of this process's descriptors
 * (`--output-file /dev/stdout`), or in place into a FIFO or a device.
 */
import { closeSync, constants, openSync, writeSync } from 'fs';
import { WriteRefusedError } from './writeErrors';

/**
 * The descriptor a path names when it is one of this process's own (`/dev/stdout`,
 * `/dev/fd/1`, `/proc/self/fd/1`), else undefined.
 */
export function ownDescriptor(file: string): number | undefined {
  if (file === '/dev/stdout') return 1;
  if (file === '/dev/stderr') return 2;
  const m = /^\/(?:dev\/fd|proc\/(self|thread-self|\d+)\/fd)\/(\d+)$/.exec(
    file
  );
  if (!m) return undefined;
  const pid = m[1] || 'self'; // empty for /dev/fd
  return /^\d+$/.test(pid) && Number(pid) !== process.pid
    ? undefined
    : Number(m[2]);
}

/** All of `data` into `fd`, waiting out EAGAIN (a non-blocking pipe that is full). */
export function writeAll(fd: number, data: Buffer): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let at = 0; at < data.length;) {
    try {
      at += writeSync(fd, data, at, data.length - at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

/** How long a FIFO may wait for its reader (`cat fifo &` started just before the CLI). */
const READER_GRACE_MS = 2000;

/**
 * Into a FIFO or device, in place. A FIFO is opened non-blocking first: with no program
 * reading it, a blocking open would wait forever; a reader that has not opened it yet gets
 * READER_GRACE_MS.
 */
export function writeInPlace(
  file: string,
  shown: string,
  data: Buffer,
  fifo: boolean
): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + READER_GRACE_MS;
  let probe: number | undefined;
  while (probe === undefined) {
    try {
      probe = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || !fifo) throw err;
      if (Date.now() > deadline)
        throw new WriteRefusedError(
          file,
          `${shown} is a FIFO no program reads from (nothing was written)`
        );
      Atomics.wait(pause, 0, 0, 20);
    }
  }
  try {
    // written non-blocking: writeAll waits out a full FIFO itself
    writeAll(probe, data);
  } finally {
    closeSync(probe);
  }
}
