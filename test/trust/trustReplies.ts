/**
 * The trust route's answers for the trust tests: a state like the server's, and a service
 * over an axios adapter with canned replies (no lab server in a jest run).
 */
import axios from 'axios';

import type { TrustState } from '../../src/trust/api';
import { TrustService } from '../../src/trust/service';

export function stateOf(more: Partial<TrustState> = {}): TrustState {
  return {
    path: '/root/nbcraft.json',
    file: 'nbcraft.json',
    sha256: 'a'.repeat(64),
    trusted: false,
    requests: ['compute'],
    heldBack: true,
    error: null,
    trustProblem: null,
    tracking: null,
    targets: [],
    pipelines: [],
    ...more
  };
}

/** A service whose n-th read gets the n-th reply (the last one from then on). */
export function serviceAnswering(replies: TrustState[]): {
  service: TrustService;
  requests: () => number;
} {
  const client = axios.create({ baseURL: 'http://127.0.0.1/nbcraft/' });
  let n = 0;
  client.defaults.adapter = config =>
    Promise.resolve({
      data: replies[Math.min(n++, replies.length - 1)],
      status: 200,
      statusText: 'OK',
      headers: {},
      config
    });
  return { service: new TrustService(client), requests: () => n };
}
