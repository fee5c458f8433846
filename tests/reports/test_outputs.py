"""The report's outputs: terminal table, CSV, JSON, workbook and PDF, through `hallq`."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shared.cli.main import main
from shared.domain.clock import ManualClock
from shared.store.db import Store
from tests.reports.scenario import play_morning

DAY = ["report", "--day", "2026-11-30"]


@pytest.fixture
def db(store: Store, clock: ManualClock) -> str:
    play_morning(store, clock)
    return store.url


def run(db: str, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--db", db, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_and_csv_in_both_languages(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(db, *DAY, capsys=capsys)
    assert code == 0
    assert "企业养老保险" in out and "满意率(基本满意及以上)%" in out and "合计" in out
    code, out, _ = run(db, *DAY, "--format", "csv", "--lang", "en", "--by", "class", capsys=capsys)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["Case class", "Issued", "Served"]
    assert [r[0] for r in rows[1:]] == [
        "confirmation",
        "benefit",
        "Total",
    ]  # the order of DOMAIN.md
    assert rows[-1][1:7] == ["7", "4", "1", "1", "1", "1"]


def test_json_has_every_figure(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(db, *DAY, "--format", "json", "--by", "clerk", capsys=capsys)
    data = json.loads(out)
    assert data["total"]["wait_mean_s"] == 312.0
    assert data["total"]["ratings"] == {"1": 1, "2": 0, "3": 1, "4": 0, "5": 1}
    assert data["total"]["basic_satisfied_rate"] == round(2 / 3, 4)
    assert [r["key"] for r in data["rows"]] == ["li.wei", "wang.fang", "-"]
    assert data["hourly"][10] == {"hour": 10, "arrivals": 7, "served": 4, "wait_mean_s": 312.0}
    assert [f["code"] for f in data["open_follow_ups"]] == ["A003"]


def test_workbook_cells(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.xlsx"
    assert run(db, *DAY, "--format", "xlsx", "-o", str(path), capsys=capsys)[0] == 0
    book = load_workbook(path)
    assert book.sheetnames == ["办件统计报表", "分时段统计", "未完成的差评整改"]
    sheet = book["办件统计报表"]
    assert sheet["A5"].value == "事项"
    assert [sheet.cell(row=6, column=c).value for c in range(1, 8)] == [
        "企业养老保险",
        4,
        3,
        1,
        1,
        0,
        0,
    ]
    assert sheet["A9"].value == "合计"
    assert sheet["H9"].value == 5.2  # mean wait, minutes
    assert book["分时段统计"]["A2"].value == "10:00"
    assert book["未完成的差评整改"]["B2"].value == "A003"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_embeds_its_chinese_font(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.pdf"
    assert run(db, *DAY, "--format", "pdf", "-o", str(path), capsys=capsys)[0] == 0
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows, fonts
    assert all(" yes " in line and "TrueType" in line for line in rows), fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "办件统计报表" in text and "企业养老保险" in text


def test_bad_input_is_named(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(db, "report", "--from", "2026-11-30", capsys=capsys)
    assert (code, "--from needs --to" in err) == (2, True)
    code, _, err = run(db, "report", "--month", "2026-13", capsys=capsys)
    assert code == 2 and "--month" in err
    code, _, err = run(db, "report", "--from", "2026-12-02", "--to", "2026-12-01", capsys=capsys)
    assert code == 2 and "before" in err
    code, _, err = run(db, *DAY, "--format", "pdf", "-o", "/nonexistent/dir/r.pdf", capsys=capsys)
    assert code == 2 and "does not exist" in err


def test_follow_up_commands(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(db, "rating", "follow-up", "list", "--open", "--json", capsys=capsys)
    [item] = [json.loads(line) for line in out.splitlines()]
    assert (item["code"], item["clerk"], item["level"]) == ("A003", "li.wei", 5)
    fid = str(item["id"])
    code, _, err = run(
        db,
        "rating",
        "follow-up",
        "close",
        fid,
        "--outcome",
        "fixed",
        "--action",
        "道歉",
        "--by",
        "li.wei",
        capsys=capsys,
    )
    assert code == 2 and "not a supervisor" in err
    code, out, _ = run(
        db,
        "rating",
        "follow-up",
        "close",
        fid,
        "--outcome",
        "ledger",
        "--action",
        "列入台账",
        "--by",
        "wang.fang",
        capsys=capsys,
    )
    assert code == 0 and json.loads(out)["closed"] is True
    code, out, _ = run(db, "rating", "follow-up", "list", "--open", capsys=capsys)
    assert out.strip() == "no open follow-up items"
    code, out, _ = run(db, "rating", "follow-up", "list", capsys=capsys)
    assert "ledger" in out and "列入台账" in out
