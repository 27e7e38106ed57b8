# Lianluo: two commands for a new user — `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
UV := $(shell command -v uv 2>/dev/null || echo $(VENV)/bin/uv)
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo test install install-test lint serve clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# uv comes from PATH when present, otherwise it is installed into the venv.
$(VENV)/bin/uv: | $(VENV)/bin/python
	@command -v uv >/dev/null 2>&1 || $(VENV)/bin/python -m pip install --quiet "uv>=0.6"

install: | $(VENV)/bin/uv
	$(UV) sync --locked --no-default-groups

install-test: | $(VENV)/bin/uv
	$(UV) sync --locked --group test

demo: install
	$(VENV)/bin/lianluo demo

serve: install
	$(VENV)/bin/lianluo serve

test: install-test
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache
