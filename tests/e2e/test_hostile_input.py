"""Generated bad input against `hallq` and `config check`: exit 0 or 2, never a traceback,
and a refused command leaves the store as it was (tickets, events, numbering rows)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from shared.cli.main import main as hallq
from shared.limits import MAX_COUNT
from shared.store.db import Store
from tests.config.hall_texts import BASE

ROOT = Path(__file__).resolve().parents[2]
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "",
    " ",
    "a" * 81,
    "x" * 5000,
    '=HYPERLINK("http://x")',
    "li\u202ewei",
    "li\u200bwei",
    "\u2066A\u2069",
    "😀",
    "A\x00B",
    "a\nb",
    "\x1b[31m",
    "../../etc/passwd",
    "%s%n",
    "{code}",
    "'; DROP TABLE ticket; --",
    "9" * 30,
    "-1",
    "0",
    "1e9",
    "0x10",
    "１２",
    "A012",
    "li.wei",
]
texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=120),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=60, max_size=400),
)
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.integers(-3, 14).map(str),
    st.sampled_from(["9" * 5000, "1.5", "nan", "", "1_000"]),
    texts,
)
counts = st.one_of(st.integers(-3, 3).map(str), st.integers(MAX_COUNT + 1, 10**25).map(str), texts)

commands = st.one_of(
    st.tuples(
        st.just("ticket"),
        st.just("issue"),
        st.just("--service"),
        st.one_of(st.just("A"), texts),
        st.just("--count"),
        counts,
    ),
    st.tuples(
        st.just("ticket"),
        st.just("issue"),
        st.just("--service"),
        st.just("A"),
        st.just("--clerk"),
        texts,
    ),
    st.tuples(st.just("counter"), st.just("open"), numbers, st.just("--clerk"), texts),
    st.tuples(st.just("counter"), st.just("close"), numbers),
    st.tuples(st.just("events"), st.just("--since"), numbers),
    st.tuples(st.just("call"), st.just("recall"), st.just("--counter"), numbers),
    st.tuples(st.just("ticket"), st.just("reprint"), texts, st.just("--printer"), texts),
    st.tuples(
        st.just("appointment"),
        st.just("add"),
        st.just("--code"),
        texts,
        st.just("--service"),
        st.just("A"),
        st.just("--start"),
        texts,
        st.just("--end"),
        texts,
        st.just("--name"),
        texts,
    ),
    st.tuples(st.just("clerk"), st.just("password"), texts, st.just("--clear")),
    st.tuples(
        st.just("rating"),
        st.just("follow-up"),
        st.just("close"),
        numbers,
        st.just("--outcome"),
        st.just("fixed"),
        st.just("--action"),
        texts,
    ),
    st.tuples(st.just("--hall"), texts, st.just("status")),
)


def snapshot(store: Store) -> tuple[object, ...]:
    """What a refused command must not change."""
    with store.engine.connect() as conn:
        return tuple(
            tuple(conn.execute(text(query)).all())
            for query in (
                "SELECT id, code, status, clerk, issued_by FROM ticket ORDER BY id",
                "SELECT id, kind, code, clerk FROM event ORDER BY id",
                "SELECT business_day, prefix, last_number FROM number_seq "
                "ORDER BY business_day, prefix",
                "SELECT number, state, clerk FROM counter ORDER BY number",
                "SELECT booking_code FROM appointment ORDER BY id",
            )
        )


def run_in_process(argv: list[str]) -> tuple[int, str]:
    """`hallq argv` in this process: its exit code and stderr (argparse exits too)."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = hallq(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


@pytest.fixture
def live(store: Store) -> Store:
    # the fixture's store runs on a manual clock; the CLI runs on the real one
    return store


@FUZZ
@given(argv=commands)
def test_generated_bad_commands_exit_0_or_2_and_refusals_change_nothing(
    live: Store, argv: tuple[str, ...]
) -> None:
    before = snapshot(live)
    code, err = run_in_process(["--db", live.url, *argv])
    assert "Traceback" not in err
    assert code in (0, 2, 3), (argv, code, err)  # 3: `call recall` with nobody called
    if code != 0:
        assert err.strip(), "a refusal must say why"
        assert snapshot(live) == before, (argv, err)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


