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

describe('ComputeService.refresh', () => {
  it('never lets an older, slower listing overwrite a newer one', async () => {
    // two listings in flight: the first answers last (a slow probe), with the old targets
    const client = axios.create({ baseURL: 'http://127.0.0.1/nbcraft/' });
    const release: (() => void)[] = [];
    const replies = [['old'], ['new']];
    let n = 0;
    client.defaults.adapter = config => {
      const names = replies[n++];
      return new Promise(resolve =>
        release.push(() => {
          resolve({
            data: names.map(name => ({
              name,
              kind: 'local',
              reachable: true,
              kernelspec: null
            })),
            status: 200,
            statusText: 'OK',
            headers: {},
            config
          });
        })
      );
    };
    const service = new ComputeService(client);
    let emitted = 0;
    service.changed.connect(() => emitted++);
    const first = service.refresh();
    const second = service.refresh();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(release).toHaveLength(2);
    release[1]();
    await second;
    release[0]();
    await first;
    expect(service.targets.map(t => t.name)).toEqual(['new']);
    expect(emitted).toBe(1);
  });
});
