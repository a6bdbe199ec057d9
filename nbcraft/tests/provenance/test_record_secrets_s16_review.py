"""Redaction gaps a second attack review of main found (s16): a line continuation inside a
word (the shell joins the lines, the reader ended the word), an ``Authorization`` scheme other
than Bearer/Basic/token (the scheme word was redacted, the credential kept), and
over-redaction that loses what the user needs (``$TOKEN``, ``$(gcloud ...)``, ``-d ts=-5u:30``).
Pure functions: the recorder's ``redact`` (a cell), ``redact_value`` (a job's parameter) and
``tracking.errors``' ``scrub``/``shown_line`` (logs and MLflow tags)."""

from __future__ import annotations

import pytest

from nbcraft.jobs.lines import safe_line
from nbcraft.provenance.record import redact
from nbcraft.tracking import errors

R = redact.REDACTED

CONTINUED = [
    ("!curl -u bob:\\\nS3cr3t h", f"!curl -u bob:{R} h"),
    ("!curl --user bob:\\\nS3cr3t h", f"!curl --user bob:{R} h"),
    ("!curl -d password=\\\nS3cr3t h", f"!curl -d password={R} h"),
    ("!http -a bob:\\\nS3cr3t h", f"!http -a bob:{R} h"),
    ("!curl --oauth2-bearer ab\\\ncdS3cr3t h", f"!curl --oauth2-bearer {R} h"),
    ("%%bash\ncurl -u bob:\\\nS3cr3t h\n", f"%%bash\ncurl -u bob:{R} h\n"),
    ("%%bash\ncurl -u bob:\\\r\nS3cr3t h\n", f"%%bash\ncurl -u bob:{R} h\n"),
    ('%%bash\ncurl -u "bob:ab\\\ncdS3cr3t" h\n', f'%%bash\ncurl -u "bob:{R}" h\n'),
]


@pytest.mark.parametrize(("typed", "kept"), CONTINUED)
def test_a_line_continuation_inside_a_word_is_the_word_s(typed: str, kept: str) -> None:
    """``-u bob:\\<newline>S3cr3t``: the shell joins the lines, so the password is
    ``S3cr3t``; the reader ended the word at the backslash and ``S3cr3t`` stayed in history and
    in job parameters."""
    assert redact.redact(typed) == kept
    assert redact.redact_value("cmd", typed) == kept


SCHEMES = [
    # (the header, the secret in it, the header as it is kept)
    ('Authorization: Digest username="u", response="6629fae49393a05397450978507c4ef1"',
     "6629fae49393a05397450978507c4ef1", "Authorization: Digest {R}"),
    ("Authorization: ApiKey S3cr3tKey1", "S3cr3tKey1", "Authorization: ApiKey {R}"),
    ("Authorization: SSWS S3cr3tKey1", "S3cr3tKey1", "Authorization: SSWS {R}"),
    ("Authorization: Bot S3cr3tKey1", "S3cr3tKey1", "Authorization: Bot {R}"),
    ("Authorization: Negotiate S3cr3tKey1", "S3cr3tKey1", "Authorization: Negotiate {R}"),
    (("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
      " SignedHeaders=host, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"),
     "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
     "Authorization: AWS4-HMAC-SHA256 {R}"),
    ("Authorization: S3cr3tKey1", "S3cr3tKey1", "Authorization: {R}"),
]  # fmt: skip


