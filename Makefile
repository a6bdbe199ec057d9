# The two commands of the README. Each does all of its own set-up.
# Arguments for `jupyter lab` go in ARGS (make reads `make lab -- --x` as its own options):
#   make lab ARGS="--no-browser --port=8890"   or   bash scripts/lab.sh --no-browser --port=8890
.PHONY: lab test setup
ARGS ?=
lab:
	bash scripts/lab.sh $(ARGS)
test:
	bash scripts/test.sh
setup:
	bash scripts/setup.sh
