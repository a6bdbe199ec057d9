"""s20 review: credentials a shell or a config file reads as ``name=value`` (an environment
assignment, a ``.env``/INI/YAML file written from the cell, netrc's ``password x``, git
credential's ``password=``, a connection string's field). Each case leaked on main
(a203035a); each near miss keeps what ran."""

import pytest

from nbcraft.provenance.record.redact import redact

SECRET = "S3CRETpw"


@pytest.mark.parametrize(
    "cell",
    [
        # environment assignments: a command's prefix, env, declare/readonly/local, a second one
        f"!GITHUB_TOKEN={SECRET} gh repo list",
        f"!PGPASSWORD={SECRET} psql -h x",
        f"!env X_TOKEN={SECRET} cmd",
        f"%%bash\nGITHUB_TOKEN={SECRET} gh repo list",
        f"%%bash\nGITHUB_TOKEN={SECRET} gh repo list\n",  # (a last empty line: it looped forever)
        f"%%bash\ndeclare -x DB_PASSWORD={SECRET}",
        f"%%bash\nreadonly DB_PASSWORD={SECRET}",
        f"%%sh\nlocal DB_PASSWORD={SECRET}",
        f"!export DB_USER=u DB_PASSWORD={SECRET}",
        f"%env A=u B_PASSWORD={SECRET}",
        # netrc, however written
        f"!echo 'machine x login u password {SECRET}' >> ~/.netrc",
        f"!printf 'machine x login u password {SECRET}\\n' > ~/.netrc",
        f"%%bash\ncat > ~/.netrc <<EOF\nmachine x\nlogin u\npassword {SECRET}\nEOF",
        f"%%writefile ~/.netrc\nmachine x login u password {SECRET}",
        f"open('.netrc','w').write('machine x login u password {SECRET}')",
        # git credential approve, fed by printf, a heredoc, subprocess's input
        (
            f"!printf 'protocol=https\\nhost=github.com\\nusername=u\\npassword={SECRET}\\n'"
            " | git credential approve"
        ),
        f"!git credential approve <<EOF\nprotocol=https\nhost=h\nusername=u\npassword={SECRET}\nEOF",
        (
            "subprocess.run(['git', 'credential', 'approve'],"
            f" input='protocol=https\\nhost=h\\nusername=u\\npassword={SECRET}\\n', text=True)"
        ),
        # config files written from a cell
        f"%%writefile .env\nDATABRICKS_HOST=https://x\nDATABRICKS_TOKEN={SECRET}\n",
        f"%%writefile ~/.databrickscfg\n[DEFAULT]\nhost = https://x\ntoken = {SECRET}",
        f"%%writefile ~/.pypirc\n[pypi]\nusername = __token__\npassword = {SECRET}",
        f"%%writefile ~/.aws/credentials\n[default]\naws_secret_access_key = {SECRET}",
        f"%%bash\ncat >> ~/.aws/credentials <<EOF\n[default]\naws_secret_access_key = {SECRET}\nEOF",
        f"%%writefile config.yaml\ndb:\n  password: {SECRET}",
        f"open('.env','w').write('DATABRICKS_TOKEN={SECRET}')",
        f"open('.env','w').write(f'DATABRICKS_TOKEN={{\"{SECRET}\"}}')",
        f"cfg = '''[default]\naws_secret_access_key = {SECRET}\n'''",
        # connection strings in a cell
        f"conn = psycopg2.connect('host=h user=u password={SECRET}')",
        f"conn = pyodbc.connect('DRIVER={{x}};SERVER=s;UID=u;PWD={SECRET}')",
        f"cs = 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey={SECRET}==;x=y'",
        # options given as NAME=value
        f"!jupyter server --ServerApp.token={SECRET}",
        f"!npm config set //registry.npmjs.org/:_authToken={SECRET}",
        f"!kubectl create secret generic s --from-literal=password={SECRET}",
    ],
)
def test_a_name_value_credential_is_redacted(cell: str) -> None:
    assert SECRET not in redact(cell)


@pytest.mark.parametrize(
    ("cell", "kept"),
    [
        # the command that ran stays (export took the rest of the line)
        (f"!export DB_PASSWORD={SECRET} DB_USER=u && python app.py", "DB_USER=u && python app.py"),
        (f"%%bash\nGITHUB_TOKEN={SECRET} gh repo list", "gh repo list"),
        (f"!PGPASSWORD={SECRET} psql -h x", "psql -h x"),
        # references hold no credential: kept as written
        ("!PGPASSWORD=$PW psql -h x", "PGPASSWORD=$PW"),
        ("%%writefile .env\nDATABRICKS_TOKEN=${TOKEN}\n", "DATABRICKS_TOKEN=${TOKEN}"),
        ("log.info('token=%s', tok)", "'token=%s'"),
        ("x = f'password={pw}'", "password={pw}"),
        # not a credential's name, not a netrc file
        ("!KEY=abc LR=0.1 python train.py", "KEY=abc LR=0.1 python train.py"),
        ("print('password reset sent')", "password reset sent"),
        ("%%writefile params.yaml\nlr: 0.1\nmax_tokens: 100", "max_tokens: 100"),
    ],
)
def test_what_ran_and_references_are_kept(cell: str, kept: str) -> None:
    out = redact(cell)
    assert SECRET not in out
    assert kept in out