@pytest.mark.parametrize(("header", "secret", "kept"), SCHEMES)
def test_an_authorization_header_s_credentials_go_whatever_the_scheme(
    header: str, secret: str, kept: str
) -> None:
    """Only Bearer/Basic/token were known: for any other scheme the scheme word was taken for
    the credential (``Authorization: <redacted> S3cr3tKey1``), in history, job parameters, logs
    (``scrub``) and a job's warning (``safe_line``). The value after the scheme goes, to its
    closing quote or the line's end."""
    assert redact.redact(header) == kept.format(R=R)
    assert redact.redact_value("note", header) == kept.format(R=R)
    assert errors.scrub(header) == kept.format(R=errors.REDACTED)
    assert secret not in safe_line(RuntimeError(f"401 for {header}"), None)
    q = "'" if '"' in header else '"'  # (a Python string holding the value)
    for cell in (
        f"!curl -H '{header}' https://h/x",
        f"headers = {{{q}Authorization{q}: {q}{header[15:]}{q}}}",
    ):
        assert secret not in redact.redact(cell)


def test_a_quoted_digest_header_goes_to_its_closing_quote() -> None:
    typed = '!curl -H "Authorization: Digest username=\\"u\\", response=\\"S3cr3t\\"" https://h/x'
    assert redact.redact(typed) == f'!curl -H "Authorization: Digest {R}" https://h/x'


def test_an_authorization_header_with_escaped_spaces_is_redacted() -> None:
    """``-H Authorization:\\ Bearer\\ S``: one shell word, its spaces escaped; the word after
    it is kept."""
    typed = "!curl -H Authorization:\\ Bearer\\ S3cr3tTok https://h/x"
    assert redact.redact(typed) == f"!curl -H Authorization:\\ Bearer\\ {R} https://h/x"
    assert "S3cr3tTok" not in errors.scrub(typed)


KEPT = [
    '!curl -H "Authorization: Bearer $TOKEN" https://h/x',
    '!curl -H "Authorization: Bearer ${TOKEN}" https://h/x',
    '!curl -H "Authorization: Bearer {token}" https://h/x',
    '!curl -H "Authorization: Bearer $(gcloud auth print-access-token)" https://h/x',
    '%%bash\ncurl -H "Authorization: Bearer `gcloud auth print-access-token`" https://h/x\n',
    '!curl -d "ts=-5u:30" https://h/x',
    "!curl -d 'range=-2u:5' https://h/x",
]


@pytest.mark.parametrize("typed", KEPT)
def test_what_holds_no_secret_is_kept_byte_identical(typed: str) -> None:
    """``$TOKEN`` became ``<redacted>`` (the module says a ``$VAR`` is kept), ``$(gcloud auth
    print-access-token)`` became ``<redacted> auth print-access-token)`` (a broken command),
    and the old regex's ``-u`` took ``ts=-5u:30``'s ``-5u`` for an option."""
    assert redact.redact(typed) is typed
    assert redact.redact_value("cmd", typed) == typed


AUTH_PAIRS = [
    ("r = requests.get(u, auth=('bob', 'S3cr3tPw'))", f"r = requests.get(u, auth=('bob', '{R}'))"),
    ("r = httpx.get(u, auth=['bob', r'S3cr3tPw'])", f"r = httpx.get(u, auth=['bob', r'{R}'])"),
    ("requests.get(u, auth=HTTPBasicAuth('bob', 'S3cr3tPw'))",
     f"requests.get(u, auth=HTTPBasicAuth('bob', '{R}'))"),
    ('a = requests.auth.HTTPDigestAuth("bob", "S3cr3tPw")', f'a = requests.auth.HTTPDigestAuth("bob", "{R}")'),
    ("a = httpx.DigestAuth(user, 'S3cr3tPw')", f"a = httpx.DigestAuth(user, '{R}')"),
    ("s = requests.Session()\ns.auth = ('bob', 'S3cr3tPw')", f"s = requests.Session()\ns.auth = ('bob', '{R}')"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), AUTH_PAIRS)
def test_an_auth_tuple_s_password_is_redacted(typed: str, kept: str) -> None:
    """requests' and httpx's ``auth=('bob', 'S')``, ``HTTPBasicAuth('bob', 'S')``,
    ``HTTPDigestAuth``, ``s.auth = (...)`` named no credential: the password stayed in
    history, job parameters and a job's warning."""
    assert redact.redact(typed) == kept
    assert redact.redact_value("code", typed) == kept
    assert "S3cr3tPw" not in safe_line(RuntimeError(typed.replace("\n", "; ")), None)


