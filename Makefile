# Amparo — every command a developer needs. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: run test lint contracts demo bench dist dist-test i18n-extract i18n-update clean constraints

# Every install takes the exact versions in constraints.txt: two fresh clones get the same set.
PIN := -c constraints.txt

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet $(PIN) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml constraints.txt
	$(BIN)/pip install --quiet $(PIN) -e '.[test]'
	touch $@

$(VENV)/.installed-dist: $(VENV)/.installed pyproject.toml constraints.txt
	$(BIN)/pip install --quiet $(PIN) -e '.[dist]'
	touch $@

# After a deliberate upgrade (edit pyproject.toml, install in a fresh venv): pin what is there.
constraints: $(VENV)/.installed-test $(VENV)/.installed-dist
	@{ head -2 constraints.txt; $(BIN)/pip freeze --exclude-editable | grep -v '^-e'; } > constraints.new
	mv constraints.new constraints.txt

run: $(VENV)/.installed
	$(BIN)/intake gui

test: $(VENV)/.installed-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/intake forms check
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

demo: $(VENV)/.installed
	$(BIN)/intake demo --out demo-output

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

# The application for this system, in dist/Amparo/ (README: "Build the app for Windows, macOS
# and Linux"). PyInstaller builds for the system it runs on.
dist: $(VENV)/.installed-dist
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

# Build, then run the bundle the way a clinic laptop would: outside the source tree, an empty
# home, no display. Its self-test must pass, its window must open, and no temp file may remain.
DIST_APP := $(CURDIR)/dist/Amparo
dist-test: dist
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && mkdir "$$tmp/home" "$$tmp/tmp" && \
	cd "$$tmp" && run() { env -u INTAKE_VAULT -u AMPARO_INSECURE_TEST_KDF -u PYTHONPATH \
	  HOME="$$tmp/home" XDG_DATA_HOME="$$tmp/home" XDG_CONFIG_HOME="$$tmp/home" \
	  XDG_CACHE_HOME="$$tmp/home" TMPDIR="$$tmp/tmp" QT_QPA_PLATFORM=offscreen "$$@"; } && \
	run "$(DIST_APP)/Amparo" self-test && \
	run "$(DIST_APP)/amparo-cli" --version && \
	run "$(DIST_APP)/Amparo" --vault "$$tmp/home/new.vault" gui --exit-after-show && \
	test -z "$$(ls -A "$$tmp/tmp")" && test ! -e "$$tmp/home/new.vault" && \
	echo "dist-test: the bundle in dist/Amparo passed ($$(du -sh "$(DIST_APP)" | cut -f1))"

# Translations: extract every _() string, then merge into the Spanish catalog.
i18n-extract: $(VENV)/.installed-test
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --add-comments=TRANSLATORS: \
	  --no-location --sort-output -o translations/messages.pot intake_app

i18n-update: i18n-extract
	$(BIN)/pybabel update --no-fuzzy-matching -i translations/messages.pot -d translations -l es

clean:
	rm -rf $(VENV) build dist demo-output .pytest_cache
