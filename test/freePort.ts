/** A free port for a server a test starts on 127.0.0.1. */
import * as net from 'net';

/**
 * A free port in this worktree's range: the 20 above `NBCRAFT_UI_PORT` (the UI tests' own
 * port), else 9301..9320.
 */
export async function freePort(): Promise<number> {
  const base = Number(process.env.NBCRAFT_UI_PORT ?? 9300);
  for (let port = base + 1; port <= base + 20; port++) {
    const free = await new Promise<boolean>(resolve => {
      const probe = net.createServer();
      probe.once('error', () => {
        resolve(false);
      });
      probe.listen(port, '127.0.0.1', () =>
        probe.close(() => {
          resolve(true);
        })
      );
    });
    if (free) {
      return port;
    }
  }
  throw new Error(`no free port in ${base + 1}..${base + 20}`);
}
