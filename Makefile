.PHONY: run test setup benchmark

# Set everything up, load the demo archive and serve it on http://127.0.0.1:8000
run:
	scripts/run.sh

# Set everything up and run the whole test suite
test:
	scripts/test.sh

setup:
	scripts/setup.sh requirements-dev.txt

# The performance benchmark (not part of the test suite): SIZES=10k,100k,1M
benchmark:
	scripts/setup.sh benchmarks/requirements.txt
	.venv/bin/python -m benchmarks.run --sizes $${SIZES:-10k,100k}
