"""nbcraft: the jupyter_server extension and the prebuilt JupyterLab extension."""

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - only in a source tree that was never built
    import warnings

    warnings.warn("Importing 'nbcraft' outside a proper installation.")
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "nbcraft"}]


def _jupyter_server_extension_points():
    return [{"module": "nbcraft"}]


def _load_jupyter_server_extension(server_app):
    """Register nbcraft's routes and start its services.

    Each capability registers its own handlers in ``nbcraft.extension``; this
    entry point only delegates so that importing ``nbcraft`` stays cheap.
    """
    from .extension import load

    load(server_app)
