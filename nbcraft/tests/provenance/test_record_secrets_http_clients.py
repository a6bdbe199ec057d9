"""Credentials given to curl and HTTPie that the redaction still let through (s15): an unquoted
``&`` in a URL ended the command before ``-u``; HTTPie's ``-a``; curl's ``--oauth2-bearer``,
``--cert file:passphrase`` (a Windows drive's colon is no separator, as curl reads it), and
``-d``/``--data-urlencode``/``-F`` fields whose name is a credential's
(``secret_shapes.is_credential_name``). Each in a cell (``!``, ``%%bash``, a Python list) and
in a job's parameter; everything but the secret byte-identical, and what holds no secret kept."""

from __future__ import annotations

import pytest

from nbcraft.provenance.record import redact

R = redact.REDACTED

LEAKED = [
    # the & in a URL: the shell ends the command there, the person meant the query
    ("!curl https://x?a=1&b=2 -u alice:pw", f"!curl https://x?a=1&b=2 -u alice:{R}"),
    ("curl https://x/api?a=1&b=2&c=3 --user alice:pw", f"curl https://x/api?a=1&b=2&c=3 --user alice:{R}"),
    # HTTPie
    ("!http -a user:pw https://x", f"!http -a user:{R} https://x"),
    ("!http --auth user:pw https://x", f"!http --auth user:{R} https://x"),
    ("!http --auth=user:pw POST https://x", f"!http --auth=user:{R} POST https://x"),
    ("!https -a user:pw example.org", f"!https -a user:{R} example.org"),
    ("!http -auser:pw x", f"!http -auser:{R} x"),
    ("!http -A bearer -a tok123 https://x", f"!http -A bearer -a {R} https://x"),
    ("!/usr/local/bin/http -a 'user:p w' x", f"!/usr/local/bin/http -a 'user:{R}' x"),
    ("!http POST x password=hunter2 name=bob", f"!http POST x password={R} name=bob"),
    ("!http x X-Api-Key:abc123 Accept:json", f"!http x X-Api-Key:{R} Accept:json"),
    ("subprocess.run(['http', '-a', 'u:pw', url])", f"subprocess.run(['http', '-a', 'u:{R}', url])"),
    # curl: a bearer token, a key's passphrase
    ("!curl --oauth2-bearer tok123 https://x", f"!curl --oauth2-bearer {R} https://x"),
    ("!curl --oauth2-bearer=tok123 https://x", f"!curl --oauth2-bearer={R} https://x"),
    ("!curl --key k.pem --pass s3cret x", f"!curl --key k.pem --pass {R} x"),
    # curl: a certificate's passphrase after its first unescaped colon
    ("!curl -E cert.pem:pw https://x", f"!curl -E cert.pem:{R} https://x"),
    ("!curl --cert cert.pem:pw https://x", f"!curl --cert cert.pem:{R} https://x"),
    ("!curl -Ecert.pem:pw x", f"!curl -Ecert.pem:{R} x"),
    ("!curl --cert 'cert.pem:p w' x", f"!curl --cert 'cert.pem:{R}' x"),
    ("!curl --proxy-cert c.pem:pw x", f"!curl --proxy-cert c.pem:{R} x"),
    ("!curl --cert 'a\\:b.pem:pw' x", f"!curl --cert 'a\\:b.pem:{R}' x"),  # curl's \: is the file's
    ("!curl --cert C:\\certs\\a.pem:pw x", f"!curl --cert C:\\certs\\a.pem:{R} x"),  # a drive
    ("!curl --cert 'C:/certs/a.pem:pw' x", f"!curl --cert 'C:/certs/a.pem:{R}' x"),
    ("subprocess.run(['curl', '-E', 'C:\\\\c\\\\a.pem:pw', u])", f"subprocess.run(['curl', '-E', 'C:\\\\c\\\\a.pem:{R}', u])"),
    # curl: fields whose name is a credential's
    ("!curl -d password=hunter2 https://x", f"!curl -d password={R} https://x"),
    ("!curl -d 'user=a&api_token=hunter2&n=1' x", f"!curl -d 'user=a&api_token={R}&n=1' x"),
    ("!curl --data-raw user=a&client_secret=abc x", f"!curl --data-raw user=a&client_secret={R} x"),
    ('!curl --data-urlencode "token=a b" x', f'!curl --data-urlencode "token={R}" x'),
    ("!curl -F password=hunter2 x", f"!curl -F password={R} x"),
    ("!curl -F 'api_key=abc;type=text/plain' x", f"!curl -F 'api_key={R};type=text/plain' x"),
    ("!curl -H 'X-Api-Key: abc123' x", f"!curl -H 'X-Api-Key: {R}' x"),
    ("%%bash\ncurl -sS \\\n  -d password=hunter2 x\n", f"%%bash\ncurl -sS \\\n  -d password={R} x\n"),
    ('os.system("curl -d db_password=hunter2 x")', f'os.system("curl -d db_password={R} x")'),
    ("subprocess.run(['curl', '-d', 'password=hunter2', url])", f"subprocess.run(['curl', '-d', 'password={R}', url])"),
    ("curl -d api_token='s3 cret'&n=1 x", f"curl -d api_token='{R}'&n=1 x"),  # quotes stay balanced
    ('curl -d "{\\"api_token\\": \\"s3 cret\\"}" x', f'curl -d "{{\\"api_token\\": \\"{R}\\"}}" x'),
    # a JSON body's credential-named keys (-d, --json)
    ("!curl -d '{\"user\": \"bob\", \"api_token\": \"hunter2\"}' x", f"!curl -d '{{\"user\": \"bob\", \"api_token\": \"{R}\"}}' x"),
    ("curl --json '{\"client_secret\": \"hun\\\"ter2\"}' x", f"curl --json '{{\"client_secret\": \"{R}\"}}' x"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), LEAKED)
