/**
 * jupytext's `comment_magics` convention for percent scripts: it writes a code cell's magics and
 * shell commands commented out (`# %pip install x`, `# !wget ...`, `# %%bash`) so the script stays
 * valid Python, and uncomments them when it reads the script back (jupytext's `uncomment_magic`).
 * Reading them as comments would hide the commands the notebook runs.
 */

/** a line magic or cell magic, commented or not (jupytext's `_MAGIC_RE` for Python) */
const MAGIC = /^\s*(?:# |#)*(?:%|%%|%%%)[a-zA-Z]/;
/** a shell command or help request (jupytext's `_PYTHON_HELP_OR_BASH_CMD`) */
const SHELL_OR_HELP = /^\s*(?:# |#)*\s*[?!]\s*[A-Za-z.~$\\/{}]/;
/** a magic's output bound to a name: `files = !ls` (jupytext's `_PYTHON_MAGIC_ASSIGN`) */
const MAGIC_ASSIGN = /^(?:# |#)*\s*[a-zA-Z_]\w*\s*=\s*(?:%|%%|%%%|!)[a-zA-Z]/;
/** a line ending in a backslash continues the magic on the next line */
const CONTINUED = /\\\s*$/;

/** Whether a YAML header (`# ---` ... `# ---`) turns the convention off (`comment_magics: false`). */
export function commentMagicsOff(header: unknown): boolean {
  return (
    typeof header === 'string' && /\bcomment_magics:\s*false\b/i.test(header)
  );
}

/**
 * Whether a triple-quoted string is still open after `line`, given whether one was open before it
 * (jupytext leaves magic-looking lines inside strings alone).
 */
function quotedAfter(line: string, quoted: string | null): string | null {
  let open = quoted;
  let i = 0;
  while (i < line.length) {
    if (open) {
      const end = line.indexOf(open, i);
      if (end < 0) return open;
      i = end + open.length;
      open = null;
      continue;
    }
    const c = line[i];
    if (c === '#') return null;
    if (c === '"' || c === "'") {
      if (line.startsWith(c + c + c, i)) {
        open = c + c + c;
        i += 3;
        continue;
      }
      // a single-quoted string ends on its line
      let p = i + 1;
      while (p < line.length && line[p] !== c) p += line[p] === '\\' ? 2 : 1;
      i = p + 1;
      continue;
    }
    i++;
  }
  return open;
}

/**
 * Uncomments the commented magics of a percent script's code cell in place, as jupytext reads
 * them (those whose `#` opens the line); `prefixes[i]` grows by the characters removed so
 * positions still map to the file.
 */
export function uncommentMagics(lines: string[], prefixes: number[]): void {
  let quoted: string | null = null;
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (
      !quoted &&
      (continued ||
        MAGIC.test(line) ||
        SHELL_OR_HELP.test(line) ||
        MAGIC_ASSIGN.test(line))
    ) {
      // only where the comment opens the line: a cell position maps to the file through the
      // characters removed at its line's start (an indented `    # %time f()` stays a comment)
      const w = line.startsWith('# ') ? 2 : line.startsWith('#') ? 1 : 0;
      if (w) {
        lines[i] = line.slice(w);
        prefixes[i] += w;
      }
      continued = CONTINUED.test(line);
    } else {
      continued = false;
    }
    quoted = quotedAfter(lines[i], quoted);
  }
}
