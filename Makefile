# The two commands of the README. Each does all of its own set-up.
.PHONY: lab test setup
lab:
	bash scripts/lab.sh
test:
	bash scripts/test.sh
setup:
	bash scripts/setup.sh
