"""s23: the redaction leaks and the over-redaction session 22's attack review left: a literal
picked out of a one-item tuple (``('x',)[0]``), a passphrase under ``key=``, a comment's
``password is x``, a ``user:password`` split into ``auth=``; and a comment pointing at where a
password is documented (kept)."""

import pytest

from nbcraft.provenance.record.redact import redact

PW = "S3cretPwXyz"
PASSPHRASE = "correct-horse-battery-staple"


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (
            f"h = 'Bearer '.__add__(('{PW}',)[0])",
            "h = 'Bearer <redacted>'",
        ),
        (
            f"h = {{'Authorization': 'Bearer '.__add__(( '{PW}' , )[ -1 ])}}",
            "h = {'Authorization': 'Bearer <redacted>'}",
        ),
        (
            f"h = {{'Authorization': 'Bearer ' + ('{PW}',)[0]}}",
            "h = {'Authorization': 'Bearer <redacted>'}",
        ),
    ],
)
def test_a_literal_picked_out_of_a_one_item_tuple_is_joined(cell: str, shown: str) -> None:
    assert redact(cell) == shown


def test_a_tuple_of_several_items_is_not_read_as_its_first() -> None:
    cell = "h = 'a'.__add__(('b', 'c')[0])\nprint(h)"
    assert redact(cell) == cell


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (f"client(key='{PASSPHRASE}')", "client(key='<redacted>')"),
        (
            f"gmaps = googlemaps.Client(key='{PASSPHRASE}')",
            "gmaps = googlemaps.Client(key='<redacted>')",
        ),
        ("c = Client(key='Correct-Horse-Battery-Staple')", "c = Client(key='<redacted>')"),
        ("c = Client(key='correct horse battery staple')", "c = Client(key='<redacted>')"),
        (f"c = Client(key='{PW}')", "c = Client(key='<redacted>')"),
        ("sig = hmac.new(key=b'k3y', msg=m)", "sig = hmac.new(key=b'<redacted>', msg=m)"),
        (
            f"k = '{PASSPHRASE}'\nc = Client(key=k)\nprint(c)",
            "k = '<redacted>'\nc = Client(key=k)\nprint(c)",
        ),
        (
            f"requests.get('https://h/x?key={PASSPHRASE}')",
            "requests.get('https://h/x?key=<redacted>')",
        ),
    ],
)
def test_a_passphrase_or_a_key_under_key_is_redacted(cell: str, shown: str) -> None:
    assert redact(cell) == shown


@pytest.mark.parametrize(
    "cell",
    [
        "cache.get(key='user_profile_42')",
        "s3.download(key='data/train.csv')",
        "rows = sorted(rows, key='sort_by')",
        "df.to_hdf('x.h5', key='df')",
        "g = pd.Grouper(key='created_at', freq='D')",
        "st.button('Go', key='go-button')",
        "store.put(key='raw/2024-01-05/Events.parquet', value=df)",
        "rows = sorted(rows, key=len)",
    ],
)
def test_a_plain_value_under_key_is_kept(cell: str) -> None:
    assert redact(cell) == cell


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("# the password is hunter2x9\nx = 1", "# the password is <redacted>\nx = 1"),
        ("x = 1  # db pw was Hunter2x9.", "x = 1  # db pw was <redacted>."),
        ("# the token is ghp_" + "a1B2" * 9, "# the token is <redacted>"),
    ],
)
def test_a_comment_saying_the_credential_is_a_value_is_redacted(cell: str, shown: str) -> None:
    assert redact(cell) == shown


@pytest.mark.parametrize(
    "cell",
    [
        "# the password is required\nx = 1",
        "# the token is expired, ask for a new one\nx = 1",
        "# the password is stored in the vault\nx = 1",
    ],
)
def test_a_comment_saying_what_the_credential_is_stays(cell: str) -> None:
    assert redact(cell) == cell


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (
            f"pair = 'alice:{PW}'\nrequests.get(u, auth=tuple(pair.split(':')))",
            "pair = 'alice:<redacted>'\nrequests.get(u, auth=tuple(pair.split(':')))",
        ),
        (
            f"creds = 'alice:{PW}'\nrequests.get(u, auth=tuple(creds.split(':')))",
            "creds = '<redacted>'\nrequests.get(u, auth=tuple(creds.split(':')))",
        ),
        (
            f"requests.get(u, auth=tuple('alice:{PW}'.split(':')))",
            "requests.get(u, auth=tuple('alice:<redacted>'.split(':')))",
        ),
        (
            f"r = httpx.get(u, auth=httpx.BasicAuth(*'alice:{PW}'.split(':', 1)))",
            "r = httpx.get(u, auth=httpx.BasicAuth(*'alice:<redacted>'.split(':', 1)))",
        ),
    ],
)
def test_a_user_password_pair_split_into_auth_keeps_only_its_user(cell: str, shown: str) -> None:
    assert redact(cell) == shown


@pytest.mark.parametrize(
    "cell",
    [
        "# pw: docs/setup.md\nx = 1",
        "x = 1  # password: see wiki/Onboarding.md",
        "# token: README.rst\n",
    ],
)
def test_a_comment_pointing_at_where_a_password_is_documented_is_kept(cell: str) -> None:
    assert redact(cell) == cell
