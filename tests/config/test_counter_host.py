"""The counters' optional `host`: a hostname, unique across counters, stored with the devices."""

from __future__ import annotations

import pytest

from shared.config.hallfile import HallFileError, parse_hall_text
from shared.store.apply import apply_hall
from shared.store.db import Store
from shared.store.models import Counter
from tests.config.hall_texts import BASE

SECOND = """[[counters]]
number = 2
services = ["s1"]
host = "{host}"
"""


def test_host_is_optional_and_kept() -> None:
    assert parse_hall_text(BASE).counters[0].host == ""
    text = BASE.replace("number = 1\n", 'number = 1\nhost = "window-01"\n')
    assert parse_hall_text(text).counters[0].host == "window-01"


@pytest.mark.parametrize(
    ("first", "second", "line", "fragment"),
    [
        ("Win-07", "win-07", 20, "host 'win-07' is already used by counters[0]"),
        ("ok-1", "bad host", 20, "host 'bad host' is not a hostname"),
    ],
)
def test_bad_or_repeated_host_names_the_line(
    first: str, second: str, line: int, fragment: str
) -> None:
    text = BASE + f'host = "{first}"\n' + SECOND.format(host=second)
    with pytest.raises(HallFileError) as caught:
        parse_hall_text(text)
    [issue] = caught.value.issues
    assert issue.line == line and fragment in issue.message and issue.field.endswith(".host")


def test_apply_stores_the_host_with_the_devices(db_url: str) -> None:
    from shared.store.migrate import upgrade

    store = Store(db_url)
    upgrade(store)
    text = BASE + 'host = "window-01"\n'
    apply_hall(store, parse_hall_text(text))
    with store.read() as s:
        assert s.query(Counter).one().devices["host"] == "window-01"
