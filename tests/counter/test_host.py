"""`hallq-counter` with no --counter finds its counter by this PC's hostname (hall file `host`)."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import pytest

from counter.__main__ import main
from shared.services.counter_view import counter_for_host
from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.factories import small_hall


def _with_host(store: Store, number: int, host: str) -> None:
    spec = small_hall()
    counters = tuple(replace(c, host=host) if c.number == number else c for c in spec.counters)
    apply_hall(store, replace(spec, counters=counters))


def test_counter_found_by_hostname(
    qtbot,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.delenv("HALLQ_COUNTER", raising=False)
    _with_host(store, 3, "Window-03")
    assert counter_for_host(store, host="window-03") == 3  # hostnames ignore case
    assert counter_for_host(store, host="window-04") is None
    shot = tmp_path / "c3.png"
    assert main(["--db", store.url, "--screenshot", str(shot)], hostname="WINDOW-03") == 0
    assert shot.stat().st_size > 1000


def test_no_counter_for_this_host_names_it(
    qtbot,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("HALLQ_COUNTER", raising=False)
    host = socket.gethostname()
    code = main(["--db", store.url, "--screenshot", str(tmp_path / "x.png")])
    err = capsys.readouterr().err
    assert code == 2 and f'host = "{host}"' in err and "--counter" in err
    assert not (tmp_path / "x.png").exists()
    monkeypatch.setenv("HALLQ_COUNTER", "three")
    assert main(["--db", store.url, "--screenshot", str(tmp_path / "x.png")]) == 2
    assert "HALLQ_COUNTER" in capsys.readouterr().err
