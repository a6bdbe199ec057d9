/**
 * Where the parts of a notebook's JSON text lie.
 *
 * `JSON.parse` builds the values (it is native and fast) but says nothing about where things
 * are. The scans here walk the same text once and record only what the readers need to map
 * findings back into the file: where each cell and its "source" value lie (and its "id" and
 * "cell_type"). Two scans find the same places:
 * - on text `JSON.parse` accepted, `scanValidated` trusts the syntax and jumps over everything
 *   nobody locates (metadata, outputs, other keys) with native searches (`indexOf`, one sticky
 *   regular expression), so a cold process runs little JavaScript per cell;
 * - otherwise the validating `Scanner` checks every character and gives the exact location of
 *   the problem.
 * The offsets of the string literals inside a "source" value are found only when a position in
 * that cell is asked for (`sourceLiterals`): most cells have no finding.
 */

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number
  ) {
    super(message);
  }
}

/** Where one cell of `cells` lies in the text. All offsets are 0-based into the text. */
export interface CellLocation {
  /** offset of the cell's value (its `{` when it is an object) */
  start: number;
  end: number;
  /** the "source" value: [start, end) of the whole value (see `sourceLiterals` for its string literals) */
  source?: { start: number; end: number };
  /** opening quote of the "id" value when it is a string */
  idLiteral?: number;
  /** offset of the "cell_type" value */
  cellType?: number;
}

export interface NotebookLocations {
  /** offset of the top-level value */
  top: number;
  /** offset of each top-level key's value, by key (last one wins, like JSON.parse) */
  topValues: Map<string, number>;
  cells: CellLocation[];
}

