"""Secrets a library takes by position, as its documented signature places them: a call gives
them with no name that says credential (``smtp.login(user, 'x')``), so ``redact`` reads the
call's positional arguments where each library's secret is.

Only the standard library (the recorder runs in kernels without nbcraft). A table lookup per
call of ``ast``: linear in the cell.
"""

from __future__ import annotations

import ast
import re

from .url_userinfo import plain_query_value, query_named_secret

# a call's name (its last part) -> the positions (0-based; -1: the last one given) of the
# arguments that are secrets, by the library's signature
_POSITIONS: dict[str, tuple[int, ...]] = {
    # smtplib.SMTP.login(user, password), imaplib.IMAP4.login(user, password),
    # ftplib.FTP.login(user, passwd), wandb.login(anonymous, key)
    "login": (1,),
    "pass_": (0,),  # poplib.POP3.pass_(pswd)
    "FTP": (2,), "FTP_TLS": (2,),  # ftplib.FTP(host, user, passwd)
    "simple_bind_s": (1,), "simple_bind": (1,),  # python-ldap (who, cred)
    "Connection": (2,),  # ldap3.Connection(server, user, password)
    # keyring.set_password(service, username, password); Django's user.set_password(raw):
    # one argument given (``_ONE_GIVEN``)
    "set_password": (2,),
    # azure.identity
    "ClientSecretCredential": (2,),  # (tenant_id, client_id, client_secret)
    "UsernamePasswordCredential": (2,),  # (client_id, username, password)
    # azure.core.credentials
    "AzureKeyCredential": (0,), "AzureSasCredential": (0,), "AzureNamedKeyCredential": (1,),
    # azure.storage: (account_url, credential); a container's (account_url, container, credential)
    "BlobServiceClient": (1,), "DataLakeServiceClient": (1,), "ShareServiceClient": (1,),
    "QueueServiceClient": (1,), "ContainerClient": (2,),
    # requests.auth, httpx, aiohttp: (username, password)
    "HTTPBasicAuth": (1,), "HTTPDigestAuth": (1,), "HTTPProxyAuth": (1,),
    "BasicAuth": (1,), "DigestAuth": (1,),
    "Github": (-1,),  # PyGithub's Github(login_or_token, password)
    "Redis": (3,), "StrictRedis": (3,),  # redis.Redis(host, port, db, password)
}  # fmt: skip
# (a module, a call) -> positions, where the call's name alone says nothing
_QUALIFIED: dict[tuple[str, str], tuple[int, ...]] = {
    ("pymysql", "connect"): (2,),  # PyMySQL < 1.0 and MySQLdb: (host, user, password, db)
    ("MySQLdb", "connect"): (2,),
    # boto3.Session / boto3.session.Session(aws_access_key_id, aws_secret_access_key,
    # aws_session_token, ...)
    ("boto3", "Session"): (1, 2),
    ("session", "Session"): (1, 2),
    ("boto3", "client"): (6, 7, 8),  # (a service's name in a variable: boto3 names the call)
    ("boto3", "resource"): (6, 7, 8),
}
# a call that takes a secret by position only when one argument is given
_ONE_GIVEN: dict[str, tuple[int, ...]] = {"set_password": (0,)}  # (Django's user.set_password)
# boto3's client and resource, botocore's create_client, on any receiver (``boto3``,
# ``boto3.session.Session()``, ``botocore.session.get_session()``): (service_name,
# region_name, api_version, use_ssl, verify, endpoint_url, aws_access_key_id,
# aws_secret_access_key, aws_session_token, config), by boto3's and botocore's documented
# signatures (the same order); read when the service is a literal and the key's position is
# reached
_BOTO3_CLIENT = ("client", "resource", "create_client")
_BOTO3_SECRETS = (6, 7, 8)
# text that may call one of them (the cell is parsed only then)
_CALLS = "|".join(sorted({*_POSITIONS, *(name for _, name in _QUALIFIED), *_BOTO3_CLIENT}))
MENTIONED = re.compile(rf"\b(?:{_CALLS})\s*\(|\b(?:params|key)\s*=(?!=)")


