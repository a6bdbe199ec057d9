"""s20 review: credentials given to command-line tools the way each reads them (short and
attached options, a login's argument, a config tool's ``set NAME VALUE``, a secret read from
stdin, a token's format in any word). Each case leaked on main (a203035a); what ran stays."""

import pytest

from nbcraft.provenance.record.redact import redact

SECRET = "S3CRETpw"
TOKEN = "ghp_" + "S3CRETabcdef" * 3  # (36 characters after ghp_: a GitHub token's format)


@pytest.mark.parametrize(
    "cell",
    [
        f"!az login -u me -p {SECRET}",
        f"!az login --service-principal -u id -p {SECRET} --tenant t",
        f"!docker login -u u -p {SECRET}",
        f"!mysql -u root -p{SECRET}",
        f"!sshpass -p {SECRET} ssh u@h",
        f"!twine upload -u __token__ -p {SECRET} dist/*",
        f"!redis-cli -a {SECRET}",
        f"!zip -P {SECRET} a.zip x",
        f"!7z a -p{SECRET} a.7z x",
        f"!openssl pkcs12 -passout pass:{SECRET} -export",
        f"!smbclient //h/s -U u%{SECRET}",
        f"!gh secret set X --body {SECRET}",
        f"!gh secret set X -b {SECRET}",
        f"!databricks secrets put --scope s --key k --string-value {SECRET}",
        f"!aws configure set aws_secret_access_key {SECRET}",
        f"!aws s3 ls && aws configure set default.aws_secret_access_key {SECRET}",
        f"%%bash\naws configure set aws_secret_access_key {SECRET}",
        f"!npm config set //registry.npmjs.org/:_authToken {SECRET}",
        f"!poetry config http-basic.x u {SECRET}",
        f"!rclone config create r s3 secret_access_key {SECRET}",
        f"!wandb login {SECRET}",
        f"!vault login {SECRET}",
        # a secret read from stdin: a here-string, echo piped in
        f"!gh auth login --with-token <<< {SECRET}",
        f"!echo {SECRET} | gh auth login --with-token",
        f"!databricks configure --token <<< {SECRET}",
        f"!echo {SECRET} | docker login -u u --password-stdin",
        f"%%bash\necho {SECRET} | gh auth login --with-token",
        # a token's format in any shell word
        f"!echo {TOKEN}",
        f"%%bash\nexport X={TOKEN}",
    ],
)
def test_a_tool_s_credential_is_redacted(cell: str) -> None:
    out = redact(cell)
    assert SECRET not in out and "S3CRETabc" not in out


@pytest.mark.parametrize(
    ("cell", "kept"),
    [
        (f"!gh auth login --with-token <<< {SECRET}", "--with-token <<< "),  # (not `<<<` eaten)
        (f"!az login -u me -p {SECRET}", "az login -u me -p "),
        ("!mysql -u root -p", "mysql -u root -p"),  # (a prompt: nothing given)
        ("!openssl pkcs12 -passout env:PW -export", "-passout env:PW"),
        ("!echo hello | gh auth login --with-token <<< $T", "echo hello"),
        ("!pip install -p x torch", "pip install -p x torch"),  # (another tool's -p)
        ("!aws configure set region eu-west-1", "region eu-west-1"),
        ("!wandb login --relogin", "wandb login --relogin"),
    ],
)
def test_what_ran_is_kept(cell: str, kept: str) -> None:
    out = redact(cell)
    assert SECRET not in out
    assert kept in out


@pytest.mark.parametrize(
    "cell",
    [
        f"subprocess.run(['az', 'login', '-u', 'me', '-p', '{SECRET}'])",
        f"subprocess.run(['gh', 'auth', 'login', '--with-token'], input='{SECRET}', text=True)",
        f"subprocess.run(('docker', 'login', '-u', 'u', '--password-stdin'), input='{SECRET}')",
    ],
)
def test_a_tool_run_from_an_argument_list_is_read_as_its_command(cell: str) -> None:
    out = redact(cell)
    assert SECRET not in out
    assert out.count("<redacted>") == 1  # (the secret only: the command's words stay)
