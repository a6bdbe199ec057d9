"""s20 review: a credential in a string Python builds by formatting literals (``%``,
``.format``, ``.join``, an f-string's literal field), an option HTTPie's scheme reader took
for a credential, a format's placeholder taken for one, a token given as a URL's user. Each
case failed on main (a203035a)."""

import pytest

from nbcraft.provenance.record.redact import redact

SECRET = "S3CRETabc"
TOKEN = "ghp_" + "S3CRETabcdef" * 3


@pytest.mark.parametrize(
    ("cell", "redacted"),
    [
        (f"h = {{'Authorization': 'Bearer %s' % '{SECRET}'}}", "'Bearer %s' % '<redacted>'"),
        (f"h = {{'Authorization': 'Bearer {{}}'.format('{SECRET}')}}", "'Bearer {}'.format("),
        (f"h = {{'Authorization': ' '.join(['Bearer', '{SECRET}'])}}", "['Bearer', '<"),
        (f"h = {{'Authorization': f\"Bearer {{'{SECRET}'}}\"}}", "f\"Bearer {'<redacted>'}\""),
        (f"url = 'https://u:%s@x.org/' % '{SECRET}'", "'https://u:%s@x.org/' % '<"),
        (f"url = 'https://u:{{}}@x.org/'.format('{SECRET}')", "'https://u:{}@x.org/'.format"),
        (f"url = 'https://%s:%s@x.org/' % ('me', '{SECRET}')", "('me', '<redacted>')"),
        (f"!http --auth-type=bearer --auth {SECRET} https://x", "--auth-type=bearer --auth <"),
        (f"!git clone https://{TOKEN}@github.com/x/y", "https://<redacted>@github.com/x/y"),
    ],
)
def test_a_built_credential_is_redacted_and_the_format_kept(cell: str, redacted: str) -> None:
    out = redact(cell)
    assert SECRET not in out
    assert redacted in out


@pytest.mark.parametrize(
    "cell",
    [
        # placeholders: the credential is the code's argument, a variable
        "h = {'Authorization': 'Bearer %s' % tok}",
        "h = {'Authorization': 'Bearer {}'.format(tok)}",
        "url = 'https://%s:%s@h/' % (u, p)",
        "url = f'https://{u}:{p}@h/'",
        "print('%s: %s' % ('loss', '0.1'))",
        "' '.join(['hello', 'world'])",
        "!git clone https://user@github.com/x/y",
    ],
)
def test_formats_with_no_credential_stay_as_written(cell: str) -> None:
    assert redact(cell) == cell


def test_a_sas_url_keeps_the_file_it_reads_and_loses_its_signature() -> None:
    """The whole URL was redacted (``pd.read_csv('<redacted>')``): what the run read was lost."""
    url = "https://x.blob.core.windows.net/c/f.csv"
    cell = f"df = pd.read_csv('{url}?sv=2020-08-04&se=2024&sp=r&sig=abc%2BS3CRETdef%3D')"
    out = redact(cell)
    assert "S3CRET" not in out
    assert f"'{url}?<redacted>'" in out
