"""The ``Authorization`` header's rule (``Proxy-Authorization``, ``X-Authorization`` too): its
credentials redacted in a cell, a job's parameter, a log line, whatever the scheme. The one
owner of the rule (the recorder's ``redact``, ``tracking.errors.scrub``). Only the standard
library; linear (each value read once)."""

from __future__ import annotations

import re

# An ``Authorization`` header's name (a prefixed one's too, ``Proxy-Authorization``,
# ``X-Authorization``, ``HTTP_AUTHORIZATION``: read from its first word, so the quote before it
# is seen; a subscript's ``headers['Authorization'] =``), its ``:`` or ``=`` (spaces escaped too: ``-H
# Authorization:\\ Bearer\\ x``) and the quote its value opens; the value runs to the quote that
# closes it (the one opened before the name, ``"Authorization: x"``), or to the line's end. A
# name with ``_`` in its prefix (``HTTP_AUTHORIZATION``) is code's as often
# (``requires_authorization = False``): its value is read only when it starts with a scheme
_AUTHORIZATION = re.compile(
    r"""(?i)(?P<before>["']?)(?<![\w-])(?P<prefix>(?:[A-Za-z0-9]+[-_])*)authorization"""
    r"""(?P<after>["']?)\]?"""
    r"""(?:\\?[ \t])*[:=](?:\\?[ \t])*"""
    r"""(?P<quote>["']?)"""
)
_HEADER_VALUE = {'"': re.compile(r'(?:[^"\\\n]|\\.)*'), "'": re.compile(r"[^'\n]*")}
_SHELL_WORD = re.compile(r"(?:[^\s\\\"']|\\.)*")  # (``Bearer\\ x``: a word's escaped spaces)
_LINE_REST = re.compile(r"[^\n]*")
# RFC 9110's ``credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]``: the scheme is kept
_SCHEME = re.compile(r"[A-Za-z][\w.+-]*(?:\\?[ \t])+(?=\S)")
_SCHEME_ALONE = re.compile(r"[A-Za-z][\w.+-]*[ \t]+")
# An unquoted value (a log line's, a shell word's) is read word by word: a scheme's name (IANA's
# HTTP authentication schemes and common vendors'), then its one credential word; a scheme whose
# credentials are ``k=v`` parameters (Digest, AWS4-HMAC-SHA256...) to the line's end. Any other
# first word is the credential itself (``Authorization:S3CRET https://x``).
_TOKEN_SCHEMES = frozenset(
    [
        "basic",
        "bearer",
        "token",
        "apikey",
        "api-key",
        "key",
        "ssws",
        "bot",
        "negotiate",
        "ntlm",
        "kerberos",
        "dpop",
        "gnap",
        "jwt",
        "sharedkey",
        "sharedkeylite",
        "sharedaccesssignature",
        "splunk",
        "otoken",
        "googlelogin",
    ]
)
_PARAM_SCHEMES = frozenset(
    [
        "digest",
        "aws4-hmac-sha256",
        "hoba",
        "mutual",
        "oauth",
        "vapid",
        "scram-sha-1",
        "scram-sha-256",
        "hawk",
        "privatetoken",
        "concealed",
    ]
)
_SCHEMES = _TOKEN_SCHEMES | _PARAM_SCHEMES
_SCHEME_AND_WORD = re.compile(r"[A-Za-z][\w.+-]*[ \t]+(?:[^\s\\\"']|\\.)*")
# ``dict(Authorization=token)``, ``f(authorization=header, ...)``: code naming a variable
_CODE_VARIABLE = re.compile(r"[A-Za-z_][\w.]*(?=[ \t]*[,)])")
# A value that holds no secret: the environment's (``$TOKEN``, ``${TOKEN}``, ``${T:-}``,
# ``${T:?message}``, ``${T:-$OTHER}``; not ``${T:-S}``, whose default is the text's), a command's
# output (``$(gcloud auth print-access-token)``, backticks), an expansion's (``{token}``)
REFERENCE = re.compile(
    r"\$\w+|\$\{[^{}\s:=?+-]*(?::?\?[^{}\n]*|:?[-=+](?:\$\w+|\$\{[^{}\s:=?+-]*\})?)?\}"
    r"|\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`"
)
_EXPANSION = re.compile(r"\{[\w.\[\]'\"]*\}")