hall_values = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.builds(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"', texts),
    st.integers(1, 60).map(_nested),
    st.sampled_from(
        [
            '"' + "名" * 100_000 + '"',
            "inf",
            "nan",
            "-inf",
            "9" * 5000,
            "{ a = { b = { c = { d = { e = { f = { g = { h = 1 } } } } } } } }",
            '"\\u202e"',
            '"\\u200b"',
            '"\\u0007"',
            "true",
            "1979-05-27",
        ]
    ),
)
hall_fields = st.sampled_from(
    [
        ("[hall]", "name"),
        ("[hall]", "number_width"),
        ("[hall]", "notice"),
        ("[hall]", "code"),
        ("[[departments]]", "name"),
        ("[[services]]", "name"),
        ("[[services]]", "daily_quota"),
        ("[[services]]", "target_minutes"),
        ("[[counters]]", "number"),
        ("[[counters]]", "name"),
        ("[[counters]]", "services"),
        ("[[counters]]", "screen_address"),
        ("[[clerks]]", "login"),
    ]
)


def hall_with(header: str, key: str, value: str) -> str:
    if header == "[[clerks]]":
        return BASE + f'[[clerks]]\nname = "张三"\n{key} = {value}\n'
    lines = BASE.splitlines()
    start = lines.index(header)
    for i in range(start + 1, len(lines)):
        if lines[i].startswith(f"{key} = "):
            lines[i] = f"{key} = {value}"
            break
        if lines[i].startswith("["):
            lines.insert(i, f"{key} = {value}")
            break
    else:
        lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


@FUZZ
@given(field=hall_fields, value=hall_values)
def test_generated_bad_hall_files_are_refused_with_the_field_and_store_unchanged(
    live: Store, tmp_path_factory: pytest.TempPathFactory, field: tuple[str, str], value: str
) -> None:
    path = tmp_path_factory.mktemp("hall") / "hall.toml"
    path.write_text(hall_with(*field, value), encoding="utf-8")
    code, err = run_in_process(["config", "check", str(path)])
    assert "Traceback" not in err and code in (0, 2), (field, value[:80], err)
    if code == 2:
        assert err.count("\n") < 50 and len(err) < 20_000  # says where, not the whole value
    before = snapshot(live)
    applied, err = run_in_process(["--db", live.url, "config", "apply", str(path)])
    assert applied == code, err
    if applied == 2:
        assert snapshot(live) == before


# --- the reported cases, as a new user would try them: real processes --------------------
def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli.main", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env or dict(os.environ),
        check=False,
    )


def test_reported_bad_inputs_exit_2_with_the_field_and_change_nothing(
    live: Store, tmp_path: Path
) -> None:
    before = snapshot(live)
    cases = [
        (["ticket", "issue", "--service", "A", "--count", "9" * 23], "--count"),
        (["counter", "open", "9" * 20], "argument N"),
        (["events", "--since", "9" * 25], "--since"),
        (["counter", "open", "1", "--clerk", "c" * 81], "--clerk"),
        (["ticket", "issue", "--service", "A", "--clerk", "li\u202ewei"], "--clerk"),
        (
            [
                "simulate",
                "--hall",
                str(ROOT / "assets" / "demo-hall.toml"),
                "--hours",
                "1e300",
                "--arrivals",
                "A=1",
            ],
            "--hours",
        ),
        (["appointment", "import", "/dev/zero"], "larger than"),
    ]
    for argv, field in cases:
        done = run("--db", live.url, *argv)
        assert done.returncode == 2, (argv, done.stderr)
        assert field in done.stderr and "Traceback" not in done.stderr
    deep = tmp_path / "deep.toml"
    deep.write_text(BASE + "x = " + _nested(5000) + "\n", encoding="utf-8")
    long_name = tmp_path / "long.toml"
    long_name.write_text(
        BASE.replace('name = "测试大厅"', f'name = "{"名" * 100_000}"'), encoding="utf-8"
    )
    bidi = tmp_path / "bidi.toml"
    bidi.write_text(BASE.replace('name = "部门"', 'name = "部\u202e门"'), encoding="utf-8")
    for path, field in ((deep, "deep"), (long_name, "hall.name"), (bidi, "departments[0].name")):
        for command in ("check", "apply"):
            done = run("--db", live.url, "config", command, str(path))
            assert done.returncode == 2, (path.name, command, done.stderr[:300])
            assert field in done.stderr or field == "deep"
            assert "Traceback" not in done.stderr and len(done.stderr) < 5000
    assert snapshot(live) == before
