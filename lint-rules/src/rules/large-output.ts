import { z } from 'zod';
import { defineRule } from '../engine/types';
import type { Notebook } from '../notebook/types';
import { locateJsonMember } from './support/fileSpan';

const options = z.object({
  maxKilobytes: z.number().min(1).default(200).meta({
    title: 'Maximum kilobytes',
    description:
      "Largest total size of one cell's outputs, as stored in the file."
  })
});

/** a character JSON.stringify escapes: controls, `"`, `\`, surrogates (lone ones only) */
// eslint-disable-next-line no-control-regex -- JSON.stringify escapes control characters
const MAY_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;
/**
 * The rarer ones, each match one character to escape or a surrogate pair (kept as it is): `"`,
 * `\` and line feeds (most of the escapes in HTML and text outputs) are counted with indexOf.
 */
const RARE_ESCAPES =
  // eslint-disable-next-line no-control-regex -- as MAY_ESCAPE
  /[\u0000-\u0009\u000b-\u001f]|[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g;

function occurrences(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) {
    n++;
  }
  return n;
}

/** `JSON.stringify(s).length`, without building the string. */
function stringLength(s: string): number {
  let n = s.length + 2;
  if (!MAY_ESCAPE.test(s)) {
    return n; // base64 images, most text: nothing to escape
  }
  // `\"` `\\` `\n`: one more character each
  n += occurrences(s, '"') + occurrences(s, '\\') + occurrences(s, '\n');
  RARE_ESCAPES.lastIndex = 0;
  for (let m = RARE_ESCAPES.exec(s); m !== null; m = RARE_ESCAPES.exec(s)) {
    if (m[0].length === 2) {
      continue; // a surrogate pair: as it is
    }
    const code = m[0].charCodeAt(0);
    // `\b` `\t` `\f` `\r`: one more character; other controls and lone surrogates: `\u00XX`,
    // five more
    n +=
      code === 0x08 || code === 0x09 || code === 0x0c || code === 0x0d ? 1 : 5;
  }
  return n;
}

/**
 * `JSON.stringify(value).length` for a JSON value as `JSON.parse` makes it (null, booleans,
 * numbers, strings, arrays, plain objects), without building the string: the outputs of a large
 * cell are megabytes of base64 and HTML that would be copied only to be measured.
 */
export function jsonLength(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return stringLength(value);
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4; // `null`
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (value === null) {
        return 4;
      }
      if (Array.isArray(value)) {
        let n = value.length > 0 ? value.length + 1 : 2; // brackets and commas
        for (const item of value) {
          // undefined, functions and symbols in an array become `null`
          n += isSkipped(item) ? 4 : jsonLength(item);
        }
        return n;
      }
      let n = 2;
      let members = 0;
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (isSkipped(item)) {
          continue; // left out, as JSON.stringify does
        }
        n += stringLength(key) + 1 + jsonLength(item);
        members++;
      }
      return members > 1 ? n + members - 1 : n;
    }
    default:
      return 0; // undefined at the top: JSON.stringify returns undefined (`o.raw ?? ''` avoids it)
  }
}

function isSkipped(value: unknown): boolean {
  return (
    value === undefined ||
    typeof value === 'function' ||
    typeof value === 'symbol'
  );
}

/** a Quarto cell option, as nbdev 2 writes its directives too: `#| hide`, `#| default_exp x`, `#| label: fig-a` */
const CELL_OPTION = /^[ \t]*#\|/;

/**
 * What in the notebook itself says the documentation build renders it from its saved outputs and
 * never runs it (cleared outputs would empty the published page), or null:
 * - its metadata, to nbsphinx (`"nbsphinx": {"execute": "never"}`) or to MyST-NB and Jupyter
 *   Book (`"mystnb": {"execution_mode": "off"}`);
 * - Quarto cell options (`#|` lines opening a code cell: nbdev 2's directives are these): Quarto
 *   renders an .ipynb as saved unless the project turns execution on, and nbdev's docs are
 *   Quarto's (round 24, statsforecast's and mlforecast's docs tutorials);
 * - nbdev's clean form: no code cell has an execution count, some keep outputs, and the
 *   notebook's metadata is the kernelspec alone (`nbdev_clean` strips the rest, language_info
 *   included, which Jupyter writes on every save). Stripped counts alone are not enough: rounds
 *   9 to 20 judged 12 large outputs true in notebooks so saved (Databricks exports, Colab, course
 *   notebooks), none of them with only a kernelspec.
 * A project-wide setting (`nbsphinx_execute` in `conf.py`, `execute_notebooks` in `_config.yml`,
 * nbdev's `settings.ini`, `_quarto.yml`) is in files the library cannot read: the lab reads no
 * project file, and the CLI (which since 5c1899f1 reads pyproject.toml, setup.cfg and setup.py
 * for NB105's own packages) does not read these, so the CLI and the lab agree.
 */
