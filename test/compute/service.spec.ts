import type { ISessionContext } from '@jupyterlab/apputils';
import axios from 'axios';

import { ComputeService } from '../../src/compute/service';
import { targetLabel } from '../../src/compute/model';

/** A session context with no kernel, in the state JupyterLab's own fields describe. */
function noKernel(
  kernelDisplayStatus: ISessionContext['kernelDisplayStatus'],
  more: Partial<ISessionContext> = {}
): ISessionContext {
  return {
    session: null,
    isDisposed: false,
    isReady: false,
    kernelPreference: {},
    kernelDisplayStatus,
    ...more
  } as unknown as ISessionContext;
}

describe('ComputeService.sessionState', () => {
  const service = new ComputeService(axios.create());
  const label = (context: ISessionContext) =>
    targetLabel(
      null,
      service.sessionState(context),
      'local',
      'no kernel',
      'starting…'
    );

  it('says starting while a notebook that opens is getting its kernel', () => {
    expect(label(noKernel('initializing'))).toBe('starting…');
  });

  it('says no kernel after "Shut Down Kernel" (JupyterLab: status unknown, not ready)', () => {
    // Seen in the walk: the status bar and the picker said "Compute: starting…" for good.
    expect(label(noKernel('unknown'))).toBe('no kernel');
  });

  it('says no kernel for a notebook opened with "No Kernel"', () => {
    expect(
      label(noKernel('unknown', { kernelPreference: { shouldStart: false } }))
    ).toBe('no kernel');
  });

  it('says no kernel once the notebook is closed', () => {
    expect(label(noKernel('initializing', { isDisposed: true }))).toBe(
      'no kernel'
    );
  });
});