def _name(node: ast.AST) -> str:
    """A name's or an attribute's last part: ``smtp.login`` -> ``login``."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def secret_arguments(call: ast.Call) -> list[ast.AST]:
    """The arguments of ``call`` that its library takes as secrets by their position."""
    name = _name(call.func)
    receiver = _name(call.func.value) if isinstance(call.func, ast.Attribute) else ""
    args = call.args
    positions = (
        _QUALIFIED.get((receiver, name))
        or (len(args) == 1 and _ONE_GIVEN.get(name))
        or _POSITIONS.get(name)
        or (name in _BOTO3_CLIENT and _literal_service(args) and _BOTO3_SECRETS)
    )
    if not positions:
        return []
    starred = next((k for k, a in enumerate(args) if isinstance(a, ast.Starred)), len(args))
    found = []
    for position in positions:
        k = len(args) - 1 if position < 0 else position
        if 0 <= k < starred:  # (after a ``*rest``, a position is not known)
            found.append(args[k])
    return found


def _literal_service(args: list[ast.AST]) -> bool:
    """Whether a ``client``/``resource`` call's arguments open as boto3's do: a service's name
    as a literal, and enough of them to reach the access key's position."""
    first = args[0] if args else None
    return (
        isinstance(first, ast.Constant)
        and isinstance(first.value, str)
        and len(args) > _BOTO3_SECRETS[0]
    )


def query_parameters(keyword: ast.keyword) -> list[ast.AST]:
    """The values of a URL's query parameters given as ``params=`` (requests, httpx) whose names
    say credential only in a query (``{"key": "..."}``, ``dict(sig="...")``)."""
    if keyword.arg != "params":
        return []
    value = keyword.value
    if isinstance(value, ast.Dict):
        pairs = [(str(k.value), v) for k, v in zip(value.keys, value.values)
                 if isinstance(k, ast.Constant)]  # fmt: skip
    elif isinstance(value, ast.Call) and _name(value.func) == "dict":
        pairs = [(k.arg, k.value) for k in value.keywords if k.arg]
    else:
        return []
    return [v for k, v in pairs if query_named_secret(k, _text(v))]


def _text(value: ast.AST) -> str:
    """A literal string's text; ``""`` for anything else (a name's value is not known)."""
    return value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else ""


# calls whose ``key=`` names a thing (pandas' HDF stores and groupers, Streamlit's widgets and
# session state, caches and mappings), never a credential: ``df.to_hdf(p, key='df2024')``,
# ``st.button('Go', key='submit-button-main')``, ``cache.get(key='user:42')``
_NAMING_KEY_CALLS = frozenset(
    (
        *("to_hdf", "read_hdf", "HDFStore", "put", "append", "select", "remove", "Grouper"),
        *("get", "set", "pop", "setdefault", "delete", "exists", "cache", "memoize"),
        *("button", "checkbox", "toggle", "radio", "selectbox", "multiselect", "slider"),
        *("select_slider", "text_input", "text_area", "number_input", "date_input", "time_input"),
        *("file_uploader", "camera_input", "color_picker", "data_editor", "download_button"),
        *("form", "form_submit_button", "chat_input", "pills", "segmented_control", "feedback"),
    )
)


def naming_key(call: ast.Call) -> bool:
    """Whether ``call`` is one whose ``key=`` names a thing (``_NAMING_KEY_CALLS``): its string
    is kept whatever its shape, but a token's format (``sk_live_...``), redacted wherever a
    literal is."""
    return _name(call.func) in _NAMING_KEY_CALLS


def secret_key(value: ast.AST) -> bool:
    """Whether a literal given to a call's ``key=`` (``googlemaps.Client(key='...')``,
    ``hmac.new(key=b'...')``) is a credential: bytes always, a string unless it is plain
    (``plain_query_value``: ``key='created_at'``, ``key='data/train.csv'``). Under a call that
    names things by ``key=`` (``naming_key``: ``to_hdf``, ``st.button``, ``cache.get``) it is
    not read here. Its limits: elsewhere an identifier with digits or humps (``key='step2'``,
    ``key='firstName'``) is redacted, as a short password is shaped so; a call of another
    library whose ``key=`` is a name and whose method is named so (``store.get``) keeps a
    password given there."""
    if not isinstance(value, ast.Constant):
        return False  # (an f-string: its fields are names, its text alone says nothing)
    if isinstance(value.value, bytes):
        return True
    return isinstance(value.value, str) and not plain_query_value(value.value, in_code=True)