@pytest.mark.parametrize(
    "typed",
    ["requests.get(u, auth=('bob', pw))", "requests.get(u, auth=('bob', f'{pw}'))",
     "requests.get(u, auth=HTTPBasicAuth(user, password))", "requests.get(u, auth=('bob', os.environ['PW']))"],
)  # fmt: skip
def test_an_auth_tuple_s_variable_is_kept(typed: str) -> None:
    assert redact.redact(typed) is typed


STDIN = [
    ("!curl -K - <<< 'user = \"bob:S3cr3tPw\"' https://h/x", f"!curl -K - <<< 'user = \"bob:{R}\"' https://h/x"),
    ("!printf 'user = bob:S3cr3tPw' | curl -K - https://h/x", f"!printf 'user = bob:{R}' | curl -K - https://h/x"),
    ("!printf 'url = https://h/x\\\\nuser = bob:S3cr3tPw\\\\n' | curl -K -",
     f"!printf 'url = https://h/x\\\\nuser = bob:{R}\\\\n' | curl -K -"),
    ("!curl --config <(echo 'user=bob:S3cr3tPw') https://h/x", f"!curl --config <(echo 'user=bob:{R}') https://h/x"),
    ("%%bash\ncurl -K - https://h/x <<EOF\nuser = bob:S3cr3tPw\nheader = \"X-Api-Key: S3cr3tPw\"\nEOF\necho done\n",
     f"%%bash\ncurl -K - https://h/x <<EOF\nuser = bob:{R}\nheader = \"X-Api-Key: {R}\"\nEOF\necho done\n"),
    ("%%bash\ncurl -K - https://h/x <<-'EOF'\n\t--oauth2-bearer S3cr3tPw\n\tEOF\n",
     f"%%bash\ncurl -K - https://h/x <<-'EOF'\n\t--oauth2-bearer {R}\n\tEOF\n"),
    ("!curl -d @- https://h/x <<< 'password=S3cr3tPw&a=1'", f"!curl -d @- https://h/x <<< 'password={R}&a=1'"),
    ("!curl -F 'password=<-' https://h/x <<< S3cr3tPw", f"!curl -F 'password=<-' https://h/x <<< {R}"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), STDIN)
def test_what_curl_reads_from_stdin_is_read_as_curl_reads_it(typed: str, kept: str) -> None:
    """``curl -K -`` reads its options from stdin: a here-string's, a heredoc's, what
    ``printf`` pipes in or a ``<(echo ...)``'s ``user = bob:pw`` (curl's config syntax), and
    ``-d @-``'s body and ``-F 'password=<-'``'s value, stayed in history and job parameters."""
    assert redact.redact(typed) == kept
    assert "S3cr3tPw" not in redact.redact_value("cmd", typed)


@pytest.mark.parametrize(
    "typed",
    ["!curl -K - <<< 'url = https://h/x' -o out", "!echo hi | curl -d @- https://h/x",
     "!curl -K cfg.txt https://h/x <<< 'user = bob:not-read'", "!printf 'user = bob:$PW' | curl -K -"],
)  # fmt: skip
def test_stdin_that_holds_no_credential_or_is_not_read_is_kept(typed: str) -> None:
    assert redact.redact(typed) is typed


