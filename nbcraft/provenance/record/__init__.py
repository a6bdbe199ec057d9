"""Provenance recording (issue 14): what a run from a notebook kernel or a job was made of.

The kernel side (kernel.py) runs in every kernel a Jupyter server with nbcraft starts, through
the start-up file ``nbcraft/promote/kernel_paths.py``; the job side (job.py) runs in the job
service when a job's run is created; the run-context provider (``nbcraft.tracking.run_context``)
adds the start tags to runs a notebook starts itself.

Everything here uses the standard library only (and MLflow, imported when a run is logged):
a kernel whose environment lacks nbcraft loads this folder by its path (kernel_paths.py), so
the modules import each other relatively and never import the rest of nbcraft.
"""
