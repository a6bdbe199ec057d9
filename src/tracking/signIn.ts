/**
 * How the user gets into the embedded MLflow server's own UI. That server runs MLflow's
 * basic-auth app (nbcraft/tracking/embedded.py): user `nbcraft`, a password made at each
 * start and kept only in `$(jupyter --runtime-dir)/nbcraft-mlflow-<port>.ini`, mode 0600. The
 * browser never gets the password (DESIGN.md, security model): not in the link, the page, or a
 * log. So before "Open in MLflow" opens that server's UI, the lab says where the password is,
 * as a command to run in a terminal, which reads the file only on the user's own account.
 *
 * Not chosen: serving MLflow's UI through the authenticated Jupyter proxy. Its web app calls
 * MLflow's mutating routes (delete runs, and the basic-auth app's user and permission admin)
 * without Jupyter's XSRF token, and the proxy would sign each of them as the admin user: the
 * page would hold the admin's power over the server in all but name.
 */

/** The embedded server's user name (embedded.py's `self.username`). */
export const EMBEDDED_USER = 'nbcraft';

export interface EmbeddedSignIn {
  user: string;
  /** prints the password line of the server's own 0600 file; no secret in it */
  command: string;
}

/**
 * The sign-in for a status the status route answered: for the embedded server, the user and
 * the command that shows its password; null for any other server (its sign-in is its own).
 */
export function embeddedSignIn(
  status: { kind?: string | null; ui_url?: string | null } | null
): EmbeddedSignIn | null {
  if (status?.kind !== 'embedded' || !status.ui_url) {
    return null;
  }
  let port: string;
  try {
    port = new URL(status.ui_url).port;
  } catch {
    return null;
  }
  if (!/^\d+$/.test(port)) {
    return null;
  }
  return {
    user: EMBEDDED_USER,
    command: `grep admin_password "$(jupyter --runtime-dir)/nbcraft-mlflow-${port}.ini"`
  };
}
