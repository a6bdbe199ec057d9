/**
 * How a requirement that names no version is pinned, for NB105's message: `name==<version>` for
 * a project from an index; pip rejects `==` after a URL (rounds 21 and 22: the suggestion
 * `numpyro@git+https://...==<version>` was not valid pip syntax), where a VCS URL takes a tag or
 * commit after `@` (pip's "VCS support": `git+https://host/repo@v1.0`) and an archive URL a
 * hash fragment that pip checks (`#sha256=<hash>`).
 */

/** pip's VCS schemes: `git+https://`, `hg+ssh://`, `svn+...`, `bzr+...` */
const VCS = /^(?:git|hg|svn|bzr)\+/i;
/** `name @ url` (PEP 508), with or without spaces around the `@` */
const NAMED_URL = /^([A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?)(\s*@\s*)(\S+)$/;
/** a URL: a scheme and `:` */
const URL = /^[a-z][\w+.-]*:/i;

export type PinForm =
  | { kind: 'name'; example: string }
  | { kind: 'vcs'; example: string }
  | { kind: 'archive' };

/** The form a pin takes for `requirement` (the name before any version operator, or a URL). */
export function pinForm(requirement: string, name: string): PinForm {
  const named = NAMED_URL.exec(requirement);
  const url = named ? named[3] : requirement;
  if (VCS.test(url)) {
    // the ref goes at the end of the path, before a `#egg=`/`#subdirectory=` fragment; a ref
    // there already (`repo.git@main`, a branch) is replaced; `git@host` before the path stays
    const hash = url.indexOf('#');
    const base = hash < 0 ? url : url.slice(0, hash);
    const fragment = hash < 0 ? '' : url.slice(hash);
    const lastSlash = base.lastIndexOf('/');
    const ref = base.indexOf('@', lastSlash + 1);
    const path = ref < 0 ? base : base.slice(0, ref);
    const prefix = named ? `${named[1]}${named[2]}` : '';
    return {
      kind: 'vcs',
      example: `${prefix}${path}@<tag or commit>${fragment}`
    };
  }
  if (URL.test(url)) return { kind: 'archive' };
  return { kind: 'name', example: `${name}==<version>` };
}