const QUOTE = 34;
const BACKSLASH = 92;

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function describeChar(c: number): string {
  if (Number.isNaN(c)) return 'end of file';
  if (c < 32)
    return `control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
  return `'${String.fromCharCode(c)}'`;
}

/** The validating scanner: reads text JSON.parse refused, to say where and why. */
class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(message, at);
  }

  ws(): void {
    const t = this.text;
    let p = this.pos;
    while (p < t.length && isWs(t.charCodeAt(p))) p++;
    this.pos = p;
  }

  peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  /** Skips a string literal starting at `pos` (its opening quote); returns the offset after it. */
  string(): void {
    const t = this.text;
    let p = this.pos + 1;
    for (;;) {
      if (p >= t.length) this.fail('unterminated string', this.pos);
      const c = t.charCodeAt(p);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        const e = t.charCodeAt(p + 1);
        if (e === 117 /* u */) {
          for (let k = 2; k < 6; k++) {
            if (!isHex(t.charCodeAt(p + k)))
              this.fail('invalid \\u escape in string', p);
          }
          p += 6;
        } else if (
          e === QUOTE ||
          e === BACKSLASH ||
          e === 47 ||
          e === 98 ||
          e === 102 ||
          e === 110 ||
          e === 114 ||
          e === 116
        ) {
          p += 2;
        } else {
          this.fail(
            `invalid escape '\\${String.fromCharCode(e)}' in string`,
            p
          );
        }
        continue;
      }
      if (c < 32)
        this.fail(
          `${describeChar(c)} inside a string (write it as an escape)`,
          p
        );
      p++;
    }
    this.pos = p + 1;
  }

  /**
   * Reads a key literal; returns the key as JSON.parse reads it (`"\u0073ource"` is `source`:
   * valid JSON, which nbformat and Jupyter read, so the scan must find that cell's source too).
   */
  key(): string {
    if (this.peek() !== QUOTE)
      this.fail(`expected a "key" but found ${describeChar(this.peek())}`);
    const start = this.pos;
    this.string();
    return keyText(this.text, start, this.pos);
  }

  colon(): void {
    this.ws();
    if (this.peek() !== 58)
      this.fail(`expected ':' but found ${describeChar(this.peek())}`);
    this.pos++;
    this.ws();
  }

  /** After a member: returns true when another member follows (consumed ','), false at the closer. */
  next(closer: number, what: string): boolean {
    this.ws();
    const c = this.peek();
    if (c === 44) {
      this.pos++;
      this.ws();
      return true;
    }
    if (c === closer) {
      this.pos++;
      return false;
    }
    return this.fail(
      `expected ',' or '${String.fromCharCode(closer)}' in ${what} but found ${describeChar(c)}`
    );
  }

  number(): void {
    const t = this.text;
    let p = this.pos;
    if (t.charCodeAt(p) === 45) p++;
    if (t.charCodeAt(p) === 48) p++;
    else if (isDigit(t.charCodeAt(p))) while (isDigit(t.charCodeAt(p))) p++;
    else this.fail('invalid number', this.pos);
    if (t.charCodeAt(p) === 46) {
      p++;
      if (!isDigit(t.charCodeAt(p))) this.fail('invalid number', this.pos);
      while (isDigit(t.charCodeAt(p))) p++;
    }
    const e = t.charCodeAt(p);
    if (e === 101 || e === 69) {
      p++;
      const s = t.charCodeAt(p);
      if (s === 43 || s === 45) p++;
      if (!isDigit(t.charCodeAt(p))) this.fail('invalid number', this.pos);
      while (isDigit(t.charCodeAt(p))) p++;
    }
    this.pos = p;
  }

  literal(word: string): void {
    if (this.text.startsWith(word, this.pos)) this.pos += word.length;
    else this.fail(`unexpected ${describeChar(this.peek())}`);
  }

  value(): void {
    const c = this.peek();
    if (c === QUOTE) {
      this.string();
      return;
    }
    if (c === 123) {
      this.pos++;
      this.ws();
      if (this.peek() === 125) {
        this.pos++;
        return;
      }
      do {
        this.key();
        this.colon();
        this.value();
      } while (this.next(125, 'an object'));
      return;
    }
    if (c === 91) {
      this.pos++;
      this.ws();
      if (this.peek() === 93) {
        this.pos++;
        return;
      }
      do this.value();
      while (this.next(93, 'an array'));
      return;
    }
    if (c === 45 || isDigit(c)) {
      this.number();
      return;
    }
    if (c === 116) {
      this.literal('true');
      return;
    }
    if (c === 102) {
      this.literal('false');
      return;
    }
    if (c === 110) {
      this.literal('null');
      return;
    }
    this.fail(
      Number.isNaN(c)
        ? 'unexpected end of file'
        : `unexpected ${describeChar(c)}`
    );
  }

  cell(): CellLocation {
    const loc: CellLocation = { start: this.pos, end: this.pos };
    if (this.peek() !== 123) {
      this.value();
      loc.end = this.pos;
      return loc;
    }
    this.pos++;
    this.ws();
    if (this.peek() === 125) this.pos++;
    else {
      do {
        const k = this.key();
        this.colon();
        if (k === 'source') {
          const start = this.pos;
          this.value();
          loc.source = { start, end: this.pos };
        } else {
          if (k === 'id' && this.peek() === QUOTE) loc.idLiteral = this.pos;
          else if (k === 'cell_type') loc.cellType = this.pos;
          this.value();
        }
      } while (this.next(125, 'a cell'));
    }
    loc.end = this.pos;
    return loc;
  }

  notebook(): NotebookLocations {
    this.ws();
    const out: NotebookLocations = {
      top: this.pos,
      topValues: new Map(),
      cells: []
    };
    if (this.peek() !== 123) {
      this.value();
    } else {
      this.pos++;
      this.ws();
      if (this.peek() === 125) this.pos++;
      else {
        do {
          const k = this.key();
          this.colon();
          out.topValues.set(k, this.pos);
          if (k === 'cells' && this.peek() === 91) {
            out.cells = [];
            this.pos++;
            this.ws();
            if (this.peek() === 93) this.pos++;
            else {
              do out.cells.push(this.cell());
              while (this.next(93, 'the cells array'));
            }
          } else this.value();
        } while (this.next(125, 'the notebook object'));
      }
    }
    this.ws();
    if (this.pos < this.text.length)
      this.fail(
        `unexpected ${describeChar(this.peek())} after the end of the JSON value`
      );
    return out;
  }
}

/**
 * Returns where the notebook's parts are. `validated`: JSON.parse already accepted the text, so
 * the fast scan is used; otherwise the text is validated and a JsonSyntaxError says where it is
 * wrong. Both find the same places in valid JSON.
 */
export function scanNotebookJson(
  text: string,
  validated = false
): NotebookLocations {
  return (
    (validated ? scanValidated(text) : undefined) ??
    new Scanner(text).notebook()
  );
}

/*
 * The scan of valid JSON. Nothing is checked (JSON.parse did that), and every value nobody
 * locates is jumped over natively.
 */

/**
 * From an offset between values, the text up to the next bracket that is not inside a string:
 * runs of other characters, and whole string literals. The repetitions of pieces are bounded so
 * the regular expression's own stack stays small: a string with more than 256 escapes stops the
 * match at its opening quote (and `stringEnd` jumps over it), more than 10,000 pieces stop it
 * anywhere (and the caller matches again from there).
 */
const FLAT = /(?:[^"[\]{}]+|"[^"\\]*(?:\\.[^"\\]*){0,256}"){0,10000}/y;

/** Brackets deeper than notebooks go: the validating scan takes over (its stack limit says "nested too deeply"). */
const MAX_DEPTH = 256;

/** In valid JSON: the offset after the string literal whose opening quote is at `at`. */
function stringEnd(t: string, at: number): number {
  for (let p = at + 1; ;) {
    const q = t.indexOf('"', p);
    let b = q - 1;
    while (t.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    p = q + 1;
  }
}

/** In valid JSON: the offset after whitespace at `p`. */
function wsEnd(t: string, p: number): number {
  while (isWs(t.charCodeAt(p))) p++;
  return p;
}

/** In valid JSON: the offset after the value at `p`, or -1 when it nests deeper than MAX_DEPTH. */
function valueEnd(t: string, p: number): number {
  const first = t.charCodeAt(p);
  if (first === QUOTE) return stringEnd(t, p);
  if (first !== 123 && first !== 91) {
    // a number, true, false or null: it ends at the first delimiter
    while (p < t.length) {
      const c = t.charCodeAt(p);
      if (c === 44 || c === 93 || c === 125 || isWs(c)) break;
      p++;
    }
    return p;
  }
  let depth = 0;
  for (;;) {
    const c = t.charCodeAt(p);
    if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return -1;
    } else if (c === 125 || c === 93) {
      if (--depth === 0) return p + 1;
    } else if (c === QUOTE) {
      p = stringEnd(t, p);
      continue;
    }
    FLAT.lastIndex = p + 1;
    FLAT.test(t);
    p = FLAT.lastIndex;
  }
}

/** A key whose literal is [start, end): as JSON.parse reads it (`"\u0073ource"` is `source`). */
function keyText(t: string, start: number, end: number): string {
  const raw = t.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** The cell (any value) at `p` in valid JSON; undefined when it nests too deeply. */
function validCell(t: string, p: number): CellLocation | undefined {
  const loc: CellLocation = { start: p, end: p };
  if (t.charCodeAt(p) !== 123) {
    loc.end = valueEnd(t, p);
    return loc.end === -1 ? undefined : loc;
  }
  p = wsEnd(t, p + 1);
  while (t.charCodeAt(p) === QUOTE) {
    const keyEnd = stringEnd(t, p);
    const k = keyText(t, p, keyEnd);
    p = wsEnd(t, wsEnd(t, keyEnd) + 1); // the colon
    const end = valueEnd(t, p);
    if (end === -1) return undefined;
    if (k === 'source') loc.source = { start: p, end };
    else if (k === 'id') {
      if (t.charCodeAt(p) === QUOTE) loc.idLiteral = p;
    } else if (k === 'cell_type') loc.cellType = p;
    p = wsEnd(t, end);
    if (t.charCodeAt(p) === 44) p = wsEnd(t, p + 1);
  }
  loc.end = p + 1; // after the closing brace
  return loc;
}

/** The scan of text JSON.parse accepted; undefined when it nests deeper than MAX_DEPTH. */
function scanValidated(t: string): NotebookLocations | undefined {
  let p = wsEnd(t, 0);
  const out: NotebookLocations = { top: p, topValues: new Map(), cells: [] };
  if (t.charCodeAt(p) !== 123) return valueEnd(t, p) === -1 ? undefined : out;
  p = wsEnd(t, p + 1);
  while (t.charCodeAt(p) === QUOTE) {
    const keyEnd = stringEnd(t, p);
    const k = keyText(t, p, keyEnd);
    p = wsEnd(t, wsEnd(t, keyEnd) + 1);
    out.topValues.set(k, p);
    if (k === 'cells' && t.charCodeAt(p) === 91) {
      out.cells = [];
      p = wsEnd(t, p + 1);
      while (t.charCodeAt(p) !== 93) {
        const cell = validCell(t, p);
        if (cell === undefined) return undefined;
        out.cells.push(cell);
        p = wsEnd(t, cell.end);
        if (t.charCodeAt(p) === 44) p = wsEnd(t, p + 1);
      }
      p++;
    } else {
      p = valueEnd(t, p);
      if (p === -1) return undefined;
    }
    p = wsEnd(t, p);
    if (t.charCodeAt(p) === 44) p = wsEnd(t, p + 1);
  }
  return out;
}

/**
 * The offset of each string literal's opening quote in a "source" value of valid JSON
 * ([start, end) from `CellLocation.source`): the value itself when it is a string, the array's
 * string elements when it is an array, none otherwise.
 */
export function sourceLiterals(
  t: string,
  start: number,
  end: number
): number[] {
  const c = t.charCodeAt(start);
  if (c === QUOTE) return [start];
  const literals: number[] = [];
  if (c !== 91) return literals;
  for (let p = wsEnd(t, start + 1); p < end && t.charCodeAt(p) !== 93;) {
    if (t.charCodeAt(p) === QUOTE) literals.push(p);
    const valueStop = valueEnd(t, p);
    if (valueStop === -1) break; // (a source nested that deeply is refused before anyone asks)
    p = wsEnd(t, valueStop);
    if (t.charCodeAt(p) === 44) p = wsEnd(t, p + 1);
  }
  return literals;
}

/** Number of UTF-16 units of `text` one decoded character at `i` (inside a JSON string) takes. */
export function jsonCharWidth(text: string, i: number): number {
  if (text.charCodeAt(i) !== BACKSLASH) return 1;
  return text.charCodeAt(i + 1) === 117 ? 6 : 2;
}

/** True when the JSON string character at `i` decodes to '\n'. */
export function jsonCharIsNewline(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === BACKSLASH) {
    const e = text.charCodeAt(i + 1);
    if (e === 110) return true;
    return (
      e === 117 &&
      (text.startsWith('000a', i + 2) || text.startsWith('000A', i + 2))
    );
  }
  return false;
}

export const JSON_QUOTE = QUOTE;
