import type { LintCell } from '../../engine/types';
import type { Notebook, NotebookCell } from '../../notebook/types';
import { LINE_BREAK } from '../../python/literals';
import type { NameRef } from '../../python/types';
import {
  BLANK_COMMENT as BLANK,
  BLANK_LINE,
  EXERCISE_HEADING as EXERCISE
} from './placeholders';

/**
 * Words that say a failure is shown on purpose ("# Attempt to vacuum with the default retention",
 * "this will fail", "raises an error", "intentionally", "will lead to a syntax error", "as we can
 * observe by attempting this operation", "whenever an exception is raised", "# fails because no
 * default workspace is set", "the constructor will warn you if you forget something"): a tutorial
 * keeps such a traceback to teach, and clearing it would lose the lesson.
 */
const EXPECTED_FAILURE =
  /\b(attempt(s|ing)? (to|this|that)|(will|should|would|is expected to|is going to|must) (fail|error|raise|throw|complain)|(will|should|would) warn you\b|fails (because|since|as|without|here)\b|(expect(ed)?|intentional(ly)?|on purpose)\b.{0,40}\b(error|exception|fail(ure|s)?)|raises? an? (error|exception)|this (fails|errors|raises|throws)|(will|would|should|can|may) (give|lead to|raise|produce|result in|cause|throw)( us)? (an?|the same|this|that)( [\w`]+){0,2} (error|exception)\b|(error|exception) (is|was|will be|gets) (raised|thrown))/i;

/**
 * A comment saying the step cannot be done ("can't", "cannot", "won't work", "doesn't work", "not
 * possible") or fails on a condition ("fails if the proxy is down", "fails when offline"). Read
 * only in the comments at the line a saved traceback stops at (failureSiteComments): such words
 * elsewhere in a cell (`# we can't use the GPU on this box` over an unrelated NameError, `# the
 * download fails if the proxy is down` over a retry) speak of some other step or of a failure to
 * avoid, not of this one. Never in Markdown (prose says "you can't" of many things), and never for
 * NB201: a SyntaxError is the cell's text, not a step that cannot be done.
 */
const CANNOT =
  /\b(can['’]?t|can ?not|(won['’]?t|doesn['’]?t|does not|will not) work|not (possible|allowed|supported)|fails (if|when))\b/i;

/**
 * A question about the failure itself, asked by someone who did not expect it: "Why does this
 * fail?", "why am I getting a KeyError here?", "Why doesn't this work?", "What's wrong with this
 * cell?", "How do I fix this?", "Does anyone know why ...?", "Any idea?", "not sure why". The
 * author is debugging: the traceback is the notebook's problem, not its lesson. Each form is read
 * up to the question mark of its own sentence (at most 120 characters on), so a text is read
 * once per start of a form; the words a `why` question must hold are read in that span alone.
 */
const WHY_QUESTION =
  /\bwhy (?:does|doesn['’]?t|did|didn['’]?t|is|isn['’]?t|was|wasn['’]?t|won['’]?t|can['’]?t|can ?not|am i|do i|do we|are we|are you|do you)\b([^?.!\n]{0,120})\?/gi;
const FAILS_WORD =
  /\b(fail\w*|errors?|erroring|crash\w*|break\w*|broken|throw\w*|rais\w*|exception|get(ting)?|complain\w*|not work\w*)\b/i;
/** `why doesn't this work?`: "work" counts after a negated auxiliary (not "why does this work?") */
const NEGATED_WHY = /^why \w+(?:n['’]?t| ?not)\b/i;
const DEBUG_QUESTION =
  /\b(?:what(?:['’]s| is) (?:wrong|going on|the (?:problem|issue))|how (?:do|can|should) (?:i|we) fix|(?:does )?any ?(?:one|body) know|any (?:ideas?|help|suggestions?))\b[^?.!\n]{0,120}\?|\b(?:not sure why|(?:i|we) (?:don['’]?t|do not|can['’]?t|cannot) (?:understand|figure out|see) why)\b/i;
/** an answer after the question ("Why does this fail? Because ...") makes it the lesson's */
const ANSWER =
  /\b(because|the reason|that['’]s why|this is why|this is due)\b/i;

/** the first person singular: the author's own trouble, not a lesson's "we" or "you" */
const FIRST_PERSON = /\b(?:I(?:['’](?:m|ve|d))?|[Mm]y|me)\b/;

/**
 * Whether `text` asks why the code fails and leaves it open: nothing follows the question, or
 * the text speaks in the first person singular ("Why does this fail? I only want ..."); and no
 * answer follows it. A lesson's rhetorical question goes on to answer in its own voice ("What's
 * wrong with doing this? The main issue is our data isn't separable by a straight line.",
 * mrdbourke's tensorflow-deep-learning 02, the lq16 corpus).
 */
export function asksWhyItFails(text: string): boolean {
  const debug = DEBUG_QUESTION.exec(text);
  let at = debug ? debug.index + debug[0].length : -1;
  if (at < 0) {
    WHY_QUESTION.lastIndex = 0;
    for (let m = WHY_QUESTION.exec(text); m; m = WHY_QUESTION.exec(text)) {
      if (
        FAILS_WORD.test(m[1]) ||
        (NEGATED_WHY.test(m[0]) && /\bwork/i.test(m[1]))
      ) {
        at = m.index + m[0].length;
        break;
      }
    }
  }
  if (at < 0) return false;
  const rest = text.slice(at);
  return (
    !ANSWER.test(rest) && (!/\p{L}/u.test(rest) || FIRST_PERSON.test(text))
  );
}

/** `ZeroDivisionError` -> "zero division error", as prose names it */
function inWords(ename: string): string {
  return ename
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/**
 * A line's whole-line comment (`# ...`, `// ...`, `-- ...`), or its Python comment after code
 * (`torch.matmul(a, b) # (this will error)`): a `#` outside the line's quotes.
 */
function commentOf(
  line: string
): { text: string; trailing: boolean } | undefined {
  if (/^\s*(#|\/\/|--)/.test(line)) {
    return { text: line, trailing: false };
  }
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#') {
      return { text: line.slice(i), trailing: true };
    }
  }
  return undefined;
}

/** a note to fix something later: it names an error to fix, not one shown on purpose */
const TODO = /\b(TODO|FIXME|XXX)\b/;

/**
 * The cell's comments that speak of its failure: every whole-line comment, and a comment after
 * code only on a line a saved traceback stops at (`model.fit(X, y)  # raises ValueError`), never
 * a TODO/FIXME/XXX (`# TODO: fix ValueError on NaNs` is a bug left in, not a lesson).
 */
function failureComments(cell: NotebookCell): string {
  const failing = new Set(
    cell.outputs
      .filter(o => o.outputType === 'error')
      .map(o => failingLine(o.text))
  );
  // a traceback numbers lines as CPython reads them: a lone '\r' ends one too (LINE_BREAK)
  return cell.source
    .split(LINE_BREAK)
    .map((line, k) => {
      const c = commentOf(line);
      return c && (!c.trailing || (failing.has(k + 1) && !TODO.test(c.text)))
        ? c.text
        : undefined;
    })
    .filter(c => c !== undefined)
    .join('\n');
}

/** a whole-line comment: `# ...`, `// ...`, `-- ...` */
const WHOLE_LINE_COMMENT = /^\s*(#|\/\/|--)/;

/**
 * The comments at the lines the cell's saved tracebacks stop at (failingLine): the failing line's
 * own comment after code, and the block of whole-line comments right above it. None when no
 * traceback names its line (a bare `NameError: ...`, a SyntaxError): no comment can then be
 * tied to the failure.
 */
function failureSiteComments(cell: NotebookCell): string {
  const lines = cell.source.split(LINE_BREAK);
  const out: string[] = [];
  for (const o of cell.outputs) {
    const at = o.outputType === 'error' ? failingLine(o.text) : undefined;
    if (at === undefined || at < 1 || at > lines.length) continue;
    const own = commentOf(lines[at - 1]);
    if (own && !TODO.test(own.text)) out.push(own.text);
    for (let k = at - 2; k >= 0 && WHOLE_LINE_COMMENT.test(lines[k]); k--) {
      out.push(lines[k]);
    }
  }
  return out.join('\n');
}

/**
 * Whether Markdown below a failed cell quotes its error: the output's `ename: evalue` line ("And
 * we get the error: `RuntimeError: Expected all tensors to be on the same device`"). Naming the
 * exception is not enough, nor is the evalue alone ("guards against division by zero" is prose,
 * not this traceback), nor a quote in a troubleshooting note ("If you get `ModuleNotFoundError:
 * No module named 'lightgbm'`, run %pip install"): that sentence is about a failure to avoid.
 */
function quotesError(markdown: string, ename: string, evalue: string): boolean {
  const value = evalue.split('\n')[0].trim();
  if (value === '') {
    return false;
  }
  const quote = `${ename}: ${value}`;
  for (
    let at = markdown.indexOf(quote);
    at !== -1;
    at = markdown.indexOf(quote, at + 1)
  ) {
    const before = markdown.slice(0, at);
    const stop = before.search(/[.!?]\s[^.!?]*$/);
    const start = Math.max(before.lastIndexOf('\n') + 1, stop + 1);
    const sentence = before.slice(start).replace(/^[\s>*_#-]+/, '');
    if (!/^(if you (get|see)|in case)\b/i.test(sentence)) {
      return true;
    }
  }
  return false;
}

/**
 * A cell magic that asserts the cell raises (`%%expect SyntaxError`, the magic AllenDowney's
 * books load to show errors on purpose; `%%expect_exception`): the traceback is the cell's
 * expected output.
 */
export function expectsFailureByMagic(cell: NotebookCell): boolean {
  return /^\s*%%expect\w*(?:[ \t]|$)/m.test(
    cell.source.split(LINE_BREAK, 1)[0]
  );
}

/**
 * Whether the cell's own comments or the Markdown cell right above it say that running it fails:
 * in those words, or by naming the exception its saved output shows (`ValueError`, "a value
 * error"); or (with `below`, NB108's check) the Markdown cell right below quotes the error the
 * output shows, the prose about the traceback.
 */
export function saysFailureIsExpected(
  nb: Notebook,
  cell: NotebookCell,
  {
    below = true,
    syntaxError = false
  }: { below?: boolean; syntaxError?: boolean } = {}
): boolean {
  const comments = failureComments(cell);
  const above: NotebookCell | undefined =
    cell.index > 0 ? nb.cells[cell.index - 1] : undefined;
  const markdown = above?.kind === 'markdown' ? above.source : '';
  const text = `${comments}\n${markdown}`;
  // a question why it fails ("Why am I getting a KeyError here?") is no word that it should:
  // the comments and the Markdown above then say nothing of an expected failure
  const asks = asksWhyItFails(text);
  // the comment at the failing line says the step cannot be done ("# If tensor is on GPU, can't
  // transform it to NumPy" over `----> 2 tensor_on_gpu.numpy()`): the author wrote it knowing it
  // fails (a SyntaxError's cell, NB201, never: CANNOT's doc)
  if (!asks && !syntaxError && CANNOT.test(failureSiteComments(cell))) {
    return true;
  }
  if (!asks && EXPECTED_FAILURE.test(text)) {
    return true;
  }
  const next = below ? nb.cells.at(cell.index + 1) : undefined;
  const after = next?.kind === 'markdown' ? next.source : '';
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  return cell.outputs.some(
    o =>
      o.outputType === 'error' &&
      !!o.ename &&
      /(Error|Exception)$/.test(o.ename) &&
      ((!asks &&
        (text.includes(o.ename) || lower.includes(inWords(o.ename)))) ||
        (after !== '' && quotesError(after, o.ename, o.evalue ?? '')))
  );
}

/**
 * The cell line a saved traceback stops at in the cell's own frame (its first frame): IPython's
 * `----> 2` arrow (Context and Verbose modes; VS Code wraps the number in a link), or `File "<ipython-input-3-...>", line 2` /
 * `Cell In[3], line 2` (Plain mode). Undefined when the traceback says neither (a SyntaxError,
 * a kernel's own format).
 */
export function failingLine(tracebackText: string): number | undefined {
  const m =
    // VS Code links the arrow's number to the cell: `---> <a href='vscode-notebook-cell:...'>10</a>`
    /^-{3,4}>\s*(?:<a\b[^>]*>)?(\d+)/m.exec(tracebackText) ??
    /(?:<ipython-input-[^>\n]*>"?|Cell In\s*\[\d*\]),? (?:line )?(\d+)/.exec(
      tracebackText
    );
  return m ? Number(m[1]) : undefined;
}

/** a statement that binds all at once or not at all (no loop, `with`, `if` or `try` body) */
const SIMPLE_STATEMENT =
  /^(AssignStatement|ExpressionStatement|UpdateStatement)$/;

/** the code on IPython's `----> N` arrow line of a traceback (Context mode), trimmed */
function failingCode(tracebackText: string): string | undefined {
  return /^-{3,4}>\s*\d+ (.*)$/m.exec(tracebackText)?.[1].trim();
}

/**
 * A failure shown on purpose, by the notebook's shape rather than its words (jakevdp's
 * PythonDataScienceHandbook: `A or B` on arrays, `func2(1)` in "Errors and Debugging"):
 *
 * - the saved run went on past it: the next code cell run after it has a higher execution count
 *   and no error, so the author saw the traceback and carried on (a Run All stops at the first
 *   error; a failure nobody meant leaves the cells below unrun or failing too);
 * - the failure cost the notebook nothing: the traceback stops in the cell's last statement,
 *   and that statement binds no name, or is a simple statement (an assignment: it binds all or
 *   nothing) whose names no cell below reads before binding them again (the next
 *   step's fix, `total_sales = prices.dot(sales_amounts.T)` under the failed
 *   `total_sales = prices.dot(sales_amounts)`, or a model no later cell uses);
 * - it sits in prose: a Markdown cell right above or right below it explains it, or the cell
 *   opens with the question it answers, a comment the way a Markdown cell would ask it ("# How
 *   can you reshape a2 to be compatible with a3?" over `a2 * a3`).
 *
 * A working notebook saved with a stray traceback fails at least one of these: the run stopped
 * there, or the failing statement was to make something (`df = spark.read...`), or no prose.
 */
export function isDemonstratedFailure(
  cells: readonly LintCell[],
  lc: LintCell
): boolean {
  const i = lc.cell.index;
  const count = lc.cell.executionCount;
  const tree = lc.analysis?.parsed.tree;
  const scope = lc.analysis?.scope;
  if (count === null || !tree || !scope) {
    return false;
  }
  const isMarkdown = (k: number) => cells[k]?.cell.kind === 'markdown';
  // prose that asks why the code fails ("Why does this fail?") explains nothing: the failure was
  // not meant (asksWhyItFails), in the Markdown above or the cell's question comment
  const besideAbove =
    isMarkdown(i - 1) && !asksWhyItFails(cells[i - 1].cell.source);
  const question = QUESTION_NOTE.exec(lc.cell.source);
  const asked = question !== null && !asksWhyItFails(question[0]);
  if (!besideAbove && !isMarkdown(i + 1) && !asked) {
    return false;
  }
  // Markdown next door counts when it speaks of the failure ("will break if there are missing
  // values", the exception's name), or the notebook shows tracebacks on purpose (`%xmode`); a
  // heading that says what the cell was for ("## Plot the validation accuracy") does not: then
  // only a failing assignment the next step makes again (the fix) shows the author went on
  const explained =
    asked ||
    (besideAbove && explainsFailure(cells[i - 1].cell.source, lc.cell)) ||
    (isMarkdown(i + 1) && explainsFailure(cells[i + 1].cell.source, lc.cell)) ||
    cells.some(c => c.cell.kind === 'code' && c.cell.source.includes('%xmode'));
  const next = cells
    .slice(i + 1)
    .find(c => c.cell.kind === 'code' && c.cell.executionCount !== null);
  const nextCount = next?.cell.executionCount ?? null;
  if (
    nextCount === null ||
    nextCount <= count ||
    next?.cell.outputs.some(o => o.outputType === 'error')
  ) {
    return false;
  }
  let last = tree.topNode.lastChild;
  while (last?.name === 'Comment') {
    last = last.prevSibling;
  }
  if (!last) {
    return false;
  }
  // 0-based, as the scope's lines; a traceback counts from 1
  const lastLine = lc.positionAt(last.from).line;
  const lastText = lc.textOf(last).split(LINE_BREAK)[0].trim();
  const sourceLines = lc.cell.source.split(LINE_BREAK);
  return (
    lc.cell.outputs.every(o => {
      if (o.outputType !== 'error') {
        return true;
      }
      const line = failingLine(o.text);
      // or the arrow's line is the last statement's, where comments added above it since the run
      // moved its number (`----> 1 a2 * a3`, now under two comment lines): lines only move down,
      // so no line from the arrow's number to the last statement may read the same (an earlier
      // `display(df_scaled)` is where the run stopped, not the last one)
      return (
        line !== undefined &&
        (line - 1 >= lastLine ||
          (failingCode(o.text) === lastText &&
            !sourceLines
              .slice(Math.max(line - 1, 0), lastLine)
              .some(l => l.trim() === lastText)))
      );
    }) &&
    (explained ||
      scope.refs.some(
        r => r.access === 'bind' && !r.inFunction && r.line >= lastLine
      )) &&
    !bindsWhatIsRead(cells, i, scope.refs, lastLine, last.name)
  );
}

/**
 * Markdown that announces a failure (beside EXPECTED_FAILURE's and CANNOT's phrases): a verb of
 * failing ("this fails", "raises a KeyError", "throws", "crashes", "will break"), an error met
 * ("gives an error", "we get an exception", "results in a TypeError", "Error!", "an error
 * occurs"), a traceback, "doesn't work", shapes that mismatch. Not a word alone: "error",
 * "invalid" or "wrong" head ordinary sections ("## Error analysis", "Mean squared error",
 * "Drop invalid rows"), and such a heading above a real failure explains nothing.
 */
const FAILURE_WORDS = new RegExp(
  [
    String.raw`\b(?:fail(?:s|ed|ing)?|raise[sd]?|throw(?:s|n)?|threw|crash(?:es|ed)?)\b`,
    String.raw`\b(?:will|would|should|does|did|may|might|can|could|to)\s+(?:not\s+)?(?:break|error)\b`,
    String.raw`\b(?:get(?:s|ting)?|got|give[sn]?|gave|see|saw|produce[sd]?|cause[sd]?|results?\s+in|resulted\s+in|leads?\s+to|returns?|returned|shows?|showed)\s+(?:(?:an?|the|this|that|another|same|following)\s+)?(?:\w+\s+)?(?:error|exception)s?\b`,
    String.raw`\b(?:error|exception)s?\s*(?:!|occurs?\b|occurred\b|is\s+raised\b|was\s+raised\b|is\s+thrown\b)`,
    String.raw`\btraceback\b`,
    String.raw`\b(?:incompatible|mismatch(?:es|ed)?)\b`
  ].join('|'),
  'i'
);

/**
 * Whether Markdown beside a failing cell speaks of its failure (its words or the exception's
 * name), or asks the question the cell answers ("what happens with (2,3) and (2,3,3)?"; not a
 * debugging question, asksWhyItFails)
 */
function explainsFailure(markdown: string, cell: NotebookCell): boolean {
  if (
    (markdown.includes('?') && !asksWhyItFails(markdown)) ||
    FAILURE_WORDS.test(markdown) ||
    EXPECTED_FAILURE.test(markdown) ||
    CANNOT.test(markdown)
  ) {
    return true;
  }
  const lower = markdown.toLowerCase().replace(/\s+/g, ' ');
  return cell.outputs.some(
    o =>
      o.outputType === 'error' &&
      !!o.ename &&
      (markdown.includes(o.ename) || lower.includes(inWords(o.ename)))
  );
}

/**
 * Whether the failing statement (from `lastLine`) binds a name at the top level that the cells
 * below read. A compound statement (a training loop stopped by a KeyboardInterrupt) stopped
 * partway, with whatever it bound half done: any binding counts; only a simple statement's
 * binding is left whole, and counts only when a cell below reads it before binding it again.
 */
function bindsWhatIsRead(
  cells: readonly LintCell[],
  index: number,
  refs: readonly NameRef[],
  lastLine: number,
  lastKind: string
): boolean {
  const bound = new Set(
    refs
      .filter(r => r.access === 'bind' && !r.inFunction && r.line >= lastLine)
      .map(r => r.name)
  );
  if (bound.size === 0) return false;
  return (
    !SIMPLE_STATEMENT.test(lastKind) || readBeforeBound(cells, index, bound)
  );
}

/**
 * a first line that is a comment asking a question in words (three or more, ending in `?`): the
 * lesson's question the traceback answers. A comment that describes the code ("# Default scoring
 * parameter of classifier = mean accuracy" over a `clf.score()` that fails, judged a true
 * finding in round 16) is no such note.
 */
const QUESTION_NOTE =
  /^[ \t]*#+[ \t]*\p{L}[\p{L}'’]*(?:[ \t]+[^\s?]+){2,}[ \t]*\?[ \t]*(?:\r?\n|$)/u;

/**
 * Whether a code cell below `index` reads one of `names` before a cell binds it again: in document
 * order, the first cell that mentions a name does so other than by an unconditional top-level
 * binding on a line above every other mention (`x = x + 1` reads it). A cell the analysis could
 * not read counts as reading them. One walk of the cells below for all the names, each cell's
 * references read once (a walk per name was quadratic: a 5 MB notebook 23 s).
 */
function readBeforeBound(
  cells: readonly LintCell[],
  index: number,
  names: ReadonlySet<string>
): boolean {
  const pending = new Set(names);
  for (let k = index + 1; k < cells.length && pending.size > 0; k++) {
    const c = cells[k];
    if (c.cell.kind !== 'code') continue;
    const scope = c.analysis?.scope;
    if (!scope) return true;
    const mentions = new Map<string, NameRef[]>();
    for (const r of scope.refs) {
      if (!pending.has(r.name)) continue;
      const list = mentions.get(r.name);
      if (list) list.push(r);
      else mentions.set(r.name, [r]);
    }
    for (const [name, refs] of mentions) {
      const bind = refs.find(
        r => r.access === 'bind' && !r.conditional && !r.inFunction
      );
      if (!bind || refs.some(r => r.access !== 'bind' && r.line <= bind.line)) {
        return true;
      }
      pending.delete(name);
    }
  }
  return false;
}

/** `def name(...):` on one line (its name: group 1) */
const DEF_HEADER = /^[ \t]*def[ \t]+(\w+)[ \t]*\(.*:[ \t]*$/;
/**
 * a trimmed line a function body may hold before its blank's comment: nothing, a comment, a
 * one-line docstring. Read on `line.trim()`: with `[ \t]*` at both ends a long run of spaces
 * then a character was tried at every split of the run (80k spaces: 9 s).
 */
const BEFORE_BLANK = /^(?:#.*|""".*"""|'''.*''')?$/;

/**
 * The function whose body holds only a blank's comment (`def softmax(x):`, a docstring, then `##
 * TODO: Implement ...`), found by walking the lines once: each line is read by patterns with no
 * nested repetition (a regex over the whole cell backtracked exponentially on blank lines).
 */
function blankFunction(source: string): string | undefined {
  const lines = source.split(LINE_BREAK);
  for (let k = 0; k < lines.length; k++) {
    const name = DEF_HEADER.exec(lines[k])?.[1];
    if (!name) continue;
    let j = k + 1;
    while (j < lines.length && !BLANK_LINE.test(lines[j])) {
      if (!BEFORE_BLANK.test(lines[j].trim())) break;
      j++;
    }
    if (j < lines.length && BLANK_LINE.test(lines[j])) return name;
    k = j - 1;
  }
  return undefined;
}

/**
 * The name a saved error says is missing: `name 'x' is not defined` (NameError), `... has no
 * attribute 'fc1'` (AttributeError), or, for an IndentationError ("expected an indented block"),
 * the function whose body holds only a blank's comment (`def softmax(x):` then `## TODO: Implement
 * the softmax function here`: CPython needs a statement there, a comment is none).
 */
function missingName(
  ename: string,
  evalue: string,
  source: string
): string | undefined {
  if (ename === 'NameError') {
    return /name '(\w+)' is not defined/.exec(evalue)?.[1];
  }
  if (ename === 'AttributeError') {
    return /has no attribute '(\w+)'/.exec(evalue)?.[1];
  }
  if (
    ename === 'IndentationError' &&
    evalue.includes('expected an indented block')
  ) {
    return blankFunction(source);
  }
  return undefined;
}

/**
 * An exercise left blank: the Markdown cell that sets it (EXERCISE) names, as code (`` `fc1` ``,
 * `` `softmax` ``), the very name the saved error says is missing, and between that Markdown and
 * the failing cell (the failing cell included) a blank is left unfilled: a code cell of comments only
 * with a blank's comment ("## Your solution here"), or the failing cell's own blank
 * (`def softmax(x):` holding only "## TODO: Implement ..."). Running the notebook as shipped fails
 * there by design until the reader fills the blank. An error about any other name (a missing
 * import below a "# type your code here." cell) is no such failure.
 */
export function isUnfilledExercise(nb: Notebook, cell: NotebookCell): boolean {
  for (const o of cell.outputs) {
    if (o.outputType !== 'error' || !o.ename) {
      continue;
    }
    const name = missingName(o.ename, o.evalue ?? '', cell.source);
    if (!name) {
      continue;
    }
    let blank = o.ename === 'IndentationError';
    for (let k = cell.index - (blank ? 1 : 0); k >= 0; k--) {
      const c = nb.cells[k];
      if (c.kind === 'markdown') {
        if (EXERCISE.test(c.source)) {
          if (blank && c.source.includes(`\`${name}\``)) {
            return true;
          }
          break;
        }
      } else if (
        c.kind === 'code' &&
        BLANK.test(c.source) &&
        c.source.split('\n').every(l => l.trim() === '' || /^\s*#/.test(l))
      ) {
        blank = true;
      }
    }
  }
  return false;
}