@pytest.mark.parametrize("option", ["--socks4", "--socks4a", "--socks5", "--socks5-hostname"])
def test_a_socks_proxy_s_password_is_redacted(option: str) -> None:
    """curl's SOCKS proxies take ``user:password@host:port`` as ``-x`` does; they were not
    read."""
    typed = f"!curl {option} bob:S3cr3tPw@proxy:1080 https://h/x"
    assert redact.redact(typed) == f"!curl {option} bob:{R}@proxy:1080 https://h/x"
    assert redact.redact_value("cmd", typed) == f"!curl {option} bob:{R}@proxy:1080 https://h/x"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("%%bash\nwget --password S3cr3tPw https://h/x\n", f"%%bash\nwget --password {R} https://h/x\n"),
     ("%%bash\nwget --http-password=S3cr3tPw https://h/x\n", f"%%bash\nwget --http-password={R} https://h/x\n"),
     ("%%sh\nwget --header 'X-API-Key: S3cr3tPw' https://h/x\n", f"%%sh\nwget --header 'X-API-Key: {R}' https://h/x\n")],
)  # fmt: skip
def test_wget_s_password_in_a_bash_cell_is_redacted(typed: str, kept: str) -> None:
    """The shell options' pass ran on ``!`` lines only: a ``%%bash`` cell's wget kept its
    password."""
    assert redact.redact(typed) == kept


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("wget --password S3cr3tPw https://h/x", f"wget --password {R} https://h/x"),
     ("wget --http-passwd=S3cr3tPw https://h/x", f"wget --http-passwd={R} https://h/x"),
     ('wget --header="X-API-Key: S3cr3tPw" https://h/x', f'wget --header="X-API-Key: {R}" https://h/x'),
     ("train --password-min-length 8 --epochs 3", "train --password-min-length 8 --epochs 3")],
)  # fmt: skip
def test_wget_s_password_in_a_job_parameter_is_redacted(typed: str, kept: str) -> None:
    assert redact.redact_value("cmd", typed) == kept


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("!xh -a bob:S3cr3tPw h/x", f"!xh -a bob:{R} h/x"),
     ("!xhs --auth bob:S3cr3tPw h/x", f"!xhs --auth bob:{R} h/x"),
     ("!python -m httpie -a bob:S3cr3tPw h/x", f"!python -m httpie -a bob:{R} h/x"),
     ("!curlie -u bob:S3cr3tPw h/x", f"!curlie -u bob:{R} h/x")],
)  # fmt: skip
def test_xh_httpie_as_a_module_and_curlie_are_read_as_their_clients(typed: str, kept: str) -> None:
    """xh (HTTPie's options), ``python -m httpie`` and curlie (curl's) were no clients."""
    assert redact.redact(typed) == kept
    assert redact.redact_value("cmd", typed) == kept


@pytest.mark.parametrize(
    "typed", ["!pip install httpie xh -U a:b", "import httpie", "x = xh(1, -a)"]
)
def test_a_package_or_a_name_called_xh_or_httpie_is_kept(typed: str) -> None:
    assert redact.redact(typed) is typed


@pytest.mark.parametrize(
    ("typed", "kept"),
    [('r = requests.get("https://h/api?token=S3cr3tPw&page=2")', f'r = requests.get("https://h/api?token={R}&page=2")'),
     ("!curl 'https://h/x?a=1&api_key=S3cr3tPw#top'", f"!curl 'https://h/x?a=1&api_key={R}#top'"),
     ("https://h/cb#access_token=S3cr3tPw&state=2", f"https://h/cb#access_token={R}&state=2")],
)  # fmt: skip
def test_a_url_s_token_parameter_is_redacted_in_history_and_parameters(
    typed: str, kept: str
) -> None:
    """Only the messages' scrubber (``without_userinfo``, ``safe_line``) took a URL's
    ``?token=`` out: history and job parameters kept it. One owner now
    (``url_userinfo.parameters_redacted``)."""
    assert redact.redact(typed) == kept
    assert redact.redact_value("url", typed) == kept


@pytest.mark.parametrize(
    "typed", ["x = 1  # see https://h/x?page=2&q=a", "x = 1  #token=not-a-url", "f(a='?token=x')"]
)
def test_a_query_that_is_no_credential_or_no_url_s_is_kept(typed: str) -> None:
    assert redact.redact(typed) is typed
