/**
 * IPython syntax masking: turns a cell's IPython-only syntax into plain Python of the SAME length
 * and line structure, so that every position the parser reports is a position in the cell.
 *
 * What IPython rewrites (and so what we mask), only where a statement starts (not inside a
 * string or brackets, not after a backslash continuation):
 * - `%%magic` on the cell's first line: Python-bodied cell magics (%%time, %%timeit, %%capture,
 *   %%prun, ...) keep their body; any other cell magic makes the whole cell non-Python.
 * - `%magic`, `%%magic` (later lines), `!cmd`, `!!cmd`, `?obj`, `??obj`, `obj?`, `obj??`,
 *   bare `pip install ...` (as Databricks exports write it) and automagic line magics
 *   (`reload_ext x`, `matplotlib inline`): replaced by `pass` (or `0` when the
 *   escape is shorter than 4 characters) padded with spaces, so an indented block stays valid.
 * - `x = %magic`, `x = !cmd`: the right-hand side becomes `0` padded with spaces; `x` stays bound.
 * - IPython's call escapes (inputtransformer2's ESC_QUOTE, ESC_QUOTE2, ESC_PAREN, applied with or
 *   without %autocall): `,f a b` is `f("a", "b")`, `;f a b` is `f("a b")`, `/f a b` is `f(a, b)`.
 *   The line becomes `(f)` padded with spaces, so `f` is still read; a lone `;` (IPython runs
 *   `("")`) or a name with no room for the parentheses becomes filler. No Python statement starts
 *   with `,`, `;` or `/`, so no Python line is masked by mistake.
 * - `%time stmt`, `%timeit [-n N ...] stmt`, `%prun stmt`...: the `%name [options] ` prefix becomes
 *   `0;` padded, so the statement is still analysed (`%time m = X.mean()` binds m and reads X;
 *   the scope pass knows that %timeit runs its statement in a function of its own).
 * A trailing backslash continues a magic onto the next line, as in IPython.
 * A one-line cell that does not parse but that IPython's automagic runs (`ls ../input`,
 * `time y = f()`) is masked by maskAutomagicCell, which the parser asks only then, as the line
 * with `%` would be.
 */
import { cellMagicLanguage, IPYTHON_LINE_MAGICS } from '../notebook/languages';
import { joinLines, splitLines } from './literals';
import { MagicSpan, MaskedSource } from './types';

/** Line magics whose argument is a Python statement that runs in the user namespace. */
export const PYTHON_STATEMENT_LINE_MAGICS: ReadonlySet<string> = new Set([
  'time',
  'timeit',
  'prun',
  'memit',
  'debug',
  'mprun'
]);

/** a statement that cannot follow `0;` on one line */
const COMPOUND_STATEMENT =
  /^(?:for|while|if|with|try|def|class|async|match)\b(?!\s*[=.([,)])/;

/**
 * `obj?`, `obj.attr??`, `df[0]?` and the wildcard search `plt.*plot*?` (IPython's HelpEnd
 * transformer, inputtransformer2: name parts `[\w*]+`, so a `*` anywhere in the name is a
 * %psearch pattern)
 */
const HELP_END = /^[A-Za-z_*][\w.*]*(\[[^\]]*\])?(\(\))?\s*\?\??\s*$/;
/**
 * Cell magics that hand their body back to IPython's input transformer (`%%capture` runs it with
 * `run_cell`; `%%time`, `%%timeit`, `%%prun` with `transform_cell`): a `%%kql` on the body's first
 * line is a cell magic of its own, whose body is its language, not Python. `%%python` and the
 * like run the body as a script (no transformer), so their body stays Python.
 */
const TRANSFORMING_CELL_MAGICS: ReadonlySet<string> = new Set([
  'capture',
  'time',
  'timeit',
  'prun'
]);
/** pip's commands that only print what is installed (pip_show, pip_list, pip_freeze) */
export const PIP_QUERY_VERBS = ['list', 'freeze', 'show'] as const;
const BARE_PIP = new RegExp(
  `^(pip3?|conda|mamba)\\s+(install|uninstall|download|${PIP_QUERY_VERBS.join('|')})\\b`
);
/**
 * IPython's automagic (on by default): a line magic written without `%`. Only magics whose
 * argument is a word, so the line cannot be Python (`reload_ext Kqlmagic`, `matplotlib inline`).
 */
