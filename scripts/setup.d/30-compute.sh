#!/usr/bin/env bash
# Compute targets (issue 7): what the real-engine tests in nbcraft/tests/compute need.
#  - .venv-eg: Jupyter Enterprise Gateway in its own venv (it pins an older
#    jupyter_server/jupyter_client than nbcraft's .venv), with ipykernel for its kernels.
#  - Java 17+ for the Spark Connect server started from the pip pyspark wheel.
#  - pyspark's Spark Connect client extras and kernels-mixer in .venv (also in the
#    `spark`/`dev` extras of pyproject.toml, so this is a no-op after `pip install -e .[dev]`).
# Idempotent and quiet: a re-run with everything present only prints one line.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "setup.d/30-compute: Enterprise Gateway venv, Spark Connect client, Java check"

PY=${PYTHON:-python3}
# pip warns about every unused local index location on some machines: keep only real news.
quiet_pip() { "$@" 2>&1 | { grep -v '^WARNING: Location' || true; }; }
EG_VENV=.venv-eg
# Pinned like .venv (requirements/constraints-eg.txt); a changed pin set re-creates the venv.
EG_PINS=requirements/constraints-eg.txt
eg_hash="$(sha256sum "$EG_PINS" | cut -c1-16)"
if [ ! -x "$EG_VENV/bin/jupyter-enterprisegateway" ] || ! "$EG_VENV/bin/python" -c 'import ipykernel' 2>/dev/null \
    || [ "$(cat "$EG_VENV/.nbcraft-pins" 2>/dev/null)" != "$eg_hash" ]; then
  rm -rf "$EG_VENV"
  "$PY" -m venv "$EG_VENV"
  quiet_pip "$EG_VENV/bin/pip" install -q --disable-pip-version-check -c "$EG_PINS" \
    'jupyter_enterprise_gateway>=3.2,<4' 'ipykernel>=6.29'
  echo "$eg_hash" > "$EG_VENV/.nbcraft-pins"
fi

if ! .venv/bin/python -c 'import grpc, zstandard, google.rpc, kernels_mixer' 2>/dev/null; then
  quiet_pip .venv/bin/pip install -q --disable-pip-version-check 'pyspark[connect]>=4,<5' 'kernels-mixer>=0.0.17'
fi

# kernels-mixer needs google-cloud-jupyter-config, which enables itself as a server extension
# in every Jupyter server of the venv (a /gcloud route, a Dataproc notification handler).
# nbcraft uses none of it: switch it off for this venv. config.d files merge in name order,
# so this one (after google_cloud_jupyter_config.json) wins.
OFF=.venv/etc/jupyter/jupyter_server_config.d/zz-nbcraft-no-gcloud.json
if [ -f .venv/etc/jupyter/jupyter_server_config.d/google_cloud_jupyter_config.json ] && [ ! -f "$OFF" ]; then
  printf '{"ServerApp": {"jpserver_extensions": {"google.cloud.jupyter_config": false}}}\n' > "$OFF"
fi

java_major() { java -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n1; }
if ! command -v java >/dev/null 2>&1; then
  echo "setup.d/30-compute: Java is missing; the Spark Connect tests will be skipped." \
       "Install it with: apt-get install -y openjdk-17-jre-headless" >&2
elif [ "$(java_major)" -lt 17 ] 2>/dev/null; then
  echo "setup.d/30-compute: Java older than 17 found ($(java_major)), Spark 4 needs 17+:" \
       "apt-get install -y openjdk-17-jre-headless" >&2
fi
