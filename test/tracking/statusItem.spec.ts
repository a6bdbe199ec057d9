import { nullTranslator } from '@jupyterlab/translation';

import { trackingStatusLabel } from '../../src/tracking/statusItem';

const trans = nullTranslator.load('nbcraft');
const status = (state: string, reachable: boolean) => ({
  reachable,
  state,
  message: '',
  hint: ''
});

describe('trackingStatusLabel', () => {
  it('names the experiment while the server answers', () => {
    expect(trackingStatusLabel('churn', status('ready', true), trans)).toBe(
      'MLflow: churn'
    );
  });
  it('says when the server is gone, with or without an experiment', () => {
    expect(
      trackingStatusLabel('churn', status('unreachable', false), trans)
    ).toBe('MLflow: churn (unreachable)');
    expect(trackingStatusLabel(null, status('unreachable', false), trans)).toBe(
      'MLflow: unreachable'
    );
  });
  it('does not look connected when the credentials were refused', () => {
    expect(
      trackingStatusLabel('churn', status('unauthorized', true), trans)
    ).toBe('MLflow: churn (credentials refused)');
    expect(trackingStatusLabel(null, status('unauthorized', true), trans)).toBe(
      'MLflow: credentials refused'
    );
  });
  it('says starting while the embedded server starts, and no experiment otherwise', () => {
    expect(trackingStatusLabel(null, status('starting', false), trans)).toBe(
      'MLflow: starting…'
    );
    // Tracking switched off is not an outage.
    expect(trackingStatusLabel(null, status('disabled', false), trans)).toBe(
      'MLflow: no experiment'
    );
    expect(trackingStatusLabel(null, null, trans)).toBe(
      'MLflow: no experiment'
    );
  });
});
