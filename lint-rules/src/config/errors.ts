/** A config problem, named by file and key, that the CLI turns into exit code 2. */
export class ConfigError extends Error {
  constructor(
    /** the config file (or '<inline>') */
    readonly file: string,
    /** dotted key path, e.g. rules.NB101[1].maxLines */
    readonly key: string,
    message: string
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  describe(): string {
    return `${this.file}${this.key ? `: ${this.key}` : ''}: ${this.message}`;
  }
}

/** zod path -> `rules.NB101[1].maxLines` */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      out += out ? `.${String(part)}` : String(part);
    }
  }
  return out;
}
