"""Counter tests: offscreen Qt (the hasher and the clerks with passwords: tests/conftest.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.conftest import PASSWORD as PASSWORD  # the counter tests' clerks
