"""s20: the leaks session 19 left known (each a credential that reached the record): curl's
config read from a descriptor a process substitution was opened on (``exec 3< <(...)``, then
``-K /dev/fd/3``), curl's config given on the stdin of a Python subprocess (``input=`` of
``run``/``check_output``, ``communicate(input=...)``), an ``Authorization: Basic`` value built
in code from ``base64.b64encode(b"user:pw")``, and a heredoc whose body holds ``)`` inside a
``<(...)``. Each leaked on main (checked against e2f67d73)."""

import pytest
from record_support import as_cell_and_parameter

from nbcraft.provenance.record.redact import redact

SECRET = "S3CRETxyz"


@pytest.mark.parametrize(
    "cell",
    [
        # a descriptor opened on a process substitution, read by curl as its config
        f"%%bash\nexec 3< <(printf 'user = \"a:{SECRET}\"')\ncurl -K /dev/fd/3 https://x\n",
        f"!exec 3< <(printf 'user = \"a:{SECRET}\"'); curl -K /dev/fd/3 https://x",
        f"!exec 4< <(echo 'user = a:{SECRET}'); curl --config /dev/fd/4 https://x",
        f"!exec 3< <(echo 'user = a:{SECRET}'); curl -K /proc/self/fd/3 https://x",
        f"!curl -K /dev/fd/3 https://x 3< <(echo 'user = a:{SECRET}')",
        f"!exec 3<<< 'user = a:{SECRET}'; curl -K /dev/fd/3 https://x",
        f"%%bash\nexec 5<<EOF\nuser = a:{SECRET}\nEOF\ncurl -sK /dev/fd/5 https://x\n",
        # a heredoc whose body holds ( or ) inside the <(...) that is curl's config: the
        # commands after it are the substitution's too
        f"%%bash\ncurl -K <(cat <<EOF\n)\nEOF\necho 'user = a:{SECRET}') https://x\n",
        f"%%bash\ncurl -K <(cat <<EOF\n(\nEOF\necho user = a:{SECRET}\n) https://x\n",
        f"%%bash\ncurl -K <(cat <<'EOF'\n:)\nEOF\ncat <<E2\nuser = a:{SECRET}\nE2\n) https://x\n",
        f"%%bash\ncurl -K <(cat <<-EOF # a note )\n\t)\n\tEOF\n printf 'user = a:{SECRET}') https://x\n",
        f"%%bash\ncurl -K - < <(cat <<EOF\n)\nEOF\necho 'user = a:{SECRET}') https://x\n",
        # (guards: redacted on main too) a heredoc's own lines, an arithmetic shift
        f"%%bash\ncurl -K <(cat <<EOF\n# a note (with parentheses)\nuser = a:{SECRET}\nEOF\n) https://x\n",
        f"%%bash\ncurl -K <(echo $((1<<2)); printf 'user = a:{SECRET}') https://x\n",
        f"%%bash\ncurl -K <(cat <<< 'x'\necho 'user = a:{SECRET}') https://x\n",
    ],
)
def test_what_curl_reads_through_a_descriptor_or_a_heredoc_in_a_substitution_is_redacted(
    cell: str,
) -> None:
    for redacted in as_cell_and_parameter(cell):
        assert SECRET not in redacted, redacted


@pytest.mark.parametrize(
    "cell",
    [
        # curl's config on a subprocess's stdin (-K -): what input= gives it
        f'subprocess.run(["curl", "-K", "-", url], input="user = a:{SECRET}")',
        f"subprocess.run(['curl', '-K', '-', url], input=b'user = a:{SECRET}', check=True)",
        f'subprocess.run(["curl", "--config", "-", url], text=True, input="user = a:{SECRET}\\n")',
        f'out = subprocess.check_output(["curl", "-K", "-", url], input="user = a:{SECRET}")',
        (
            f'p = subprocess.Popen(["curl", "-K", "-", url], stdin=subprocess.PIPE)\n'
            f'p.communicate(input="user = a:{SECRET}")'
        ),
        f'p = subprocess.Popen(["curl", "-K", "-", url], stdin=PIPE)\np.communicate("user = a:{SECRET}")',
        f'subprocess.run(["curl", "-d", "@-", url], input="password={SECRET}")',
        # the Authorization header's value built in code from the pair
        f'h = {{"Authorization": "Basic " + base64.b64encode(b"user:{SECRET}").decode()}}',
        f"token = base64.b64encode(b'user:{SECRET}')\nh = {{'Authorization': b'Basic ' + token}}",
        f'auth = base64.b64encode("user:{SECRET}".encode()).decode()',
        f'headers["Authorization"] = f"Basic {{b64encode(b\'user:{SECRET}\').decode()}}"',
    ],
)
def test_what_code_hands_curl_or_a_basic_header_is_redacted(cell: str) -> None:
    assert SECRET not in redact(cell), redact(cell)
