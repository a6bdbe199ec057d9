"""curl's long options (``curl --help all`` of curl 7.88.1, and 8.3's ``--variable``), for
reading an abbreviation as curl does: a unique prefix of one of them is that option
(``--oauth2`` is ``--oauth2-bearer``, curl's ``parse_args``)."""

from __future__ import annotations

import bisect

_NAMES = """
abstract-unix-socket alt-svc anyauth append aws-sigv4 basic cacert capath cert cert-status
cert-type ciphers compressed compressed-ssh config connect-timeout connect-to continue-at cookie
cookie-jar create-dirs create-file-mode crlf crlfile curves data data-ascii data-binary data-raw
data-urlencode delegation digest disable disable-eprt disable-epsv disallow-username-in-url
dns-interface dns-ipv4-addr dns-ipv6-addr dns-servers doh-cert-status doh-insecure doh-url
dump-header egd-file engine etag-compare etag-save expect100-timeout fail fail-early
fail-with-body false-start form form-escape form-string ftp-account ftp-alternative-to-user
ftp-create-dirs ftp-method ftp-pasv ftp-port ftp-pret ftp-skip-pasv-ip ftp-ssl-ccc
ftp-ssl-ccc-mode ftp-ssl-control get globoff happy-eyeballs-timeout-ms haproxy-protocol head
header help hostpubmd5 hostpubsha256 hsts http0.9 http1.0 http1.1 http2 http2-prior-knowledge
http3 http3-only ignore-content-length include insecure interface ipv4 ipv6 json
junk-session-cookies keepalive-time key key-type krb libcurl limit-rate list-only local-port
location location-trusted login-options mail-auth mail-from mail-rcpt mail-rcpt-allowfails
manual max-filesize max-redirs max-time metalink negotiate netrc netrc-file netrc-optional next
no-alpn no-buffer no-clobber no-keepalive no-npn no-progress-meter no-sessionid noproxy ntlm
ntlm-wb oauth2-bearer output output-dir parallel parallel-immediate parallel-max pass path-as-is
pinnedpubkey post301 post302 post303 preproxy progress-bar proto proto-default proto-redir proxy
proxy-anyauth proxy-basic proxy-cacert proxy-capath proxy-cert proxy-cert-type proxy-ciphers
proxy-crlfile proxy-digest proxy-header proxy-insecure proxy-key proxy-key-type proxy-negotiate
proxy-ntlm proxy-pass proxy-pinnedpubkey proxy-service-name proxy-ssl-allow-beast
proxy-ssl-auto-client-cert proxy-tls13-ciphers proxy-tlsauthtype proxy-tlspassword proxy-tlsuser
proxy-tlsv1 proxy-user proxy1.0 proxytunnel pubkey quote random-file range rate raw referer
remote-header-name remote-name remote-name-all remote-time remove-on-error request
request-target resolve retry retry-all-errors retry-connrefused retry-delay retry-max-time
sasl-authzid sasl-ir service-name show-error silent socks4 socks4a socks5 socks5-basic
socks5-gssapi socks5-gssapi-nec socks5-gssapi-service socks5-hostname speed-limit speed-time ssl
ssl-allow-beast ssl-auto-client-cert ssl-no-revoke ssl-reqd ssl-revoke-best-effort sslv2 sslv3
stderr styled-output suppress-connect-headers tcp-fastopen tcp-nodelay telnet-option
tftp-blksize tftp-no-options time-cond tls-max tls13-ciphers tlsauthtype tlspassword tlsuser
tlsv1 tlsv1.0 tlsv1.1 tlsv1.2 tlsv1.3 tr-encoding trace trace-ascii trace-time unix-socket
upload-file url url-query use-ascii user user-agent variable verbose version write-out xattr
"""
LONG = tuple(sorted(f"--{name}" for name in _NAMES.split()))


def candidates(name: str) -> list[str]:
    """The options ``name`` may be to curl: itself when it is one; else those it is a prefix
    of (one: curl reads it as that option; more: curl calls it ambiguous)."""
    k = bisect.bisect_left(LONG, name)
    if k < len(LONG) and LONG[k] == name:
        return [name]
    found = []
    while k < len(LONG) and LONG[k].startswith(name):
        found.append(LONG[k])
        k += 1
    return found


# What an option's value holds: a ``user:password`` (curl's -u/-U, HTTPie's -a), a secret whole
# (a bearer token, a key's passphrase), a certificate with ``:passphrase`` after it (curl's
# rules), ``name=value&...`` fields (-d), one form field (-F), a header (``Name: value``); or
# nothing to read (SKIP: another option's value, not looked at)
USER, WHOLE, CERT, FIELDS, FIELD, FORM, HEADER, COOKIE, SKIP, PROXY = range(10)  # PROXY: -x's
CONFIG = 10  # (-K's: a file read as the command line's options, redacted where the text holds it)
SHORT_WITH_VALUE = frozenset("AbcCdDeEFHKmoPQrtTuUwxXyYz")  # curl's short options that take one
CURL_SHORT = {
    "u": USER, "U": USER, "E": CERT, "d": FIELDS, "F": FORM, "H": HEADER, "b": COOKIE, "x": PROXY,
}  # fmt: skip
CURL_LONG = {
    "--user": USER, "--proxy-user": USER, "--oauth2-bearer": WHOLE, "--pass": WHOLE,
    "--proxy-pass": WHOLE, "--cert": CERT, "--proxy-cert": CERT, "--data": FIELDS,
    "--data-ascii": FIELDS, "--data-binary": FIELDS, "--data-raw": FIELDS,
    "--data-urlencode": FIELD, "--json": FIELDS, "--form": FORM, "--form-string": FIELD,
    "--header": HEADER, "--proxy-header": HEADER, "--tlspassword": WHOLE,
    "--proxy-tlspassword": WHOLE, "--url-query": FIELDS, "--variable": FIELD, "--cookie": COOKIE,
    "--proxy": PROXY, "--preproxy": PROXY, "--socks4": PROXY, "--socks4a": PROXY,
    "--socks5": PROXY, "--socks5-hostname": PROXY, "--config": CONFIG,
}  # fmt: skip


def long_kind(name: str, long: dict[str, int]) -> int | None:
    """What a long option's value holds: ``long``'s, or curl's for an abbreviation of one of
    ``long``'s (``--oauth2``; one of several curl would call ambiguous is read as ours too:
    curl runs nothing then, and the text is redacted the more)."""
    if name in long:
        return long[name]
    if long is not CURL_LONG or len(name) < 4:
        return None
    ours = [option for option in candidates(name) if option in long]
    return long[ours[0]] if len(ours) == 1 else None