const BARE_LINE_MAGIC =
  /^(load_ext|reload_ext|unload_ext|matplotlib|autoreload|aimport|pylab)[ \t]+[A-Za-z_0-9-]/;
const ASSIGN_ESCAPE =
  /^([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)(\s*=\s*)([%!])/;

/** Blank lines at a cell's start. */
const LEADING_BLANK_LINES = /^(?:[^\S\n]*\n)*/;
/**
 * The indentation and name (IPython's `ifun`, `[\w.*]+`) a line starts with. Matched on one line
 * alone, anchored, with no pattern after the name to backtrack into: linear in the line's length
 * (a pattern for the whole cell backtracked quadratically on a long name followed by a second line).
 */
const LINE_START_NAME = /^([^\S\n]*)([A-Za-z_][\w.*]*)/;

/**
 * The cell masked as IPython runs it when it is one automagic line (`ls ../input`,
 * `cat data.csv | head`, `cd data`, `pwd`), or undefined. IPython's
 * InteractiveShell.transform_cell applies the prefilter's "dynamic transformations" (automagic,
 * autocall) only to a cell that is a single line once transformed (leading blank lines dropped:
 * inputtransformer2.leading_empty_lines; "ls x\n\n" is two lines and stays Python); automagic is
 * on by default and runs the line as `%name rest` when `name` is a magic or alias
 * (IPYTHON_LINE_MAGICS: AutoMagicChecker in IPython/core/prefilter.py), the rest does
 * not start with `=` or `,` (AssignmentChecker: `cat = 1 +` is Python, and an error), and the
 * name is not a variable (is_shadowed: the caller judges that against the notebook's bindings,
 * e.g. NB201). The parser asks it only of a cell that does not parse as Python (a line Python
 * accepts, `env`, `ls[0]`, is read as Python, which it is when the notebook binds the name);
 * NB104 (undefined-name.ts) also asks it of a one-line cell that parses, whose unbound first
 * name IPython's prefilter would run as that magic (`env['X']`, `run(cfg)` with nothing bound).
 * A statement magic (`time y = f()`, `timeit model.fit(X`) keeps its statement as `%time` does,
 * so its syntax errors and names are still seen.
 */
export function maskAutomagicCell(source: string): MaskedSource | undefined {
  const lineStart = LEADING_BLANK_LINES.exec(source)?.[0].length ?? 0;
  // one line, one line break after it allowed
  const line = source.slice(lineStart).replace(/\r?\n?$/, '');
  if (line.includes('\n')) return undefined;
  const m = LINE_START_NAME.exec(line);
  if (!m) return undefined;
  const [head, indent, name] = m;
  const rest = line.slice(head.length);
  if (!IPYTHON_LINE_MAGICS.has(name) || /^\s*[=,]/.test(rest)) return undefined;
  const lineNo = source.slice(0, lineStart).split('\n').length - 1;
  // `time y = f()` runs as `%time y = f()`: its statement is kept as that path keeps it, at its
  // column; the indentation goes (inputtransformer2.leading_indent), so the line starts at column 0
  const statementAt = keptStatementStart(name, rest);
  const masked =
    statementAt === undefined
      ? filler(line.length)
      : '0;' +
        ' '.repeat(head.length + statementAt - 2) +
        rest.slice(statementAt);
  return {
    text:
      source.slice(0, lineStart) +
      masked +
      source.slice(lineStart + line.length),
    magics: [
      {
        kind: 'line-magic',
        name,
        args: rest.trim(),
        line: lineNo,
        column: indent.length,
        endLine: lineNo,
        endColumn: line.length,
        automagic: true,
        ...(statementAt === undefined ? {} : { bodyIsPython: true })
      }
    ]
  };
}

/**
 * Where the Python statement starts in the arguments `rest` (all the text after the name) of a
 * statement line magic (`%time m = f()`, `%timeit -n 3 f()`, automagic `time m = f()`), or
 * undefined when it is no such magic or its statement is not kept: none, or a compound statement,
 * which cannot follow `0;` on one line. The one place both paths ask.
 */
function keptStatementStart(name: string, rest: string): number | undefined {
  if (!PYTHON_STATEMENT_LINE_MAGICS.has(name)) return undefined;
  const args = rest.trimStart();
  const blanks = rest.length - args.length;
  const optionsLen = magicOptionsLength(name, args);
  const statement = args.slice(optionsLen).trim();
  if (!statement || COMPOUND_STATEMENT.test(statement)) return undefined;
  return blanks + optionsLen;
}

/** Options of %timeit / %prun / %memit that take a value (`-n 10` or `-n10`). */
const OPTIONS_WITH_VALUE: Record<string, string> = {
  timeit: 'nrp',
  prun: 'lsTD',
  memit: 'rt',
  mprun: 'fT'
};

/** Length of the leading `-x [value]` options of a statement magic's arguments (and the blanks after them). */
function magicOptionsLength(name: string, args: string): number {
  const withValue = Object.hasOwn(OPTIONS_WITH_VALUE, name)
    ? OPTIONS_WITH_VALUE[name]
    : '';
  const re = /^(-([A-Za-z])(\S*))(\s+|$)/;
  let pos = 0;
  for (;;) {
    const m = pos < args.length ? re.exec(args.slice(pos)) : null;
    if (!m) return pos;
    pos += m[0].length;
    if (withValue.includes(m[2]) && m[3] === '') {
      const v = /^\S+\s+/.exec(args.slice(pos));
      if (!v) return pos;
      pos += v[0].length;
    }
  }
}

function blank(s: string): string {
  return ' '.repeat(s.length);
}

/** `pass` (or `0` if it does not fit) padded to `width`: a harmless statement of that width. */
function filler(width: number): string {
  return width >= 4
    ? 'pass' + ' '.repeat(width - 4)
    : '0' + ' '.repeat(Math.max(0, width - 1));
}

/** Bracket/string state carried from one line to the next, to know where statements start. */
class LineState {
  depth = 0;
  /** the quote of an open triple-quoted (or backslash-continued) string, or '' */
  quote = '';
  continued = false;

  atStatementStart(): boolean {
    return this.depth === 0 && this.quote === '' && !this.continued;
  }

  /** Updates the state with one line of Python. */
  scan(line: string): void {
    let i = 0;
    const n = line.length;
    this.continued = false;
    while (i < n) {
      if (this.quote) {
        const c = line[i];
        if (c === '\\') {
          if (i === n - 1) return; // a backslash-continued string: quote stays open
          i += 2;
          continue;
        }
        if (line.startsWith(this.quote, i)) {
          i += this.quote.length;
          this.quote = '';
          continue;
        }
        i++;
        continue;
      }
      const c = line[i];
      if (c === '#') break;
      if (c === '"' || c === "'") {
        const triple = line.startsWith(c + c + c, i);
        this.quote = triple ? c + c + c : c;
        i += triple ? 3 : 1;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') this.depth++;
      else if ((c === ')' || c === ']' || c === '}') && this.depth > 0)
        this.depth--;
      else if (c === '\\' && i === n - 1) this.continued = true;
      i++;
    }
    // a single-quoted string cannot span lines (without a backslash): it ends here
    if (this.quote.length === 1) this.quote = '';
  }
}

/**
 * A superset of the places where masking changes a cell: a line that starts (after blanks) with
 * `%`, `!`, `?`, a call escape (`,`, `;`, `/`) or an automagic word (pip, conda, load_ext, ...),
 * an escape after `=` (`x = !ls`),
 * or a `?` anywhere (help `obj?` ends a line). A cell with none of them comes back unchanged,
 * so it is not split into lines nor scanned for brackets and strings: most cells, also those with
 * `!=` or a `%` format operator, which the old three-character prefilter sent down the full path.
 */
const MAYBE_IPYTHON =
  /^[^\S\n]*(?:[%!?,;/]|(?:pip3?|conda|mamba|load_ext|reload_ext|unload_ext|matplotlib|autoreload|aimport|pylab)\s)|=\s*[%!]|\?/m;

/** False for most cells: then there is nothing to mask (one native regex search). */
function maybeIPython(source: string): boolean {
  return MAYBE_IPYTHON.test(source);
}

/**
 * Name and rest of a `%name rest` / `%%name rest` text. The patterns match any text that starts
 * with `%`; an unnamed magic (`%%` alone) has the name ''.
 */
function magicParts(
  pattern: RegExp,
  text: string
): { name: string; rest: string } {
  const m = pattern.exec(text);
  return { name: m?.[1] ?? '', rest: m?.[2] ?? '' };
}

/**
 * `cellMagicBodyIsPython`: the notebook knows the first-line cell magic runs its body as Python
 * though the magic's name alone does not say so (sparkmagic's `%%spark` on a Python session).
 */
export function maskIPythonSyntax(
  source: string,
  cellMagicBodyIsPython = false
): MaskedSource {
  if (!maybeIPython(source)) return { text: source, magics: [] };
  const { lines, breaks } = splitLines(source);
  const out = lines.slice();
  const magics: MagicSpan[] = [];

  /** Masks lines start..end that a trailing backslash joins; returns the last line and the joined text. */
  const continuation = (start: number): { last: number; text: string } => {
    let last = start;
    let text = lines[start];
    while (/\\$/.test(lines[last]) && last + 1 < lines.length) {
      last++;
      out[last] = blank(lines[last]);
      text = text.replace(/\\$/, '') + '\n' + lines[last];
    }
    return { last, text };
  };
  const endColumn = (line: number) => lines[line].length;

  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  let startLine = 0;
  // `%%capture` over `%%kql`: each magic whose body goes through IPython's transformer again
  // (TRANSFORMING_CELL_MAGICS) may have another cell magic as its body's first line
  let stacked = true;
  while (stacked && first < lines.length && lines[first].startsWith('%%')) {
    const m = magicParts(/^%%([A-Za-z_][\w-]*)?(.*)$/, lines[first]);
    const name = m.name;
    const language =
      cellMagicBodyIsPython && magics.length === 0
        ? 'python'
        : cellMagicLanguage(name);
    if (language !== 'python') {
      return {
        text: joinLines(lines.map(blank), breaks),
        magics: [
          ...magics,
          {
            kind: 'cell-magic',
            name,
            args: m.rest.trim(),
            line: first,
            column: 0,
            endLine: lines.length - 1,
            endColumn: endColumn(lines.length - 1),
            bodyIsPython: false
          }
        ],
        cellLanguage: language ?? 'unknown'
      };
    }
    const { last, text } = continuation(first);
    out[first] = blank(lines[first]);
    const args = text.replace(/^%%\S*/, '').trim();
    // `%%capture out` stores the captured output in `out`: the cell binds that name
    const target =
      name === 'capture'
        ? args.split(/\s+/).find(t => /^[A-Za-z_]\w*$/.test(t))
        : undefined;
    const targetColumn = target
      ? lines[first].search(new RegExp(`(?<=\\s)${target}\\b`))
      : -1;
    magics.push({
      kind: 'cell-magic',
      name,
      args,
      line: first,
      column: 0,
      endLine: last,
      endColumn: endColumn(last),
      bodyIsPython: true,
      ...(target && targetColumn >= 0 ? { target, targetColumn } : {})
    });
    startLine = last + 1;
    stacked = TRANSFORMING_CELL_MAGICS.has(name);
    // the body's leading blank lines go first (inputtransformer2.leading_empty_lines)
    first = startLine;
    while (stacked && first < lines.length && lines[first].trim() === '')
      first++;
  }

  const state = new LineState();
  for (let i = startLine; i < lines.length; i++) {
    const line = lines[i];
    if (!state.atStatementStart()) {
      state.scan(line);
      continue;
    }
    const indent = line.length - line.trimStart().length;
    const rest = line.slice(indent);
    const c0 = rest[0];
    let span: MagicSpan | undefined;
    if (
      c0 === '%' ||
      c0 === '!' ||
      c0 === '?' ||
      (rest.length > 1 && HELP_END.test(rest)) ||
      BARE_PIP.test(rest) ||
      BARE_LINE_MAGIC.test(rest)
    ) {
      const { last, text } = continuation(i);
      const joined = text.slice(indent);
      const base = {
        line: i,
        column: indent,
        endLine: last,
        endColumn: endColumn(last)
      };
      if (c0 === '%') {
        const m = magicParts(/^%{1,2}([A-Za-z_][\w.-]*)?\s*([\s\S]*)$/, joined);
        const name = m.name;
        const args = m.rest.trim();
        const statementAt = keptStatementStart(name, m.rest);
        if (statementAt !== undefined && last === i) {
          // keep the statement: "%time m = f()" -> "0;    m = f()", "%timeit -n 3 f()" -> "0;           f()"
          const prefixLen = joined.length - m.rest.length + statementAt;
          out[i] =
            line.slice(0, indent) +
            '0;' +
            ' '.repeat(prefixLen - 2) +
            line.slice(indent + prefixLen);
          span = {
            kind: 'line-magic',
            name,
            args,
            ...base,
            bodyIsPython: true
          };
        } else {
          span = { kind: 'line-magic', name, args, ...base };
        }
      } else if (c0 === '!') {
        const bang = rest.startsWith('!!') ? '!!' : '!';
        span = {
          kind: 'shell',
          name: bang,
          args: joined.slice(bang.length).trim(),
          ...base
        };
      } else if (c0 === '?') {
        span = {
          kind: 'help',
          name: rest.startsWith('??') ? '??' : '?',
          args: joined.replace(/^\?+/, '').trim(),
          ...base
        };
      } else if (BARE_LINE_MAGIC.test(rest)) {
        span = {
          kind: 'line-magic',
          name: rest.split(/[ \t]/)[0],
          args: joined.replace(/^\S+\s+/, '').trim(),
          ...base
        };
      } else if (BARE_PIP.test(rest)) {
        span = {
          kind: 'pip',
          name: 'pip',
          args: joined.replace(/^\S+\s+/, '').trim(),
          ...base
        };
      } else {
        span = {
          kind: 'help',
          name: rest.trimEnd().endsWith('??') ? '??' : '?',
          args: joined.replace(/\s*\?+\s*$/, ''),
          ...base
        };
      }
      if (!span.bodyIsPython)
        out[i] = line.slice(0, indent) + filler(line.length - indent);
      magics.push(span);
      i = last;
      continue;
    }
    if (c0 === ',' || c0 === ';' || c0 === '/') {
      const { last, text } = continuation(i);
      const name = /^[A-Za-z_][\w.]*/.exec(rest.slice(1))?.[0] ?? '';
      magics.push({
        kind: 'autocall',
        name: c0,
        args: text.slice(indent + 1).trim(),
        line: i,
        column: indent,
        endLine: last,
        endColumn: endColumn(last)
      });
      const width = line.length - indent;
      out[i] =
        line.slice(0, indent) +
        (name && width >= name.length + 2
          ? `(${name})` + ' '.repeat(width - name.length - 2)
          : filler(width));
      i = last;
      continue;
    }
    const assign = ASSIGN_ESCAPE.exec(rest);
    if (assign) {
      const { last, text } = continuation(i);
      const at = indent + assign[1].length + assign[2].length;
      const escape = text.slice(at);
      const isShell = assign[3] === '!';
      const m = isShell
        ? null
        : magicParts(/^%{1,2}([A-Za-z_][\w.-]*)?\s*([\s\S]*)$/, escape);
      magics.push({
        kind: isShell ? 'assign-shell' : 'assign-magic',
        name: isShell
          ? escape.startsWith('!!')
            ? '!!'
            : '!'
          : (m?.name ?? ''),
        args: isShell
          ? escape.replace(/^!+/, '').trim()
          : (m?.rest ?? '').trim(),
        line: i,
        column: at,
        endLine: last,
        endColumn: endColumn(last),
        target: assign[1]
      });
      out[i] = line.slice(0, at) + '0' + ' '.repeat(line.length - at - 1);
      i = last;
      continue;
    }
    state.scan(line);
  }
  return { text: joinLines(out, breaks), magics };
}
