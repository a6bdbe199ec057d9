"""What a review of s15's curl/HTTPie reader found. A word ``http`` or ``curl`` in a comment or
an ``echo`` hid the next curl command's credentials: the reader took ``http`` anywhere for
HTTPie, read ``#`` as a word's and the apostrophe of ``it's`` as a quote that runs on into the
next line. (A client found inside the words of the one before is now read too, within a budget
of the text's length; the comment and ``echo curl`` cases the branch already caught through its
unclosed-quote rule.)"""

from __future__ import annotations

import pytest

from nbcraft.provenance.record import redact

R = redact.REDACTED

HIDDEN = [
    # a comment that says http, with an apostrophe
    ("%%bash\n# call the http API, it's quick\ncurl -H 'X-Api-Key: s3cretPW' -d 'password=s3cretPW' https://x\n",
     f"%%bash\n# call the http API, it's quick\ncurl -H 'X-Api-Key: {R}' -d 'password={R}' https://x\n"),
    # echo's words: http is no command there
    ("echo http, it's ok; curl -H 'X-Api-Key: s3cretPW' x", f"echo http, it's ok; curl -H 'X-Api-Key: {R}' x"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), HIDDEN)
def test_a_word_before_hides_nothing_in_a_cell(typed: str, kept: str) -> None:
    assert redact.redact(typed) == kept


@pytest.mark.parametrize(("typed", "kept"), HIDDEN)
def test_a_word_before_hides_nothing_in_a_job_parameter(typed: str, kept: str) -> None:
    assert redact.redact_parameters({"cmd": typed}) == {"cmd": kept}


@pytest.mark.parametrize(
    "code",
    [
        "echo http -a is HTTPie's option",  # echo's words
        "%%bash\n# http -a user:pw is how you'd log in\nls\n",  # a comment
        "curl https://x#frag -o out",  # a # inside a word is no comment
    ],
)
def test_http_that_is_no_command_is_kept(code: str) -> None:
    assert redact.redact(code) is code


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("!sudo http -a u:pw x", f"!sudo http -a u:{R} x"),
        ("x = 1; http -a u:pw x", f"x = 1; http -a u:{R} x"),
        ("!(http -a u:pw x)", f"!(http -a u:{R} x)"),
        ('os.system("http -a u:pw x")', f'os.system("http -a u:{R} x")'),
    ],
)
def test_http_where_a_command_starts_is_read(typed: str, kept: str) -> None:
    assert redact.redact(typed) == kept


# A second review: after the shell's keywords and the wrappers that take numbers or options
# (``timeout 5``, ``xargs``) HTTPie's password was kept (the branch's command-start rule, 04f2d29)
AFTER_A_PREFIX = [
    ("!timeout 5 http -a alice:s3cretPW x", f"!timeout 5 http -a alice:{R} x"),
    ("!timeout -s KILL 1.5m http -a alice:s3cretPW x", f"!timeout -s KILL 1.5m http -a alice:{R} x"),
    ("!if true; then http -a alice:s3cretPW x; fi", f"!if true; then http -a alice:{R} x; fi"),
    ("!{ http -a alice:s3cretPW x; }", f"!{{ http -a alice:{R} x; }}"),
    ("!xargs http -a alice:s3cretPW x", f"!xargs http -a alice:{R} x"),
    ("!watch -n 2 http -a alice:s3cretPW x", f"!watch -n 2 http -a alice:{R} x"),
    ("!nice -n 10 ionice -c 3 http --auth=alice:s3cretPW x", f"!nice -n 10 ionice -c 3 http --auth=alice:{R} x"),
    ("%%bash\nwhile true; do http -a alice:s3cretPW x; done", f"%%bash\nwhile true; do http -a alice:{R} x; done"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), AFTER_A_PREFIX)
def test_http_after_a_shell_keyword_or_wrapper_in_a_cell(typed: str, kept: str) -> None:
    assert redact.redact(typed) == kept


