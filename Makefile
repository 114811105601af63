# Every target sets up what it needs itself, so a fresh clone needs only `make serve`
# or `make test`. Python packages are pinned in constraints.txt.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve edit build validate test lint unit browser-deps bench schema clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

setup: $(STAMP)

validate: setup
	$(BIN)/openpractice validate

serve: validate
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# The web editor against the files on this machine: Decap's local backend (decap-server,
# pinned in package.json) beside the preview; no GitHub account. Saves go to content/.
edit: validate
	@[ -f node_modules/decap-server/dist/index.js ] && [ -f node_modules/decap-cms/dist/decap-cms.js ] \
		|| npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@echo "The editor: http://127.0.0.1:8000/admin/ (Login, then edit; files are saved in content/)"
	PORT=8081 BIND_HOST=127.0.0.1 GIT_REPO_DIRECTORY="$(CURDIR)" node node_modules/decap-server/dist/index.js & \
		server=$$!; trap 'kill $$server' EXIT INT TERM; $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: validate
	$(BIN)/mkdocs build --strict

schema: setup
	$(BIN)/openpractice schema --out schema

browser-deps:
	bash scripts/install-browser-deps.sh

lint: setup
	$(BIN)/ruff check openpractice tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/zizmor --offline .github/
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.github-issue-forms \
		.github/ISSUE_TEMPLATE/feedback.yml .github/ISSUE_TEMPLATE/suggest-write-up.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.github-issue-config .github/ISSUE_TEMPLATE/config.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml

test: setup browser-deps lint
	$(BIN)/pytest

bench: setup browser-deps
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache benchmarks/out
