# DânVận: `make run` sets everything up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000


.PHONY: run test lint bench messages check-deploy system-deps clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@# vietnam-provinces 2026.x declares Python >= 3.12 but runs on 3.11 (tested); its legacy tree is needed.
	$(PY) -m pip install --quiet --no-deps --ignore-requires-python "vietnam-provinces==2026.9.0"
	touch $@

var:
	mkdir -p var

run: export DEBUG ?= 1
# runserver answers each request in a new thread: a connection kept for the next request would never be reused.
run: export DB_CONN_MAX_AGE ?= 0
run: $(VENV)/.installed var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	@echo ""
	@echo "DânVận is running at http://127.0.0.1:$(PORT)/  (Ctrl-C stops the web server and the scheduler)"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py scheduler & \
	$(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

# What the tests use from Debian: Chromium (browser tests), LibreOffice writer (PDF), poppler (reading PDFs back).
# Installed when missing (CI and fresh machines run as root; otherwise through sudo).
system-deps:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	command -v pdfinfo >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; fi

test: $(VENV)/.installed var system-deps
	$(VENV)/bin/ruff check danvan
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check danvan

# The portal's throughput is measured with wrk (Debian's package), installed when missing like system-deps.
bench: $(VENV)/.installed var
	@command -v wrk >/dev/null 2>&1 || { sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m danvan.bench

# Rebuild the message catalogues after changing strings (needs GNU gettext for extraction only; the
# compiled .mo files are committed, so running the project never needs it).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --no-location
	$(PY) manage.py compile_catalogues

check-deploy: $(VENV)/.installed
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-value-for-the-check-only ALLOWED_HOSTS=example.gov.vn \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var staticfiles
