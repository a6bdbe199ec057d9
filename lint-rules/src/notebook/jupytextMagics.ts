/**
 * jupytext's `comment_magics` convention for percent scripts: it writes a code cell's magics and
 * shell commands commented out (`# %pip install x`, `# !wget ...`, `# %%bash`) so the script stays
 * valid Python, and uncomments them when it reads the script back (jupytext's `uncomment_magic`).
 * Reading them as comments would hide the commands the notebook runs.
 *
 * A hand-written script also holds prose that looks like a magic (`# %d items`, `# %time is a
 * line magic`, `# !important: ...`), which jupytext would uncomment too. A linter must not turn
 * prose into code, so this reader is narrower than jupytext: a `%` magic only when IPython or
 * Databricks knows its name, a `!` command only when a command word follows it (then a blank or
 * the line's end), no line that reads as a sentence, and never a line that makes the cell fail to
 * parse (it goes back to being a comment). Not read: indented commented magics, automagics
 * (`# cd dir`), help requests (`# obj?`, `# ?obj`) and raw cells.
 */
import { isKnownMagic } from './languages';
import { parseCell } from '../python/parse';
import { skipString } from '../python/literals';

/** a line magic or cell magic after the comment, maybe bound to a name (`x = %sx ls`) */
const MAGIC = /^(?:[A-Za-z_]\w*\s*=\s*)?%{1,3}([A-Za-z_][\w-]*)/;
/** a shell command after the comment: `!` then a command word, then a blank or the line's end */
const SHELL = /^\s*(?:[A-Za-z_]\w*\s*=\s*)?!{1,2}\s*[\w.~$/\\{}+-]+(?:\s|$)/;
/** words a command line does not hold but a sentence does (`# %pip ... was run before`) */
const PROSE = /(?:^|\s)(?:is|are|was|were|been|uncomment(?:ed)?)(?=[\s,;:]|$)/i;
/** a quoted argument of a command line */
const QUOTED = /'[^']*'|"(?:[^"\\]|\\.)*"/g;
/** a line ending in a backslash continues the magic on the next line */
const CONTINUED = /\\\s*$/;

/**
 * Whether jupytext's convention is on for a script with this YAML header: the header's
 * `comment_magics` key when it has one, else on except for `format_name: hydrogen` (jupytext's
 * hydrogen reader leaves comments alone).
 */
export function commentMagicsOn(header: unknown): boolean {
  if (typeof header !== 'string') return true;
  const key = /^\s*comment_magics:\s*["']?(\w+)["']?\s*(?:#.*)?$/m.exec(header);
  if (key) return /^(?:true|yes|on)$/i.test(key[1]);
  return !/^\s*format_name:\s*["']?hydrogen["']?\s*(?:#.*)?$/m.test(header);
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
      i = skipString(line, i); // a single-quoted string ends on its line
      continue;
    }
    i++;
  }
  return open;
}

/** The width of the comment that opens a line jupytext commented out (`# ` or `#`), or 0. */
function commentWidth(line: string): number {
  return line.startsWith('# ') ? 2 : line.startsWith('#') ? 1 : 0;
}

/** Whether the commented line `body` (its `#` removed) is a magic or command, not prose. */
function isCommentedMagic(text: string): boolean {
  // jupytext comments an already commented magic once more (`# # !ls`) and reads back `# !ls`
  const body = text.replace(/^(?:# ?)+/, '');
  const m = MAGIC.exec(body);
  if (!(m ? isKnownMagic(m[1]) : SHELL.test(body))) return false;
  // words in a quoted argument are data (`-d '{"content": "What is ..."}'`)
  return !PROSE.test(body.replace(QUOTED, ' '));
}

/**
 * Uncomments the commented magics of a percent script's code cell in place, as jupytext reads
 * them (those whose `#` opens the line); `prefixes[i]` grows by the characters removed so
 * positions still map to the file.
 */
export function uncommentMagics(lines: string[], prefixes: number[]): void {
  const original = lines.slice();
  /** the lines uncommented together (a magic and its backslash continuations), by first line */
  const groups: number[][] = [];
  let quoted: string | null = null;
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = original[i];
    // only where the comment opens the line: a cell position maps to the file through the
    // characters removed at its line's start (an indented `    # %time f()` stays a comment)
    const w = commentWidth(line);
    if (!quoted && w && (continued || isCommentedMagic(line.slice(w)))) {
      lines[i] = line.slice(w);
      prefixes[i] += w;
      if (continued) groups[groups.length - 1].push(i);
      else groups.push([i]);
      continued = CONTINUED.test(line);
    } else {
      continued = false;
    }
    // jupytext tracks strings on the line as written
    quoted = quotedAfter(line, quoted);
  }
  // a line where the cell fails to parse was prose: it goes back to being a comment. Where the
  // error shows on a later line (`# %time for x in xs:` then no indented block), the uncommented
  // lines above it go back, last first, while the cell as written parses.
  let writtenParses: boolean | undefined;
  while (groups.length) {
    const parsed = parseCell(lines.join('\n'));
    const at = parsed.syntaxError?.line;
    if (parsed.ok || at === undefined) return;
    let g = groups.findIndex(group => group.includes(at));
    if (g < 0) {
      writtenParses ??= parseCell(original.join('\n')).ok;
      if (writtenParses) {
        while (++g < groups.length && groups[g][0] < at);
        g--;
      }
    }
    if (g < 0) return;
    for (const i of groups[g]) {
      prefixes[i] -= original[i].length - lines[i].length;
      lines[i] = original[i];
    }
    groups.splice(g, 1);
  }
}
