.PHONY: run test setup benchmark

# Set everything up, load the demo archive and serve it on http://127.0.0.1:8000
run:
	scripts/run.sh

# Set everything up and run the whole test suite
test:
	scripts/test.sh

setup:
	scripts/setup.sh requirements-dev.txt

# The performance benchmark (not part of the test suite): SIZES=10k,100k,1M; ENGINES=whoosh,postgres;
# QUERIES per query class and REQUESTS through gunicorn (as in benchmarks/README.md's tables).
# PostgreSQL runs in a throwaway cluster (scripts/postgres.sh) with settings for a machine of this size.
benchmark:
	scripts/setup.sh benchmarks/requirements.txt
	POSTGRES_SERVER_OPTIONS="-c shared_buffers=1GB -c maintenance_work_mem=512MB -c max_wal_size=4GB" \
	  scripts/postgres.sh .venv/bin/python -m benchmarks.run --sizes $${SIZES:-10k,100k} --engines $${ENGINES:-whoosh,postgres} \
	  --queries $${QUERIES:-50} --requests $${REQUESTS:-200}
