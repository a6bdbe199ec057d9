#!/bin/sh
# nbcraft lint vs ruff on ../shared/corpus, plus a 10,000-cell notebook (prints numbers).
# Usage (repo root): sh bench/lint-corpus.sh [runs]
set -e
cd "$(dirname "$0")/../lint-rules"
../node_modules/.bin/tsc -b tsconfig.cli.json
node scripts/bundle-cli.js # the one-file CLI and its V8 code cache, as the build makes them
exec node bench/lint-corpus.js "$@"