def test_the_credential_is_redacted_in_a_cell(typed: str, kept: str) -> None:
    assert redact.redact(typed) == kept


@pytest.mark.parametrize(("typed", "kept"), [(t, k) for t, k in LEAKED if not t.startswith(("!", "%%"))]
                         + [(t[1:], k[1:]) for t, k in LEAKED if t.startswith("!")])  # fmt: skip
def test_the_credential_is_redacted_in_a_job_parameter(typed: str, kept: str) -> None:
    """A job's parameter (``cmd = "curl ..."``): MLflow's params, the store, pipeline.json."""
    assert redact.redact_parameters({"cmd": typed}) == {"cmd": kept}


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("!sudo -u root curl -u a:pw https://x", f"!sudo -u root curl -u a:{R} https://x"),
        ("!env X=1 curl -u a:pw https://x", f"!env X=1 curl -u a:{R} https://x"),
        ("!time curl -u a:pw https://x", f"!time curl -u a:{R} https://x"),
        ("!xargs -n1 curl -u a:pw < urls", f"!xargs -n1 curl -u a:{R} < urls"),
        ("!curl --proxy-user a:pw https://x", f"!curl --proxy-user a:{R} https://x"),
        ('!curl -H "Authorization: Bearer abc123" x', f'!curl -H "Authorization: Bearer {R}" x'),
        ("curl -H 'authorization: token abc123' x", f"curl -H 'authorization: token {R}' x"),
    ],
)  # fmt: skip
def test_what_was_done_already_stays_done(typed: str, kept: str) -> None:
    """Checked, not changed: a wrapper before curl, -U's long form, an Authorization header."""
    assert redact.redact(typed) == kept


@pytest.mark.parametrize(
    "code",
    [
        "!sudo -u root:wheel curl https://x",  # sudo's -u: not curl's
        "!curl https://x?a=1 & sort -u a:b",  # a spaced & is the shell's: sort's -u
        "!http -a user https://x",  # HTTPie asks for the password
        "!http POST x name=bob count:=3",
        "!curl --oauth2-bearer $TOKEN https://x",  # the environment's
        "!curl --oauth2-bearer {token} https://x",  # IPython's
        "!curl -E cert.pem https://x",
        "!curl --cert C:\\certs\\a.pem https://x",  # a drive, no passphrase
        "!curl --cert 'C:/certs/a.pem' https://x",
        "!curl --cert pkcs11:token=x;object=y https://x",  # a PKCS#11 URI
        "!curl -F 'file=@a.txt' -F 'password=<pw.txt' https://x",  # files' contents
        "!curl -d 'n=1&lr=0.1' -d @body.json https://x",
        '!curl --json \'{"user": "bob", "token_count": "3"}\' https://x',
        "!curl -H 'Accept: application/json' https://x",
        "see https://example.org and http://x -a",
        "# the http and https protocols",
    ],
)
def test_what_holds_no_secret_is_kept(code: str) -> None:
    assert redact.redact(code) is code
