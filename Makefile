# hallq — the commands a newcomer, a developer and CI run.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
APT_PKGS := espeak-ng fonts-wqy-microhei fonts-hanazono fontconfig poppler-utils xvfb socat sox libpulse0 libegl1 libgl1 libxkbcommon0 \
            libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
            libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 \
            libfontconfig1 libdbus-1-3 libglib2.0-0 postgresql-client chromium

.PHONY: install test demo bench lint clean

install: $(BIN)/.installed
	@if [ "$$(id -u)" = "0" ]; then \
	  missing=$$(for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  if [ -n "$$missing" ]; then \
	    echo "installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi; \
	fi

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

test: install
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

demo: install
	$(BIN)/python -m shared.demo

bench: install
	$(BIN)/python -u bench/core.py
	$(BIN)/python -u bench/feed_watch.py
	$(BIN)/python -u bench/guard.py
	$(BIN)/python -u bench/kiosk.py
	$(BIN)/python -u bench/display.py
	$(BIN)/python -u bench/scale.py
	$(BIN)/python -u bench/reports.py
	$(BIN)/python -u bench/estimate.py
	$(BIN)/python -u bench/web.py
	$(BIN)/python -u bench/workload.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy shared kiosk counter display web

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Refresh the translation sources from the code and compile them (the .qm files are committed).
.PHONY: i18n
i18n: install
	for app in kiosk counter display shared; do \
	  $(BIN)/pyside6-lupdate $$(find $$app -name '*.py' -not -path '*/cli/*') -ts assets/i18n/$${app}_en.ts -source-language zh_CN -target-language en; \
	  $(BIN)/pyside6-lrelease assets/i18n/$${app}_en.ts -qm assets/i18n/$${app}_en.qm; \
	done