@pytest.mark.parametrize(("typed", "kept"), AFTER_A_PREFIX)
def test_http_after_a_shell_keyword_or_wrapper_in_a_job_parameter(typed: str, kept: str) -> None:
    assert redact.redact_parameters({"cmd": typed}) == {"cmd": kept}


@pytest.mark.parametrize("code", ["echo 5 http -a is the option", "!echo if http -a u:pw then"])
def test_a_number_or_keyword_after_echo_is_no_command(code: str) -> None:
    assert redact.redact(code) is code


# A URL's password as every URL scrubber reads it (``url_userinfo``): to the last @ before the
# host's end, or a password with / to the next @. redact's own regex stopped at / and at @.
URL_PASSWORDS = [
    ("!git clone https://alice:s3c/retPW@github.com/x", f"!git clone https://alice:{R}@github.com/x"),
    ("!curl --proxy 'http://alice:s3c/retPW@p' x", f"!curl --proxy 'http://alice:{R}@p' x"),
    ("u = 'https://alice:s3c@retPW@x/'", f"u = 'https://alice:{R}@x/'"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), URL_PASSWORDS)
def test_a_url_password_with_slash_or_at_in_a_cell(typed: str, kept: str) -> None:
    assert redact.redact(typed) == kept


@pytest.mark.parametrize(("typed", "kept"), URL_PASSWORDS)
def test_a_url_password_with_slash_or_at_in_a_job_parameter(typed: str, kept: str) -> None:
    typed, kept = typed.lstrip("!"), kept.lstrip("!")
    assert redact.redact_parameters({"cmd": typed}) == {"cmd": kept}


def test_an_at_in_a_path_is_no_password() -> None:
    assert redact.redact('x = "https://h:8080/a@b"') == 'x = "https://h:8080/a@b"'


# Only the secret's text is replaced: a redirection, a closing parenthesis, the space after a
# header's colon, a JSON string's quotes and what follows a field stay.
AROUND = [
    ("!curl -u alice:s3cretPW>out.txt", f"!curl -u alice:{R}>out.txt"),
    ("!curl -H 'X-Api-Key: s3cretPW'>out x", f"!curl -H 'X-Api-Key: {R}'>out x"),
    ("!(curl -u alice:s3cretPW)", f"!(curl -u alice:{R})"),
    ("!http x 'X-Api-Key: s3cretPW'", f"!http x 'X-Api-Key: {R}'"),
    ("!curl -d $(cat f) --oauth2-bearer s3cretPW x", f"!curl -d $(cat f) --oauth2-bearer {R} x"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), AROUND)
def test_only_the_secret_is_replaced_in_a_cell(typed: str, kept: str) -> None:
    assert redact.redact(typed) == kept


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        *((t[1:], k[1:]) for t, k in AROUND),
        ("http x password:='\"s3cretPW\"' a=1", f"http x password:='\"{R}\"' a=1"),
        ('curl -d "password=s3c\\"r3t" x', f'curl -d "password={R}" x'),
        ("curl -d password=s3cretPW&echo hi", f"curl -d password={R}&echo hi"),
    ],
)
def test_only_the_secret_is_replaced_in_a_job_parameter(typed: str, kept: str) -> None:
    assert redact.redact_parameters({"cmd": typed}) == {"cmd": kept}


