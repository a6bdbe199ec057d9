/**
 * "Open in MLflow" on the embedded server met MLflow's basic-auth prompt with no word of
 * where the password is. The lab now says it before opening: the user, and a command that
 * prints the password from the server's own 0600 file, with no secret in the link or page.
 */
import * as fs from 'fs';
import * as path from 'path';

import { EMBEDDED_USER, embeddedSignIn } from '../../src/tracking/signIn';

describe('embeddedSignIn', () => {
  it('names the user and the command that reads the password file of this port', () => {
    expect(
      embeddedSignIn({ kind: 'embedded', ui_url: 'http://127.0.0.1:53655/' })
    ).toEqual({
      user: 'nbcraft',
      command:
        'grep admin_password "$(jupyter --runtime-dir)/nbcraft-mlflow-53655.ini"'
    });
  });

  it('says nothing for a server of the user’s own, or without a UI address', () => {
    expect(
      embeddedSignIn({ kind: 'mlflow', ui_url: 'https://mlflow.example.org/' })
    ).toBeNull();
    expect(embeddedSignIn({ kind: 'databricks', ui_url: null })).toBeNull();
    expect(embeddedSignIn({ kind: 'embedded', ui_url: null })).toBeNull();
    expect(
      embeddedSignIn({ kind: 'embedded', ui_url: 'not a url' })
    ).toBeNull();
    expect(embeddedSignIn(null)).toBeNull();
  });

  it('names the file and user the server extension writes (embedded.py)', () => {
    const embedded = fs.readFileSync(
      path.join(__dirname, '../../nbcraft/tracking/embedded.py'),
      'utf-8'
    );
    expect(embedded).toContain('f"nbcraft-mlflow-{port}.ini"');
    expect(embedded).toContain(`self.username = "${EMBEDDED_USER}"`);
    expect(embedded).toContain('f"admin_password = {self.password}\\n"');
  });
});
