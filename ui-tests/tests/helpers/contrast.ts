import type { Page } from '@playwright/test';

/** One piece of text that reads below WCAG AA, named so it can be found. */
export interface IContrastFailure {
  /** A CSS-like path to the element: `div.jp-nbcraft-tracking-row > span.…`. */
  element: string;
  /** The text (first 40 characters). */
  text: string;
  /** The computed colours, composited over what is behind them. */
  color: string;
  background: string;
  ratio: number;
  /** What it needed: 4.5 for text, 3 for large text and icon glyphs. */
  required: number;
}

/**
 * The WCAG 2.1 contrast of every visible text node under the elements matched by `roots`,
 * computed in the page from the browser's computed styles: the text colour (with its alpha
 * and the elements' opacity) against the background, composited over every translucent
 * background behind it up to the first opaque one. Any colour syntax the browser computes
 * (rgb, color(srgb …) from color-mix, …) is read back through a 1×1 canvas.
 *
 * Required ratio: 4.5:1 for text, 3:1 for large text (24 px, or 18.66 px bold) and for
 * decorative glyphs marked `aria-hidden` (icons; WCAG 1.4.11 asks 3:1 of them). Disabled
 * controls are exempt (WCAG 1.4.3). Text in a closed <select> is checked on the select.
 */
export async function contrastFailures(
  page: Page,
  roots: string
): Promise<{ checked: number; failures: IContrastFailure[] }> {
  return page.evaluate((selector: string) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    type RGBA = [number, number, number, number];
    const parse = (value: string): RGBA => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000';
      ctx.fillStyle = value;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a / 255];
    };
    const over = (top: RGBA, below: RGBA): RGBA => {
      const a = top[3] + below[3] * (1 - top[3]);
      if (a === 0) {
        return [0, 0, 0, 0];
      }
      const mix = (i: number) =>
        (top[i] * top[3] + below[i] * below[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const luminance = ([r, g, b]: RGBA) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const describe = (element: Element) => {
      const parts: string[] = [];
      let node: Element | null = element;
      while (node && parts.length < 4 && node !== document.body) {
        const classes = Array.from(node.classList)
          .filter(c => c.startsWith('jp-'))
          .slice(0, 2);
        parts.unshift(
          node.tagName.toLowerCase() +
            (node.id ? `#${node.id}` : '') +
            classes.map(c => `.${c}`).join('')
        );
        node = node.parentElement;
      }
      return parts.join(' > ');
    };
    const opacity = (element: Element) => {
      let value = 1;
      for (
        let node: Element | null = element;
        node;
        node = node.parentElement
      ) {
        value *= Number(getComputedStyle(node).opacity);
      }
      return value;
    };
    const background = (element: Element): RGBA => {
      const layers: RGBA[] = [];
      for (
        let node: Element | null = element;
        node;
        node = node.parentElement
      ) {
        const color = parse(getComputedStyle(node).backgroundColor);
        if (color[3] > 0) {
          layers.push(color);
          if (color[3] >= 1) {
            break;
          }
        }
      }
      let result: RGBA = [255, 255, 255, 1];
      for (const layer of layers.reverse()) {
        result = over(layer, result);
      }
      return result;
    };
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) {
        return false;
      }
      const style = getComputedStyle(element);
      return style.visibility !== 'hidden' && style.display !== 'none';
    };

    const failures: IContrastFailure[] = [];
    let checked = 0;
    const seen = new Set<Element>();
    const check = (element: Element, text: string) => {
      if (seen.has(element) || !visible(element)) {
        return;
      }
      seen.add(element);
      if (
        (element as HTMLButtonElement).disabled ||
        element.closest('[disabled], [aria-disabled="true"]')
      ) {
        return;
      }
      const style = getComputedStyle(element);
      const back = background(element);
      const fore = parse(style.color);
      fore[3] *= opacity(element);
      const shown = over(fore, back);
      const [l1, l2] = [luminance(shown), luminance(back)].sort(
        (a, b) => b - a
      );
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const icon = Boolean(element.closest('[aria-hidden="true"]'));
      const required = icon || size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      checked++;
      if (ratio < required) {
        const rgb = (c: RGBA) =>
          `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;
        failures.push({
          element: describe(element),
          text: text.trim().slice(0, 40),
          color: rgb(shown),
          background: rgb(back),
          ratio: Math.round(ratio * 100) / 100,
          required
        });
      }
    };
    for (const root of Array.from(document.querySelectorAll(selector))) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !node.textContent?.trim()) {
          continue;
        }
        if (parent.closest('style, script, template')) {
          continue;
        }
        const select = parent.closest('select');
        if (select) {
          check(select, select.selectedOptions.item(0)?.textContent ?? '');
          continue;
        }
        check(parent, node.textContent);
      }
      for (const input of Array.from(
        root.querySelectorAll<HTMLInputElement>(
          'input:not([type=checkbox]):not([type=radio]), textarea'
        )
      )) {
        if (input.value) {
          check(input, input.value);
        }
      }
    }
    return { checked, failures };
  }, roots);
}

/** A failure list as lines a test report can show. */
export function formatFailures(failures: IContrastFailure[]): string {
  return failures
    .map(
      f =>
        `${f.element} "${f.text}": ${f.ratio}:1 < ${f.required}:1 (${f.color} on ${f.background})`
    )
    .join('\n');
}