# curl's credentials the option table missed: TLS-SRP passwords, a query's and a variable's
# fields, abbreviations curl reads as the option (a unique prefix), cookies, a PKCS#11 URI's
# pin-value, a JSON array body
CURL_MISSED = [
    ("curl --tlspassword s3cretPW x", f"curl --tlspassword {R} x"),
    ("curl --proxy-tlspassword s3cretPW x", f"curl --proxy-tlspassword {R} x"),
    ("curl --url-query token=s3cretPW x", f"curl --url-query token={R} x"),
    ("curl --variable token=s3cretPW x", f"curl --variable token={R} x"),
    ("curl --oauth2-bear s3cretPW x", f"curl --oauth2-bear {R} x"),
    ("curl --oauth2 s3cretPW x", f"curl --oauth2 {R} x"),
    ("curl --proxy-use a:s3cretPW x", f"curl --proxy-use a:{R} x"),
    ("curl --proxy-pas s3cretPW x", f"curl --proxy-pas {R} x"),
    ("curl --proxy-cer c.pem:s3cretPW x", f"curl --proxy-cer c.pem:{R} x"),
    ("curl --proxy-head 'X-Api-Key: s3cretPW' x", f"curl --proxy-head 'X-Api-Key: {R}' x"),
    ("curl -b session=s3cretPW x", f"curl -b session={R} x"),
    ('curl --cookie "session=s3cretPW; lang=en" x', f'curl --cookie "session={R}; lang={R}" x'),
    ("curl -H 'Cookie: session=s3cretPW' x", f"curl -H 'Cookie: session={R}' x"),
    ("curl --cert 'pkcs11:token=a;pin-value=s3cretPW' x", f"curl --cert 'pkcs11:token=a;pin-value={R}' x"),
    ("curl -d '[{\"password\":\"s3cretPW\"}]' x", f"curl -d '[{{\"password\":\"{R}\"}}]' x"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), CURL_MISSED)
def test_curl_s_other_credentials_in_a_job_parameter(typed: str, kept: str) -> None:
    assert redact.redact_parameters({"cmd": typed}) == {"cmd": kept}


def test_curl_s_other_credentials_in_a_cell() -> None:
    typed = "%%bash\ncurl --proxy-tlspassword s3cretPW --oauth2 s3cretPW x\n"
    assert redact.redact(typed) == f"%%bash\ncurl --proxy-tlspassword {R} --oauth2 {R} x\n"


@pytest.mark.parametrize(
    "code",
    ["curl --head x", "curl -b cookies.txt x", "curl --cert 'pkcs11:token=x;object=y' x",
     "curl --proxy http://p:3128 x", "curl --tls-max 1.2 x"],
)  # fmt: skip
def test_curl_s_options_without_a_credential_are_kept(code: str) -> None:
    assert redact.redact_parameters({"cmd": code}) == {"cmd": code}


# A second review: curl's short options that start with a digit or a symbol (-4u), a proxy's
# password without a scheme (-x user:pw@proxy), a Cookie header without name=, and HTTPie's
# Cookie item were kept (main's code too)
MISSED = [
    ("!curl -4u alice:s3cretPW x", f"!curl -4u alice:{R} x"),
    ("!curl -0u alice:s3cretPW x", f"!curl -0u alice:{R} x"),
    ("!curl -#u alice:s3cretPW x", f"!curl -#u alice:{R} x"),
    ("!curl -:u alice:s3cretPW x", f"!curl -:u alice:{R} x"),
    ("!curl -x alice:s3cretPW@proxy:3128 x", f"!curl -x alice:{R}@proxy:3128 x"),
    ("!curl --proxy alice:s3cretPW@proxy:3128 x", f"!curl --proxy alice:{R}@proxy:3128 x"),
    ("!curl --preproxy alice:s3cretPW@proxy:3128 x", f"!curl --preproxy alice:{R}@proxy:3128 x"),
    ("!curl -H 'Cookie: s3cretPW' x", f"!curl -H 'Cookie: {R}' x"),
    ("!http x Cookie:session=s3cretPW", f"!http x Cookie:{R}"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), MISSED)
def test_curl_s_other_shapes_in_a_cell(typed: str, kept: str) -> None:
    assert redact.redact(typed) == kept


@pytest.mark.parametrize(("typed", "kept"), MISSED)
def test_curl_s_other_shapes_in_a_job_parameter(typed: str, kept: str) -> None:
    assert redact.redact_parameters({"cmd": typed}) == {"cmd": kept}


@pytest.mark.parametrize(
    "code", ["!curl -x proxy:3128 x", "!curl -1 -o out x", "!curl --proxy socks5h://proxy x"]
)
def test_a_proxy_without_a_password_is_kept(code: str) -> None:
    assert redact.redact(code) is code
