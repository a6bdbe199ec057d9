"""s21: the credential shapes session 20's review replay still found in the record (each leaked
on main, checked against d3a0951f): a URL query's ``key=``/``sig=``, an f-string field holding
a literal beside a scheme, ``'Bearer '.__add__('x')``, kaggle's ``config set -n key -v x``, a
``user:password`` pair piped to ``base64``, a ``%%bash -s`` cell's arguments, secrets given to
a library by position (``smtp.login(u, 'x')``), a pair built by ``%`` given to curl's ``-u``, a
triple-quoted ``input=`` to ``curl -K -``; and ``approve`` of ``git credential approve``, which
was redacted (a list read as key/value pairs)."""

import pytest

from nbcraft.provenance.record.redact import redact

PW, ABC = "S3CRETpw", "S3CRETabc"


def _leaks(cell: str) -> str | None:
    out = redact(cell)
    return out if "S3CRET" in out else None  # (each secret's first part: one joined is too)


@pytest.mark.parametrize(
    "cell",
    [
        f"requests.get('https://h/x?key={ABC}')",
        f"requests.get('https://h/x?sv=2021&sig={ABC}')",
        f"!curl 'https://h/x?key={ABC}'",
        f"%%bash\nwget https://h/x?sig={ABC}\n",
        f"url = 'https://maps.googleapis.com/api?address=x&key={ABC}'",
        f"!curl 'https://h/x?signature={ABC}&a=1'",
    ],
)
def test_a_query_key_or_signature_is_redacted(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        f"h = 'Bearer ' f'{{\"{ABC}\"}}'",
        f"h = {{'Authorization': 'Bearer ' f'{{\"{ABC}\"}}'}}",
        f"h = {{'Authorization': f'Bearer ' f\"{{'{ABC}'}}\"}}",
        f"h = {{'Authorization': 'Bearer '.__add__('{ABC}')}}",
        f"h = {{'Authorization': 'Bearer ' .__add__( \"{ABC}\" )}}",
    ],
)
def test_a_header_built_from_literals_by_fields_or_add_is_redacted(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        f"!kaggle config set -n key -v {ABC}",
        f"!kaggle config set -v {ABC} -n key",
        f"!kaggle config set --name key --value {ABC}",
        f"%%bash\nkaggle config set -n key -v '{ABC}'\n",
        f"!echo -n 'u:{PW}' | base64",
        f"!printf '%s' \"u:{PW}\" | base64 -w0",
        f"%%bash\necho -n u:{PW} | base64\n",
        f'%%bash -s "{PW}"\necho $1\n',
        f"%%bash -s u '{PW}'\nmysql -u $1 -p$2\n",
        f"%%script bash -s {PW}\necho $1\n",
    ],
)
def test_shell_tools_secrets_are_redacted(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        f"smtp.login('me@x', '{PW}')",
        f"server.login(user, '{PW}')",
        f'imap = imaplib.IMAP4_SSL(h)\nimap.login(user, "{PW}")',
        f"ftp = FTP('h', 'u', '{PW}')",
        f"cred = ClientSecretCredential(tenant, client_id, '{ABC}')",
        f"cred = UsernamePasswordCredential(client_id, 'me@x', '{PW}')",
        f"conn = pymysql.connect(h, u, '{PW}')",
        f"conn = MySQLdb.connect('h', 'u', '{PW}', 'db')",
        f"auth = HTTPBasicAuth('u', '{PW}')",
        f"svc = BlobServiceClient(url, '{ABC}')",
        f"cred = AzureNamedKeyCredential('acct', '{ABC}')",
        f"cred = AzureKeyCredential('{ABC}')",
    ],
)
def test_a_secret_given_by_position_is_redacted(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        f"subprocess.run(['curl', '-u', 'u:%s' % '{PW}', 'https://h'])",
        f"!curl -u {{'u:%s' % '{PW}'}} https://h",
        f"subprocess.run(['curl', '-u', 'u:{{}}'.format('{PW}'), 'https://h'])",
        f"u = 'u:%s' % '{PW}'\nsubprocess.run(['curl', '-u', u, 'https://h'])",
        f"u = 'u:%s' % '{PW}'\n!curl -u $u https://h",
        f"u = 'u:%s' % '{PW}'\n!curl -u {{u}} https://h",
        f'subprocess.run(["curl", "-K", "-", "https://h"], input="""user = "u:{PW}"\n""")',
        f"subprocess.run(['curl', '-K', '-', url], input='''\nuser = u:{PW}\n''')",
    ],
)
def test_a_pair_built_for_curl_is_redacted(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "subprocess.run(['git', 'credential', 'approve'], input=x)",
        'subprocess.run(["git", "credential", "reject"], input=x)',
        "subprocess.run(['az', 'keyvault', 'secret', 'show', '--name', 'n'])",
    ],
)
def test_a_subcommand_after_a_credential_word_is_kept(cell: str) -> None:
    assert redact(cell) == cell


