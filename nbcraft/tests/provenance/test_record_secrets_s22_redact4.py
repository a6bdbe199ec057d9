"""s22: the redaction leaks and over-redactions review 22 (FINDINGS §4) and session 21's own
attack left: a name bound more than once (the binding nearest above the use), annotated,
in a tuple or a parenthesised join; Django's ``set_password(x)`` and boto3's ``client`` on
any receiver; ``?auth=``/``?appid=``/``?jwt=`` with no token's shape; ``.__add__((x))``,
``.__add__(x.strip())``, ``$(echo -n u:pw | base64)``, a secret in a comment; and ``key=``
values that are paths, files or identifiers (kept), a token-shaped value taking only itself."""

import pytest

from nbcraft.provenance.record.redact import redact

PW = "Sup3rS3cretPw"
GOOGLE = "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv"  # (AIza and 35: Google's API key shape)
HEX = "0123456789abcdef0123456789abcdef"  # (an OpenWeatherMap appid's shape)


def _leaks(cell: str) -> str | None:
    out = redact(cell)
    return out if "S3cret" in out or GOOGLE in out or HEX in out else None


@pytest.mark.parametrize(
    "cell",
    [
        f"u = 'guest:guest'\nu = 'admin:{PW}'\n!curl -u $u https://h/x",
        f"u = 'guest:guest'\n!curl -u $u https://h/x\nu = 'admin:{PW}'\n!curl -u $u https://h/y",
        f"u: str = 'admin:{PW}'\n!curl -u $u https://h/x",
        f"u, h = 'admin:{PW}', 'h'\n!curl -u $u https://h/x",
        f"h, u = 'h', 'admin:{PW}'\n!curl -u $u https://h/x",
        f"u = ('admin:'\n     '{PW}')\n!curl -u $u https://h/x",
        f"if x:\n    u = 'guest:guest'\nelse:\n    u = 'admin:{PW}'\n!curl -u $u https://h/x",
        f"if x:\n    u = 'admin:{PW}'\nelse:\n    u = 'guest:guest'\n!curl -u $u https://h/x",
        f"u = 'admin:{PW}'\nif x:\n    u = 'guest:guest'\n!curl -u $u https://h/x",
        # (the cap on uses read is per binding: a placeholder used often hides no later one)
        "u = 'a:b'\n" + "print(u, 1)\n" * 20 + f"u = 'admin:{PW}'\n!curl -u $u https://h/x",
    ],
)
def test_a_name_bound_more_than_once_gives_the_use_what_any_binding_above_could(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


def test_the_binding_nearest_above_decides_in_straight_line_code() -> None:
    cell = f"u = 'admin:{PW}'\n!curl -u $u https://h/x\nu = 'https://h/x.csv'\n!curl -O $u"
    assert redact(cell) == cell.replace(PW, "<redacted>")  # (the file read stays)
    cell = f"u = 'https://h/x.csv'\n!curl -O $u\nu = 'admin:{PW}'\n!curl -u $u https://h/x"
    assert redact(cell) == cell.replace(PW, "<redacted>")


@pytest.mark.parametrize(
    "cell",
    [
        f"user.set_password('{PW}')",
        f"u = User.objects.get(pk=1)\nu.set_password('{PW}')\nu.save()",
        f"boto3.session.Session().client('s3', None, None, True, None, None, 'AKIAX', '{PW}')",
        f"session.client('s3', None, None, True, None, None, 'AKIAX', '{PW}')",
        f"s.resource('s3', 'eu-west-1', None, True, None, None, 'AKIAX', '{PW}', 'tok{PW}')",
        f"boto3.session.Session('AKIAX', '{PW}')",
    ],
)
def test_positional_secrets_of_set_password_and_any_boto3_client(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


def test_positional_readers_keep_what_is_no_secret() -> None:
    cell = "keyring.set_password('svc', 'alice', pw)\nx.client('s3')\nc.client('a', 'b')"
    assert redact(cell) == cell
    cell = f"keyring.set_password('svc', 'alice', '{PW}')"
    assert redact(cell) == "keyring.set_password('svc', 'alice', '<redacted>')"


@pytest.mark.parametrize(
    "cell",
    [
        f"requests.get('https://db.firebaseio.com/u.json?auth={PW}')",
        f"requests.get('https://api.openweathermap.org/data/2.5/weather?q=London&appid={PW}')",
        f"requests.get('https://h/x?jwt={PW}')",
        f"requests.get('https://h/x?ticket=ST-{PW}')",
        f"!curl 'https://h/x?session={PW}'",
        f"requests.get(u, params={{'appid': '{PW}', 'q': 'London'}})",
    ],
)
def test_credential_query_names_without_a_token_shape_are_redacted(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        f"h = {{'Authorization': 'Bearer '.__add__(('{PW}'))}}",
        f"h = {{'Authorization': 'Bearer '.__add__( ( '{PW}' ) )}}",
        f"h = {{'Authorization': 'Bearer '.__add__('{PW}'.strip())}}",
        f"!AUTH=$(echo -n 'u:{PW}' | base64)",
        f"!curl -H \"Authorization: Basic $(echo -n 'u:{PW}' | base64)\" https://h",
        f"%%bash\nAUTH=$(printf '%s' 'u:{PW}' | base64 -w0)\n",
        f"# password: {PW}\nx = 1",
        f"x = 1  # pw={PW}",
        f"# token = {PW}\n",
    ],
)
def test_session_21s_own_attack_variants_are_redacted(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


def test_a_comments_secret_is_its_one_word_and_the_prose_stays() -> None:
    cell = f"# the password: {PW} (ask Bob for a new one)\nx = 1"
    assert redact(cell) == "# the password: <redacted> (ask Bob for a new one)\nx = 1"
    cell = "# reset the password when it expires; token refresh is hourly\nx = 1"
    assert redact(cell) == cell
    cell = "# password: $DB_PASSWORD from the environment\nx = 1"
    assert redact(cell) == cell
    cell = "# token: the one in the vault; see #token=not-a-url\nr = get('https://h/cb#pw=x')"
    assert redact(cell) == cell.replace("pw=x", "pw=<redacted>")  # (a fragment: url_userinfo's)


@pytest.mark.parametrize(
    "cell",
    [
        "requests.get('https://h/cache?key=user_profile_42&sort=key')",
        "requests.get('https://h/browser/bucket?key=data/train.csv')",
        "requests.get('https://s3.example.com/b?key=raw/2024-01-05/Events.parquet')",
        "requests.get(u, params={'key': 'created_at', 'order': 'desc'})",
        "!curl 'https://h/o?key=model.pkl'",
        "r = requests.get('https://h/api/v1/items?key=item-42&page=2')",
        "!curl -G https://h/items -d key=created_at -d order=desc",
    ],
)
def test_a_query_key_that_is_a_path_file_or_identifier_is_kept(cell: str) -> None:
    assert redact(cell) == cell


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (
            f"requests.get('https://maps.googleapis.com/maps/api/geocode/json?address=x&key={GOOGLE}')",
            "requests.get('https://maps.googleapis.com/maps/api/geocode/json?address=x&key=<redacted>')",
        ),
        (
            f"requests.get('https://api.openweathermap.org/data/2.5/weather?q=London&appid={HEX}')",
            "requests.get('https://api.openweathermap.org/data/2.5/weather?q=London&appid=<redacted>')",
        ),
        (
            f"requests.get('https://h/x?page=2&token=ghp_{'a1B2' * 9}&sort=asc')",
            "requests.get('https://h/x?page=2&token=<redacted>&sort=asc')",
        ),
        (
            f"requests.get('https://h/x?q=London&v={HEX}')",
            "requests.get('https://h/x?q=London&v=<redacted>')",
        ),
        (
            f"requests.get(u, params={{'key': '{GOOGLE}', 'order': 'desc'}})",
            "requests.get(u, params={'key': '<redacted>', 'order': 'desc'})",
        ),
    ],
)
def test_a_token_shaped_query_value_takes_only_itself(cell: str, shown: str) -> None:
    assert redact(cell) == shown
