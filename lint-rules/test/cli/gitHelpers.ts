import { execFileSync } from 'child_process';

/** Runs real git in `cwd` as a test's committer (no global identity needed); returns its stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args],
    { cwd, encoding: 'utf8' }
  );
}
