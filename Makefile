.PHONY: run test setup

# Set everything up, load the demo archive and serve it on http://127.0.0.1:8000
run:
	scripts/run.sh

# Set everything up and run the whole test suite
test:
	scripts/test.sh

setup:
	scripts/setup.sh requirements-dev.txt
