"""Start-up code for kernels of Spark-session compute targets.

This file is copied next to each generated ``kernel.json`` (as ``nbcraft_startup.py``) and
run by IPython through ``--IPKernelApp.exec_files``. It must not import nbcraft: a
databricks-connect target runs in its own environment, where nbcraft is not installed.

It defines ``spark`` (as Databricks notebooks do) from the kernel's environment
(``SPARK_REMOTE`` or the ``DATABRICKS_*`` variables of the kernelspec), shortens Spark
Connect's retries (its default keeps a cell waiting for about ten minutes when the server
is gone), and turns "the server went away" into one clear message instead of a gRPC stack.
A failure here never stops the kernel: Python stays usable, and the message says what to do.
"""


def _nbcraft_compute_startup():
    import os
    import sys

    target = os.environ.get("NBCRAFT_COMPUTE_TARGET", "?")
    kind = os.environ.get("NBCRAFT_COMPUTE_KIND", "")
    where = (
        os.environ.get("SPARK_REMOTE", "")
        if kind == "spark-connect"
        else ("Databricks profile " + os.environ.get("DATABRICKS_CONFIG_PROFILE", "?"))
    )

    class ComputeTargetUnavailable(RuntimeError):
        """The remote compute did not answer; the kernel and its variables are fine."""

    def ipython_shell():
        try:
            from IPython import get_ipython
        except ImportError:
            return None
        return get_ipython()

    def fail(message):
        """Say what is wrong now (the kernel log) and again when a cell uses `spark`: output
        printed while the kernel starts reaches no notebook."""
        print(f"nbcraft: {message}", file=sys.stderr, flush=True)
        shell = ipython_shell()
        if shell is None or "spark" in shell.user_ns:  # a rebind keeps the old session
            return

        def _on_name_error(self, etype, value, tb, tb_offset=None):
            if "'spark'" not in str(value):
                return self.showtraceback((etype, value, tb), tb_offset=tb_offset)
            error = ComputeTargetUnavailable(f"`spark` is not defined: {message}")
            self.showtraceback((ComputeTargetUnavailable, error, None))
            return None

        shell.set_custom_exc((NameError,), _on_name_error)

    try:
        if kind == "databricks-connect":
            from databricks.connect import DatabricksSession as _Builder
        else:
            from pyspark.sql import SparkSession as _Builder
    except ImportError as err:
        package = "databricks-connect" if kind == "databricks-connect" else "'pyspark[connect]>=4'"
        return fail(
            f"compute target {target!r} needs {package} in this kernel's Python "
            f"({sys.executable}): {sys.executable} -m pip install {package}  ({err})"
        )

    try:
        if kind == "databricks-connect":
            # Reads DATABRICKS_CONFIG_PROFILE and DATABRICKS_CLUSTER_ID /
            # DATABRICKS_SERVERLESS_COMPUTE_ID from the environment set by the kernelspec.
            session = _Builder.builder.getOrCreate()
        else:
            # create(), not getOrCreate(): when this code rebinds a running kernel to another
            # server, getOrCreate() would hand back the old default session.
            session = _Builder.builder.remote(os.environ["SPARK_REMOTE"]).create()
    except Exception as err:  # noqa: BLE001 - any failure: a missing grpcio, a bad profile
        text = str(err).splitlines()[0] if str(err) else type(err).__name__
        hint = ""
        if isinstance(err, ImportError) or "grpc" in text.lower() and "module" in text.lower():
            hint = f" Install the client: {sys.executable} -m pip install 'pyspark[connect]>=4'."
        return fail(
            f"could not create the Spark session for compute target {target!r} "
            f"({where}): {text}.{hint} Fix it and restart the kernel."
        )

    try:
        from pyspark.sql.connect.client.retries import DefaultPolicy

        retries = int(os.environ.get("NBCRAFT_SPARK_MAX_RETRIES", "4"))
        session.client.set_retry_policies([DefaultPolicy(max_retries=retries, max_backoff=2000)])
    except (ImportError, AttributeError, TypeError, ValueError):
        retries = None  # older or vendor clients: they keep their own retry policy

    shell = ipython_shell()
    if shell is not None:
        import importlib

        unreachable = []
        for module, name in (
            ("pyspark.errors.exceptions.connect", "SparkConnectGrpcException"),
            ("pyspark.errors", "RetriesExceeded"),
            ("grpc", "RpcError"),
        ):
            try:
                unreachable.append(getattr(importlib.import_module(module), name))
            except (ImportError, AttributeError):
                continue  # a client without this class: the others still apply

        def _is_connection_loss(value):
            text = str(value)
            return any(
                s in text
                for s in (
                    "UNAVAILABLE",
                    "failed to connect",
                    "Connection refused",
                    "RetriesExceeded",
                    "Socket closed",
                    "Deadline Exceeded",
                    "DEADLINE_EXCEEDED",
                    "RETRIES_EXCEEDED",
                )
            )

        def _on_spark_error(self, etype, value, tb, tb_offset=None):
            if not _is_connection_loss(value) and type(value).__name__ != "RetriesExceeded":
                # A real Spark error (bad SQL, missing column): show it as Spark wrote it.
                return self.showtraceback((etype, value, tb), tb_offset=tb_offset)
            message = (
                f"compute target {target!r} ({where}) is not reachable: the Spark server "
                "stopped or the network dropped. The kernel and your Python variables are "
                "kept. Start the server again, or switch compute target, then re-run the cell."
            )
            self.showtraceback((ComputeTargetUnavailable, ComputeTargetUnavailable(message), None))
            return None

        if unreachable:
            shell.set_custom_exc(tuple(unreachable), _on_spark_error)
    return session


_nbcraft_session = _nbcraft_compute_startup()
if _nbcraft_session is not None:
    spark = _nbcraft_session
del _nbcraft_session, _nbcraft_compute_startup
