/**
 * "Trust the Project Settings…" is offered only while there is something to trust, and "Stop
 * Trusting…" only while the file is trusted; the palette hears of each change of the trust
 * state (a real CommandRegistry, the service over an axios adapter with canned replies).
 */
import { CommandRegistry } from '@lumino/commands';
import { nullTranslator } from '@jupyterlab/translation';

import { CommandIDs } from '../../src/core/commandIds';
import type { TrustState } from '../../src/trust/api';
import { addTrustCommands } from '../../src/trust/commands';
import { serviceAnswering, stateOf } from './trustReplies';

function setUp(replies: TrustState[]) {
  const { service } = serviceAnswering(replies);
  const commands = new CommandRegistry();
  addTrustCommands(commands, service, nullTranslator.load('nbcraft'), {
    trust: () => Promise.resolve(),
    revoke: () => Promise.resolve()
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
  return { service, offered, changed };
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
});
