# Übergang — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000

.PHONY: demo test lint browser lock messages bench clean

# Runtime environment from the lock file (re-installed when the lock changes).
$(VENV)/.runtime: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

# Test environment: the runtime plus test tools.
$(VENV)/.test: requirements-test.lock $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-test.lock
	touch $@

demo: $(VENV)/.runtime
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py demo_data
	@echo "Übergang läuft auf http://127.0.0.1:$(PORT)/ — Demo-Logins im README."
	@echo "Der Hintergrunddienst (manage.py db_worker) läuft daneben; Strg+C beendet beide."
	DEBUG=1 sh -c '$(PY) manage.py db_worker --no-reload & worker=$$!; \
		trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)'

# Debian's Chromium for the browser tests; installed when running as root (as CI does).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "NOTE: chromium is missing (sudo apt-get install chromium); browser tests will be skipped."; \
		fi; \
	fi

lint: $(VENV)/.test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: $(VENV)/.test browser lint
	mkdir -p var
	$(PY) manage.py makemigrations --check --dry-run
	@echo "== Test suite on SQLite (with browser tests) =="
	$(PY) -m pytest -n auto
	@echo "== Test suite on a throwaway PostgreSQL =="
	$(PY) -m pytest -n auto --postgres -m "not browser"

lock: $(VENV)/.test
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra test -o requirements-test.lock pyproject.toml

messages: $(VENV)/.test
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=static/vendor
	$(PY) manage.py compilemessages --ignore=.venv

# Benchmarks (not tests): print figures beside raw COPY / raw SQL baselines. `bench/run --quick` is small.
bench: $(VENV)/.runtime
	PY=$(PY) bench/run

clean:
	rm -rf $(VENV) var staticfiles