def test_what_is_not_a_secret_stays() -> None:
    for cell in (
        "smtp.login(user, password)",
        "ftp = FTP('h')",
        "conn = sqlite3.connect('db.sqlite')",
        "requests.get('https://h/x?page=2&q=key')",
        '%%bash -s "$HOME" {path}\necho $1\n',
        "!echo hello | base64",
        "h = 'Bearer ' f'{token}'",
    ):
        assert redact(cell) == cell, redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        # the attack on this session's readers: variants of each family
        f"requests.get('https://h/x?key=%s' % '{ABC}')",
        f"requests.get('https://h/x?key={{}}'.format('{ABC}'))",
        f"requests.get(f'https://h/x?key={{\"{ABC}\"}}')",
        f"requests.get('https://h/x', params={{'key': '{ABC}'}})",
        f"requests.get('https://h/x', params=dict(sig='{ABC}'))",
        f"%%bash\ncurl -G https://h/x -d key={ABC}\n",
        f"%%bash\ncurl --get https://h/x --data-urlencode 'sig={ABC}'\n",
        f"h = {{'Authorization': \"Bearer \" f'{{\"{ABC}\"!s}}'}}",
        f"h = ('Bearer '  # a note\n     f'{{\"{ABC}\"}}')",
        f"t = base64.b64encode(bytes('user:{PW}', 'utf-8'))",
        f"connect(api_key=str('{ABC}'))",
        f"!kaggle config set --name=key --value={ABC}",
        f"!echo -n u:{PW} | openssl base64",
        f"AUTH = !echo -n 'u:{PW}' | base64",
        f"u = 'u:%s' % '{PW}'\n!curl -u \"$u\" https://h",
        f"u = 'u:%s' % '{PW}'\n!curl -u ${{u}} https://h",
        f"u = 'u:%s' % '{PW}'\nos.system(f'curl -u {{u}} https://h')",
        f"u = 'u:%s' % '{PW}'\nos.system('curl -u ' + u + ' https://h')",
        f"p = '{PW}'\nsubprocess.run(['curl', '-u', f'u:{{p}}', 'https://h'])",
        "server.login(user, 'S3CRET' 'pw')",
        f"r = redis.Redis('h', 6379, 0, '{PW}')",
        f"keyring.set_password('svc', 'u', '{PW}')",
    ],
)
def test_variants_of_each_family_are_redacted(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "subprocess.run(['git', '-C', d, 'credential', 'approve'], input=x)",
        "subprocess.run(['kubectl', 'create', 'secret', 'generic', 'name'])",
        "requests.get(url, auth=HTTPBasicAuth(os.environ['U'], f'{pw}'))",
        "u = 'u:%s' % pw\n!curl -u $u https://h",
        "s = 'a %s' % 'b'\nprint(', '.join(['a', 'b']))",
    ],
)
def test_what_the_variants_must_keep_is_kept(cell: str) -> None:
    assert redact(cell) == cell, redact(cell)
