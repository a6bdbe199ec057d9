import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import type { EmbeddedSignIn } from './signIn';

/**
 * Says how to sign in to the embedded server's MLflow UI before it opens (signIn.ts): true
 * when the user chose to open it.
 */
export async function confirmEmbeddedSignIn(
  signIn: EmbeddedSignIn,
  trans: TranslationBundle
): Promise<boolean> {
  const body = (
    <div className="jp-nbcraft-tracking-signin">
      <p>
        {trans.__(
          'The embedded MLflow server asks for a user name and password when its UI opens. nbcraft never sends that password to the browser.'
        )}
      </p>
      <p>
        {trans.__('User name:')} <code>{signIn.user}</code>
      </p>
      <p>
        {trans.__(
          'Password: a new one at each start of the server, in a file only your account can read. To see it, run in a terminal (File > New > Terminal):'
        )}
      </p>
      <pre className="jp-nbcraft-tracking-signin-command">{signIn.command}</pre>
    </div>
  );
  const answer = await showDialog({
    title: trans.__('Sign in to MLflow'),
    body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: trans.__('Open MLflow') })
    ]
  });
  return answer.button.accept;
}
