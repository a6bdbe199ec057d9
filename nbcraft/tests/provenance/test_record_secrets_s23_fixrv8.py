"""s23 RV8: what the attack review of s23-redact5 found: a comment's password taken for a file
(``# pwd = Spring2025.Db``), a comment's value after ``is:``/``was 'x'``/``IS``/``is now``, and a
branch's binding read past the 16 nearest against a fixed window that missed its ``auth=``."""

import pytest

from nbcraft.provenance.record.redact import redact

SECRETS = ("Welcome1.Prod", "Spring2025.Db", "Admin123.xyz", "Secret2024/Prod", "hunter2x9")


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("# db_password: Welcome1.Prod", "# db_password: <redacted>"),
        ("# pwd = Spring2025.Db", "# pwd = <redacted>"),
        ("# password: Admin123.xyz", "# password: <redacted>"),
        ("# password: Secret2024/Prod", "# password: <redacted>"),
        ("# password: s3cr3t/p4ss", "# password: <redacted>"),
        ("x = 1  # password: Secret2024/Prod.", "x = 1  # password: <redacted>."),
        ("# the password is: hunter2x9", "# the password is: <redacted>"),
        ("# pwd was 'hunter2x9'", "# pwd was '<redacted>'"),
        ('# pwd was "hunter2x9" (old)', '# pwd was "<redacted>" (old)'),
        ("# password IS hunter2x9", "# password IS <redacted>"),
        ("# password is now hunter2x9", "# password is now <redacted>"),
        ("# password is `hunter2x9`", "# password is `<redacted>`"),
    ],
)
def test_comment_password_redacted(cell: str, shown: str) -> None:
    out = redact(cell)
    assert not any(s in out for s in SECRETS)
    assert out == shown


@pytest.mark.parametrize(
    "cell",
    [
        "# pw: docs/setup.md",
        "# key: data/train.csv",
        "# password: see README.rst",
        "# password: ../secrets/README",
        "# password: secrets/readme",
        "# see password: C:\\Users\\me\\pw.txt",
        "# the password is required",
        "# the password is now required",
        "# password was changed (ask Bob)",
    ],
)
def test_comment_path_or_prose_kept(cell: str) -> None:
    assert redact(cell) == cell


def _chain(n: int, use: str) -> str:
    lines = ["if c == 0:\n    t = 'swordfish0'"]
    lines += [f"elif c == {i}:\n    t = 'swordfish{i}'" for i in range(1, n)]
    return "\n".join(lines) + "\n" + use


@pytest.mark.parametrize("n", [17, 40])
def test_branch_bindings_far_context(n: int) -> None:
    use = "r = requests.get(u, auth=(os.environ.get('" + "U" * 600 + "'), t))"
    out = redact(_chain(n, use))
    assert [i for i in range(n) if f"swordfish{i}'" in out] == []
    assert out.endswith(use)
    assert "elif c == 3:\n    t = '<redacted>'" in out


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (
            "r = get(u, auth=tuple('bob:S3cretPwXyz'.rsplit(':')))",
            "r = get(u, auth=tuple('bob:<redacted>'.rsplit(':')))",
        ),
        (
            "r = get(u, auth=list('bob:S3cretPwXyz'.split(':')))",
            "r = get(u, auth=list('bob:<redacted>'.split(':')))",
        ),
        (
            "r = get(u, auth=tuple('bob:S3cretPwXyz'.split(sep=':')))",
            "r = get(u, auth=tuple('bob:<redacted>'.split(sep=':')))",
        ),
        (
            "r = get(u, auth=('bob:S3cretPwXyz'.split(':')))",
            "r = get(u, auth=('bob:<redacted>'.split(':')))",
        ),
        (
            "r = get(u, auth=('bob:S3cretPwXyz'.split(':')[0], 'bob:S3cretPwXyz'.split(':')[1]))",
            # (the second item, a literal, is the pair's password: redacted whole)
            "r = get(u, auth=('bob:<redacted>'.split(':')[0], '<redacted>'.split(':')[1]))",
        ),
        (
            "x = 'bob:S3cretPwXyz'\nr = get(u, auth=tuple(x.rsplit(':')))",
            "x = 'bob:<redacted>'\nr = get(u, auth=tuple(x.rsplit(':')))",
        ),
    ],
)
def test_split_pair_shapes(cell: str, shown: str) -> None:
    out = redact(cell)
    assert "S3cretPwXyz" not in out
    assert out == shown


@pytest.mark.parametrize(
    "cell",
    [
        "df.to_hdf('store.h5', key='df2024')",
        "t = pd.read_hdf(path, key='Table1')",
        "st.checkbox('a', key='CheckA')",
        "st.text_input('x', key='ApiKeyInput')",
        "st.button('Go', key='submit-button-main')",
        "v = cache.get(key='user:42')",
        "s = st.session_state.get(key='step2')",
    ],
)
def test_data_and_widget_key_kept(cell: str) -> None:
    assert redact(cell) == cell


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("g = googlemaps.Client(key='Welcome1x9')", "g = googlemaps.Client(key='<redacted>')"),
        ("g = Client(key='Secret2024/Prod')", "g = Client(key='<redacted>')"),
        (
            "st.text_input('k', key='sk_live_51HxYzAbCdEfGh1234567890')",
            "st.text_input('k', key='<redacted>')",
        ),
    ],
)
def test_credential_key_still_redacted(cell: str, shown: str) -> None:
    assert redact(cell) == shown


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("h = 'Bearer ' + ['S3cretPwXyz'][0]", "h = 'Bearer <redacted>'"),
        (
            "h = {'Authorization': 'Bearer ' + ['S3cretPwXyz'][-1]}",
            "h = {'Authorization': 'Bearer <redacted>'}",
        ),
        ("h = 'Bearer ' + ('S3cretPwXyz',)[~0]", "h = 'Bearer <redacted>'"),
        ("h = 'Bearer ' + ('S3cretPwXyz',)[0:1][0]", "h = 'Bearer <redacted>'"),
        ("h = 'Bearer '.__add__(['S3cretPwXyz'][0])", "h = 'Bearer <redacted>'"),
    ],
)
def test_one_item_picked(cell: str, shown: str) -> None:
    out = redact(cell)
    assert "S3cretPwXyz" not in out
    assert out == shown


def test_list_not_picked_not_joined() -> None:
    cell = "h = 'Bearer ' + ['a', 'b'][0]"
    assert redact(cell) == cell