def authorization_redacted(text: str, redacted: str, expansions: bool = True) -> str:
    """``text`` with each ``Authorization`` header's credentials ``redacted``, whatever the
    scheme (Bearer, Basic, Digest's ``username="u", response="..."``, ``AWS4-HMAC-SHA256
    Credential=..., Signature=...``, ApiKey, SSWS...): the value after the scheme word, to its
    closing quote or the line's end; kept: one that holds no secret (``$TOKEN``, ``$(gcloud
    ...)``, ``{token}``) and a code's ``{"Authorization": token}`` (a variable). The one owner
    of the header's rule (the recorder's ``redact``, ``tracking.errors.scrub``). Not
    ``expansions`` (a ``%%bash`` cell's body, which IPython passes to bash as written): a
    ``{token}`` is the text's, redacted."""
    parts, last, read = [], 0, 0  # read: where the last value read ends (each read once)
    for m in _AUTHORIZATION.finditer(text):
        if m.start() < read:
            continue
        quote = m.group("quote") or (m.group("before") if not m.group("after") else "")
        if "_" in m.group("prefix") and not _starts_with_scheme(text, m.end()):
            continue  # (``requires_authorization = False``, ``SKIP_AUTHORIZATION=1``: code's)
        if quote:
            value = _HEADER_VALUE[quote].match(text, m.end())
        elif m.group("after"):
            continue  # (``{"Authorization": token}``: code, the value is a variable's)
        else:
            word = _SHELL_WORD.match(text, m.end())
            scheme_name = word.group().lower()
            if "=" in m.group() and _CODE_VARIABLE.match(text, m.end()):
                continue  # (``dict(Authorization=token)``: a variable)
            if "\\ " in word.group() or scheme_name not in _SCHEMES:
                value = word  # the credential itself, or ``Bearer\\ x`` (escaped spaces)
            elif scheme_name in _PARAM_SCHEMES:
                value = _LINE_REST.match(text, m.end())
            else:
                value = _SCHEME_AND_WORD.match(text, m.end()) or word
        start, end = m.end(), len(value.group().rstrip()) + m.end()
        read = end
        if scheme := _SCHEME.match(text, start, end):
            start = scheme.end()
        credential = text[start:end]
        if quote and _SCHEME_ALONE.fullmatch(value.group()):
            continue  # (``'Bearer ' + token``: the scheme alone, the credential is code's)
        if not credential or credential == redacted or REFERENCE.fullmatch(credential):
            continue
        if _PLACEHOLDER.fullmatch(credential):
            continue  # (``'Bearer %s' % token``: the format's; its argument is code's)
        if expansions and _EXPANSION.fullmatch(credential):
            continue
        parts += [text[last:start], redacted]
        last = end
    return "".join([*parts, text[last:]]) if parts else text


def _starts_with_scheme(text: str, at: int) -> bool:
    """Whether the value at ``at`` starts with a known scheme's name and a credential after it
    (``Basic x``, ``Bearer\\ x``)."""
    scheme = _SCHEME.match(text, at)
    return scheme is not None and scheme.group().rstrip(" \t\\").lower() in _SCHEMES


# A scheme's credential outside a header (a log line's, a message's, a cell's ``Bearer eyJ...``,
# ``basic dXNl...``; any case, as HTTP's scheme names are): the word after it, to a space, a
# quote, a ``,`` or ``;``, or a closing bracket it did not open. Kept: one that holds no secret (``$TOKEN``, ``$(cmd)``, a
# backtick's; ``{token}``, an expansion's, when ``expansions``), shorter than 4 characters, or a
# word of prose (letters, a capital first at most: ``Bearer authentication``, ``basic Auth``)
_SCHEME_CREDENTIAL = re.compile(r"(?i)\b(?:bearer|basic)\s+(?P<credential>[^\s\"'<>,;]{4,})")
_OPEN = {")": "(", "]": "[", "}": "{"}
_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdr]|\{\d*\}")  # (``'Bearer %s' % t``: kept)
_PROSE = re.compile(r"[A-Za-z][a-z]{0,14}|[A-Z]{2,6}")  # (a longer one: a token's; ``HTTP``)
# ``Basic``'s credential is RFC 7617's base64 of ``user:password``: base64's letters only, 8 or
# more, a digit or both cases in it (``basic stats:``, ``basic 3-layer``, ``basic GPT-2``,
# ``basic pd.DataFrame``, ``basic example()`` are prose and code); a CamelCase name with a
# number after it is code's too (``basic ResNet50``)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{8,}={0,2}")
_MIXED = re.compile(r"\d|[a-z].*[A-Z]|[A-Z].*[a-z]")
_IDENTIFIER = re.compile(r"(?:[A-Z][a-z]{2,}|[a-z]{2,})(?:[A-Z][a-z]{2,})*\d{0,4}")


def scheme_credentials_redacted(text: str, redacted: str, expansions: bool = True) -> str:
    """``text`` with each credential after ``Bearer`` or ``Basic`` ``redacted``, wherever it
    is (an ``Authorization`` header's is :func:`authorization_redacted`'s too): the one owner
    of the rule (the recorder's ``redact``, ``tracking.errors.scrub``). Not ``expansions`` (a
    ``%%bash`` cell's body): a ``{token}`` is the text's, redacted."""
    parts, last = [], 0
    for m in _SCHEME_CREDENTIAL.finditer(text):
        credential = m.group("credential")
        # (``(Bearer x)``: a closing bracket it did not open is the text's)
        credential = credential.rstrip("".join(c for c in ")]}" if _OPEN[c] not in credential))
        end = m.start("credential") + len(credential)
        if credential[0] in "$`" or (expansions and credential[0] == "{"):
            continue  # (the environment's, a command's output, IPython's expansion)
        if credential[0] == "-" or _PLACEHOLDER.match(credential):
            continue  # (an option: HTTPie's ``--auth-type=bearer --auth x``; ``%s``'s format)
        word = credential.rstrip(":.)")  # (``Basic usage:``, ``(a bearer token.)``: prose)
        if len(credential) < 4 or credential == redacted or _PROSE.fullmatch(word):
            continue
        if m.group().lower().startswith("basic"):
            if not _basic_credential(word):
                continue
            end = m.start("credential") + len(word)  # (the sentence's ``.`` after it kept)
        parts += [text[last : m.start("credential")], redacted]
        last = end
    return "".join([*parts, text[last:]]) if parts else text


def _basic_credential(word: str) -> bool:
    """Whether ``word`` after ``Basic`` looks like its credential (RFC 7617's base64)."""
    return bool(_BASE64.fullmatch(word) and _MIXED.search(word) and not _IDENTIFIER.fullmatch(word))
