/**
 * "Trust the Project Settings…" is offered only while there is something to trust, and "Stop
 * Trusting…" only while the file is trusted; the palette hears of each change of the trust
 * state, and a stale state is read again when the palette asks (a real CommandRegistry, the
 * service over an axios adapter with canned replies).
 */
import { CommandRegistry } from '@lumino/commands';
import { nullTranslator } from '@jupyterlab/translation';

import { CommandIDs } from '../../src/core/commandIds';
import type { TrustState } from '../../src/trust/api';
import { addTrustCommands } from '../../src/trust/commands';
import { RECHECK_MS } from '../../src/trust/service';
import { serviceAnswering, stateOf } from './trustReplies';

function setUp(replies: TrustState[]) {
  const { service, requests } = serviceAnswering(replies);
  const commands = new CommandRegistry();
  addTrustCommands(commands, service, nullTranslator.load('nbcraft'), {
    trust: () => Promise.resolve(),
    revoke: () => Promise.resolve(),
    // as the plugin wires it: the palette skips a state any read just fetched
    recheck: () => {
      void service.recheck(Date.now(), true)?.catch(() => undefined);
    }
  });
  const changed: string[] = [];
  commands.commandChanged.connect((_, args) => {
    if (args.id) {
      changed.push(args.id);
    }
  });
  const offered = () => ({
    trust: [
      commands.isEnabled(CommandIDs.trustProjectConfig),
      commands.isVisible(CommandIDs.trustProjectConfig)
    ],
    revoke: [
      commands.isEnabled(CommandIDs.revokeProjectConfig),
      commands.isVisible(CommandIDs.revokeProjectConfig)
    ]
  });
  return { service, offered, changed, requests };
}

describe('the trust commands', () => {
  it('offer Trust until the file is trusted, then Stop Trusting, and say so as it changes', async () => {
    const { service, offered, changed } = setUp([
      stateOf(),
      stateOf({ trusted: true, heldBack: false }),
      stateOf({ trusted: false, sha256: 'b'.repeat(64) }) // edited since: trust again
    ]);
    // before the server answered, trusting asks it (and says what it found)
    expect(offered()).toEqual({ trust: [true, true], revoke: [false, false] });
    await service.refresh();
    expect(offered()).toEqual({ trust: [true, true], revoke: [false, false] });
    changed.length = 0;
    await service.refresh();
    expect(offered()).toEqual({ trust: [false, false], revoke: [true, true] });
    expect(changed).toEqual([
      CommandIDs.trustProjectConfig,
      CommandIDs.revokeProjectConfig
    ]);
    await service.refresh();
    expect(offered()).toEqual({ trust: [true, true], revoke: [false, false] });
  });

  it('offer neither command when the root has no project file, or one that asks for nothing', async () => {
    const { service, offered } = setUp([
      stateOf({
        path: null,
        file: null,
        sha256: null,
        requests: [],
        heldBack: false
      }),
      stateOf({ requests: [], heldBack: false })
    ]);
    await service.refresh();
    expect(offered()).toEqual({
      trust: [false, false],
      revoke: [false, false]
    });
    await service.refresh();
    expect(offered()).toEqual({
      trust: [false, false],
      revoke: [false, false]
    });
  });

  it('read a stale state again when the palette asks, and offer Trust if the file changed meanwhile', async () => {
    const t0 = 1_000_000;
    const now = jest.spyOn(Date, 'now').mockReturnValue(t0);
    try {
      const { service, offered, changed, requests } = setUp([
        stateOf({ trusted: true, heldBack: false }),
        stateOf({ sha256: 'b'.repeat(64) }) // edited in a terminal: not trusted
      ]);
      await service.refresh();
      expect(offered()).toEqual({
        trust: [false, false],
        revoke: [true, true]
      });
      await settle();
      expect(requests()).toBe(1); // a state just read is not read again
      now.mockReturnValue(t0 + RECHECK_MS); // this window kept focus meanwhile
      changed.length = 0;
      offered(); // the palette opens
      await settle();
      expect(requests()).toBe(2);
      expect(changed).toContain(CommandIDs.trustProjectConfig);
      expect(offered()).toEqual({
        trust: [true, true],
        revoke: [false, false]
      });
      await settle();
      expect(requests()).toBe(2);
    } finally {
      now.mockRestore();
    }
  });
});

const settle = () => new Promise(resolve => setTimeout(resolve, 0));
