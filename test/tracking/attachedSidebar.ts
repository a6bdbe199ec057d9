/** The runs sidebar around a controller, attached to the page, for tests that read it. */
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { act } from 'react';

import type { TrackingController } from '../../src/tracking/controller';
import { TrackingSidebar } from '../../src/tracking/sidebar';
import { marked } from '../core/markedTranslator';

/** The lab's bundle, with its `__` marking what it translated (see markedTranslator). */
export const markedBundle: TranslationBundle = Object.assign(
  Object.create(nullTranslator.load('nbcraft')) as TranslationBundle,
  {
    __: (msgid: string, ...args: (string | number)[]) =>
      marked.__(msgid, ...args)
  }
);

export function attachedSidebar(
  controller: TrackingController,
  trans: TranslationBundle = markedBundle
): TrackingSidebar {
  const sidebar = new TrackingSidebar(controller, trans, {
    copyRunId: () => undefined,
    openInMlflow: null,
    insertModelSnippet: null,
    chartMetric: () => undefined,
    compare: () => undefined,
    linkExperiment: null
  });
  act(() => {
    Widget.attach(sidebar, document.body);
  });
  return sidebar;
}
