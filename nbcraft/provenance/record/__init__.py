"""Provenance recording (issue 14): what a run from a notebook kernel or a job was made of.

The kernel side (kernel.py) runs in every kernel a Jupyter server with nbcraft starts, through
the start-up file ``nbcraft/promote/kernel_paths.py``; the job side (job.py) runs in the job
service when a job's run is created; the run-context provider (``nbcraft.tracking.run_context``)
adds the start tags to runs a notebook starts itself.

Everything here uses the standard library only (and MLflow, imported when a run is logged):
a kernel whose environment lacks nbcraft loads this folder by its path (kernel_paths.py), so
the modules import each other relatively and never import the rest of nbcraft.
"""

import os


def recording_enabled() -> bool:
    """Whether provenance is recorded at all: ``NBCRAFT_PROVENANCE=0`` turns it off. Read from
    the environment of the process that records: a kernel's for the runs it starts (the
    start-up file and the run-context provider), the Jupyter server's for jobs and pipelines
    (the job service records their runs; a job's kernel inherits the server's environment).
    Off, a run gets no provenance tag or artifact, so none claims to be ``complete``."""
    return os.environ.get("NBCRAFT_PROVENANCE", "1").strip() != "0"
