import { AxiosError } from 'axios';

import { NbcraftApiError, toApiError } from '../../src/core/api';
import {
  english,
  errorText,
  TranslatableError
} from '../../src/core/translatable';
import {
  StaleNotebookError,
  checkUnchanged
} from '../../src/promote/applyCells';
import { planWrites } from '../../src/promote/writePlan';
import { marked } from './markedTranslator';

describe('errors the lab shows', () => {
  it('are English in their message and said in the lab’s language by errorText', () => {
    const error = new TranslatableError(tr =>
      tr.__('Job %1 is not a pipeline run.', 'j1')
    );
    expect(error.message).toBe('Job j1 is not a pipeline run.');
    expect(errorText(error, marked)).toBe(
      '«Job %1 is not a pipeline run.»[j1]'
    );
    expect(errorText(error, english)).toBe(error.message);
  });

  it('keep text from the server or a library as it came', () => {
    expect(errorText(new Error('from the server'), marked)).toBe(
      'from the server'
    );
    expect(errorText(new NbcraftApiError('server text', 500), marked)).toBe(
      'server text'
    );
    expect(errorText('a string', marked)).toBe('a string');
  });

  it('from the API client: a server that does not answer, in the lab’s language', () => {
    const silent = toApiError(new AxiosError('Network Error'));
    expect(silent.status).toBe(0);
    expect(silent.message).toBe(
      'The Jupyter server did not answer. Check that it is still running.'
    );
    expect(errorText(silent, marked)).toBe(
      '«The Jupyter server did not answer. Check that it is still running.»[]'
    );
  });

  it('from promote: a path outside the project, a notebook changed meanwhile', () => {
    let thrown: unknown;
    try {
      planWrites({
        root: '',
        modulePath: '../m.py',
        moduleName: 'm',
        moduleText: '',
        existingModuleText: null,
        testPath: 'tests/test_m.py',
        testText: '',
        existingTestText: null
      });
    } catch (error) {
      thrown = error;
    }
    expect(errorText(thrown, marked)).toBe(
      '«%1: promote only writes inside the project folder; use a relative path without ".."»[../m.py]'
    );
    const shared = {
      cells: [{}],
      getCell: () => ({ getSource: () => 'now' })
    };
    try {
      checkUnchanged(shared as never, new Map([[0, 'before']]));
      thrown = null;
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StaleNotebookError);
    expect(errorText(thrown, marked)).toMatch(
      /^«Cell %1 changed while the preview was open; [^»]*»\[1\]$/
    );
  });
});
