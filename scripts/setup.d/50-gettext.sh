#!/usr/bin/env bash
# Lint message catalogue (issue 18): GNU gettext's msgfmt, with which the lint-rules tests check
# that nbcraft/locale/nbcraft.pot is a valid gettext template. Idempotent: one line when present.
set -euo pipefail
if command -v msgfmt >/dev/null 2>&1; then
  echo "setup.d/50-gettext: msgfmt present"
  exit 0
fi
echo "setup.d/50-gettext: apt-get install gettext"
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
else
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
fi
