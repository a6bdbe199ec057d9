/**
 * A validating, allocation-light scanner over notebook JSON text.
 *
 * `JSON.parse` builds the values (it is native and fast) but says nothing about where things
 * are. This scanner walks the same text once and records only what the readers need to map
 * findings back into the file: where each cell starts and where its "source" string literals
 * (and "id") lie. When the text is not valid JSON it gives the exact location of the problem.
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
  /** the "source" value: [start, end) of the whole value, and the offset of each string literal's opening quote */
  source?: { start: number; end: number; literals: number[] };
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

class Scanner {
  pos = 0;
  /** `validated`: JSON.parse already accepted the text, so strings can be skipped with indexOf */
  constructor(
    readonly text: string,
    readonly validated: boolean
  ) {}

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

  /** In validated text: the offset after the string literal whose opening quote is at `at`. */
  private validatedStringEnd(at: number): number {
    const t = this.text;
    for (let p = at + 1; ;) {
      const q = t.indexOf('"', p);
      if (q === -1) this.fail('unterminated string', at);
      let b = q - 1;
      while (t.charCodeAt(b) === BACKSLASH) b--;
      if ((q - 1 - b) % 2 === 0) return q + 1;
      p = q + 1;
    }
  }

  /**
   * Skips a value whose place nobody asks for (metadata, outputs, ...). In validated text an
   * object or array ends at the bracket that closes it: count brackets, jump over strings.
   */
  skip(): void {
    const t = this.text;
    const first = t.charCodeAt(this.pos);
    if (!this.validated || (first !== 123 && first !== 91)) {
      this.value();
      return;
    }
    let depth = 0;
    for (let p = this.pos; ;) {
      const c = t.charCodeAt(p);
      if (c === QUOTE) {
        p = this.validatedStringEnd(p);
        continue;
      }
      if (c === 123 || c === 91) {
        // deeper than notebooks go: the recursive scan, whose stack limit says "nested too deeply"
        if (++depth > 256) {
          this.value();
          return;
        }
      } else if ((c === 125 || c === 93) && --depth === 0) {
        this.pos = p + 1;
        return;
      }
      p++;
    }
  }

  /** Skips a string literal starting at `pos` (its opening quote); returns the offset after it. */
  string(): void {
    const t = this.text;
    let p = this.pos + 1;
    if (this.validated) {
      this.pos = this.validatedStringEnd(this.pos);
      return;
    }
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
    const raw = this.text.slice(start + 1, this.pos - 1);
    return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
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

  /** The "source" value: a string or an array of strings (anything else is recorded and checked later). */
  source(): { start: number; end: number; literals: number[] } {
    const start = this.pos;
    const literals: number[] = [];
    const c = this.peek();
    if (c === QUOTE) {
      literals.push(this.pos);
      this.string();
    } else if (c === 91) {
      this.pos++;
      this.ws();
      if (this.peek() === 93) this.pos++;
      else {
        do {
          if (this.peek() === QUOTE) literals.push(this.pos);
          this.value();
        } while (this.next(93, 'an array'));
      }
    } else this.value();
    return { start, end: this.pos, literals };
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
        if (k === 'source') loc.source = this.source();
        else {
          if (k === 'id' && this.peek() === QUOTE) loc.idLiteral = this.pos;
          else if (k === 'cell_type') loc.cellType = this.pos;
          this.skip();
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
          } else this.skip();
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

/** Validates `text` as JSON (unless `validated`) and returns where the notebook's parts are; throws JsonSyntaxError. */
export function scanNotebookJson(
  text: string,
  validated = false
): NotebookLocations {
  return new Scanner(text, validated).notebook();
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
