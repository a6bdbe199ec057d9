"""s19: the leaks session 18's reviews left known (each a credential that reached the record):
a process substitution's every command (``-K <(echo a; echo user = ...)``, ``<(cat <<< ...)``,
``- < <(echo ...)``), curl inside an output substitution (``> >(curl -K -)``), curl's name given
by a substitution (``$(which curl) -K -``), ``case``/``esac``, comments and an inner ``$(...)``
inside the ``$(...)`` curl is in, backticks counted across a command's lines. Each case leaked
on main (checked against ca08eb68) but two, redacted there too and kept as guards: ``echo ... |
tee >(curl -K -)`` and ``$(which curl) -u name:pw`` (the regex pass's). Each near miss stays
as written (Python's joined literals: test_record_secrets_s19_joined.py)."""

import pytest
from record_support import as_cell_and_parameter

from nbcraft.provenance.record.redact import redact

SECRET = "S3CRETxyz"


@pytest.mark.parametrize(
    "cell",
    [
        # a process substitution's commands, all of them (its output is curl's config file)
        f"!curl -K <(echo a; echo user = name:{SECRET}) https://x",
        f"!curl -K <(echo url = https://x; echo 'user = name:{SECRET}') https://x",
        f"!curl -K <(echo url = x && printf 'user = name:{SECRET}') https://x",
        f'!curl --config <(cat <<< "user = name:{SECRET}") https://x',
        f"%%bash\ncurl -K <(cat <<EOF\nuser = name:{SECRET}\nEOF\n) https://x\n",
        # curl's stdin redirected from a process substitution
        f'!curl -K - < <(echo "user = name:{SECRET}") https://x',
        f"!curl -K - https://x < <(echo url = x; echo 'user = name:{SECRET}')",
        f"!curl -d @- https://x < <(echo 'password={SECRET}')",
        # curl in an output substitution: its stdin is what the command writes there
        f'!echo "user = name:{SECRET}" > >(curl -K -)',
        f"!printf 'user = name:{SECRET}' > >(curl -sK - https://x)",
        f"!echo 'user = name:{SECRET}' | tee >(curl -K - https://x)",
        f"!x=$(echo 'user = name:{SECRET}' > >(curl -K -))",
        # curl's name given by a command substitution: its words go on after it
        f'!$(which curl) -K - <<< "user = name:{SECRET}"',
        f"!`which curl` -K - <<< 'user = name:{SECRET}'",
        f"!echo 'user = name:{SECRET}' | $(command -v curl) -K - https://x",
        f"!$(which curl) -u name:{SECRET} https://x",
        # case ... esac and comments inside the $(...) curl is in; an inner $(...) closed
        f"!x=$(case a in a) echo 'user = u:{SECRET}';; esac | curl -K -)",
        f"!x=$(case a in (a) echo 'user = u:{SECRET}';; esac | curl -K -)",
        f"%%bash\nx=$(echo 'user = u:{SECRET}' | # note )\n curl -K -)\n",
        f"!x=$(echo $(date) 'user = u:{SECRET}' | curl -K -)",
        f"!x=$(echo $(date) $(id -u) 'user = u:{SECRET}' | curl -K - https://x)",
        # (found after: a process substitution read inside another, curl's name quoted)
        f"!curl -K - < <(cat < <(echo 'user = u:{SECRET}'))",
        f"!\"$(which curl)\" -K - <<< 'user = u:{SECRET}'",
        # backticks counted across the command, not per line
        f"%%bash\ny=`echo a\nb` ; x=`echo 'user = u:{SECRET}' | curl -K -`\n",
    ],
)
def test_what_feeds_curl_through_a_substitution_is_redacted(cell: str) -> None:
    for redacted in as_cell_and_parameter(cell):
        assert SECRET not in redacted, redacted


@pytest.mark.parametrize(
    "cell",
    [
        "!curl -K <(echo url = https://x; echo verbose) https://x",
        "!echo 'user = u:notfed' > out.txt; curl -K -",
        "!echo 'user = u:notfed' > >(cat); curl -K -",
        "!echo 'user = u:notfed' | tee >(gzip > a.gz) | wc -c; curl -K -",
        "!curl -K <(echo url = x) https://x; echo 'user = u:notfed'",
        "!$(which curl) -s https://x",
        "!x=$(case a in a) echo 'user = u:notfed';; esac); curl -K -",
        "!x=$(echo $(date)); echo 'user = u:notfed'; curl -K -",
    ],
)
def test_what_feeds_no_curl_stays_as_written(cell: str) -> None:
    assert redact(cell) == cell