function publishedBy(notebook: Notebook): string | null {
  const metadata = notebook.metadata;
  const section = (key: string): Record<string, unknown> => {
    const value = metadata[key];
    return value && typeof value === 'object'
      ? (value as Record<string, unknown>)
      : {};
  };
  if (
    section('nbsphinx').execute === 'never' ||
    section('mystnb').execution_mode === 'off'
  ) {
    return "the notebook's metadata";
  }
  const code = notebook.cells.filter(c => c.kind === 'code');
  if (code.some(c => CELL_OPTION.test(c.source))) {
    return 'a Quarto/nbdev cell option (#|) in the notebook';
  }
  if (
    code.length > 0 &&
    code.every(c => c.executionCount === null) &&
    code.some(c => c.outputs.length > 0) &&
    Object.keys(metadata).every(k => k === 'kernelspec' || k === 'jupytext')
  ) {
    return "nbdev's clean form (outputs kept, execution counts and metadata stripped)";
  }
  return null;
}

/**
 * A folder named `docs` or `doc` on the notebook's path: where Sphinx, MkDocs and Jupyter Book
 * projects keep the notebooks their documentation build renders, often from the saved outputs
 * (rounds 21, 22, 25: causalml's `docs/examples`, alibi's `doc/source/examples`), though not
 * always (round 23: msticpy's `docs/notebooks`, whose build renders none). Evidence of a maybe.
 */
const DOCS_FOLDER = /(?:^|[\\/])docs?[\\/]/i;

type MessageId = 'large' | 'largePublished' | 'largeInDocs';

/** Megabytes of plots and tables in the .ipynb bloat the repository and make every diff unreadable. */
export default defineRule<z.output<typeof options>, MessageId>({
  meta: {
    code: 'NB307',
    id: 'large-output',
    category: 'structure',
    description: "A cell's committed outputs are larger than the limit.",
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      large:
        'Cell outputs take {{size}} KB in the file (limit {{max}} KB); clear them before committing (nbstripout) or save artefacts to files/MLflow.',
      largePublished:
        'Cell outputs take {{size}} KB in the file (limit {{max}} KB); {{evidence}} has the docs build show these saved outputs, so make them smaller (a lower figure dpi, fewer points or rows) rather than clearing them.',
      largeInDocs:
        'Cell outputs take {{size}} KB in the file (limit {{max}} KB); the notebook is under a docs folder, where a documentation build may show these saved outputs: if it does, make them smaller (a lower figure dpi, PNG rather than SVG, fewer points or rows); if not, clear them before committing (nbstripout).'
    },
    options
  },
  create(context) {
    // asked once, for the notebook's first large output (most notebooks have none)
    let evidence: string | null | undefined;
    return {
      cell(lc) {
        if (lc.cell.outputs.length === 0) {
          return;
        }
        const limit = context.options.maxKilobytes * 1024;
        // re-serialising never makes a string longer than it is in the file (escapes only shrink)
        // and makes a number at most 5.25 times longer (`1e20`): a cell whose whole text in the
        // file is within a sixth of the limit cannot have outputs over it
        const span = lc.cell.cellRange;
        if (span && (span.end - span.start) * 6 <= limit) {
          return;
        }
        const bytes = lc.cell.outputs.reduce(
          (n, o) => n + jsonLength(o.raw ?? ''),
          0
        );
        if (bytes > limit) {
          // `undefined`: not asked yet (`??=` would ask again after a null answer, once per
          // large output: N of them read every cell N times)
          if (evidence === undefined) evidence = publishedBy(context.notebook);
          context.report({
            messageId: evidence
              ? 'largePublished'
              : DOCS_FOLDER.test(context.notebook.path)
                ? 'largeInDocs'
                : 'large',
            data: {
              size: Math.round(bytes / 1024),
              max: context.options.maxKilobytes,
              evidence: evidence ?? ''
            },
            cell: lc.cell,
            output: 0,
            fileSpan: locateJsonMember(
              context.notebook,
              lc.cell,
              'outputs',
              '['
            )
          });
        }
      }
    };
  }
});
