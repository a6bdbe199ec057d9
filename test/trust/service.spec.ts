/**
 * The trust state's `changed` signal sets off a compute-target listing (which probes every
 * target) and a tracking status read: it must fire only when the answer changed, and the
 * re-check the lab does on its own (window shown again) at most once per RECHECK_MS.
 * The server is an axios adapter with canned replies (no lab server in a jest run).
 */
import type { TrustState } from '../../src/trust/api';
import { RECHECK_MS } from '../../src/trust/service';
import { serviceAnswering, stateOf } from './trustReplies';

describe('TrustService.changed', () => {
  it('fires on the first answer and when path, content, trust or held-back change, not otherwise', async () => {
    const { service } = serviceAnswering([
      stateOf(),
      stateOf({ error: null }), // the same answer again
      stateOf({ sha256: 'b'.repeat(64) }),
      stateOf({ sha256: 'b'.repeat(64), trusted: true, heldBack: false }),
      stateOf({ sha256: 'b'.repeat(64), trusted: true, heldBack: false })
    ]);
    const seen: (TrustState | null)[] = [];
    service.changed.connect((_s, state) => seen.push(state));
    for (let i = 0; i < 5; i++) {
      await service.refresh();
    }
    expect(seen.map(s => [s?.sha256?.[0], s?.trusted])).toEqual([
      ['a', false],
      ['b', false],
      ['b', true]
    ]);
    expect(service.state?.trusted).toBe(true);
  });
});

describe('TrustService.recheck', () => {
  it('asks the server at most once per RECHECK_MS', async () => {
    const { service, requests } = serviceAnswering([stateOf()]);
    const t0 = 1_000_000;
    expect(service.recheck(t0)).not.toBeNull();
    expect(service.recheck(t0 + 10)).toBeNull();
    expect(service.recheck(t0 + RECHECK_MS - 1)).toBeNull();
    await Promise.resolve();
    expect(service.recheck(t0 + RECHECK_MS)).not.toBeNull();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(requests()).toBe(2);
  });

  it('after a read the user set off (a save), the focus re-check still reads; the palette does not', async () => {
    const { service, requests } = serviceAnswering([stateOf()]);
    await service.refresh(); // the file saved in the lab
    const justAfter = Date.now() + 10;
    expect(service.recheck(justAfter, true)).toBeNull(); // the palette: just read
    // the window focused again after a git pull outside the lab: read, or the change is missed
    expect(service.recheck(justAfter)).not.toBeNull();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(requests()).toBe(2);
  });
});
