"""What a simulation run is asked to do, and the parsers for its command-line forms."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

from shared.config.spec import HallSpec
from shared.limits import MAX_CSV_BYTES, cli_number

_HOURS = cli_number("simulate --hours H")
_RATE = cli_number("simulate --arrivals CODE=RATE")
_MINUTES = cli_number("simulate --service-minutes CODE=MIN")
_TOTAL = cli_number("simulate, expected arrivals (hours x rates)")


class SimConfigError(ValueError):
    """A simulation setting is wrong; the message names the setting and the value."""


DISTRIBUTIONS = ("exponential", "lognormal")
# Rating levels 1 非常满意 .. 5 非常不满意, shares as seen in halls that publish 好差评 figures.
DEFAULT_LEVEL_MIX = {1: 0.80, 2: 0.14, 3: 0.04, 4: 0.015, 5: 0.005}


@dataclass(frozen=True)
class Pause:
    """Counters that stop calling (暂停) at `at`, the hall's wall time, for `length_s`."""

    counters: tuple[int, ...]
    at: dtime
    length_s: float

    def starts_after(self, start: datetime, zone: str) -> float:
        """Seconds from `start` to the first `at` at or after it."""
        local = start.astimezone(ZoneInfo(zone))
        moment = datetime.combine(local.date(), self.at, tzinfo=local.tzinfo)
        if moment < local:
            moment += timedelta(days=1)
        return (moment - local).total_seconds()


@dataclass(frozen=True)
class SimConfig:
    """One run: rates per service code and hour, counters, draws, start and length."""

    hours: float
    # Tickets per hour for each service code; `profile` (hour of day -> rates) replaces it.
    arrivals: dict[str, float]
    profile: dict[int, dict[str, float]] | None = None
    service_minutes: dict[str, float] = field(default_factory=dict)  # default: target_minutes
    counters: tuple[int, ...] | None = None  # None: every counter of the hall
    distribution: str = "exponential"
    lognormal_sigma: float = 0.5  # spread of log service time; 0.5 gives a CV of about 0.53
    seed: int = 1
    start: datetime | None = None  # None: the hall's next opening
    no_show_share: float = 0.0
    no_show_wait_s: float = 60.0  # how long a counter waits for a called citizen
    priority_share: float = 0.0
    rating_share: float = 0.0  # share of cases rated; the others are recorded as 未评价
    level_mix: dict[int, float] = field(default_factory=lambda: dict(DEFAULT_LEVEL_MIX))
    walk_s: float = 0.0  # from the call to the citizen at the counter
    # After the last ticket time the counters serve those holding a ticket for this long;
    # then the day closes and whoever still waits is voided (goes home unserved).
    overtime_min: float = 30.0
    # None: respect hours and quotas for a run within a day, issue regardless beyond it.
    enforce_limits: bool | None = None
    # Counters open per hour offset from the start (the staffing plan); None: `counters`.
    plan: dict[int, tuple[int, ...]] | None = None
    # Counters paused (暂停) for a while: (counters, seconds from the start, seconds long).
    pauses: tuple[Pause, ...] = ()

    def __post_init__(self) -> None:
        problem = _HOURS.problem(self.hours)
        if problem:
            raise SimConfigError(f"--hours {problem}")
        if self.distribution not in DISTRIBUTIONS:
            raise SimConfigError(
                f"--distribution must be one of {', '.join(DISTRIBUTIONS)}, "
                f"got {self.distribution!r}"
            )
        for name in ("no_show_share", "priority_share", "rating_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise SimConfigError(f"--{name.replace('_', '-')} must be in 0..1, got {value}")
        for code, rate in self.arrivals.items():
            problem = _RATE.problem(rate)
            if problem:
                raise SimConfigError(f"--arrivals {code}={rate}: a rate per hour {problem}")
        problem = _TOTAL.problem(self.hours * sum(self.arrivals.values()))
        if problem:
            raise SimConfigError(
                f"--hours x --arrivals: the expected arrivals {problem}; "
                "simulate fewer hours or lower rates"
            )
        for code, minutes in self.service_minutes.items():
            problem = _MINUTES.problem(minutes)
            if problem:
                raise SimConfigError(f"--service-minutes {code}={minutes}: {problem}")
        if not 0.0 <= self.overtime_min <= 24 * 60:
            raise SimConfigError(f"--overtime must be 0..1440 minutes, got {self.overtime_min}")
        if self.start is not None and self.start.tzinfo is None:
            raise SimConfigError("--start needs a time zone (or is read in the hall's zone)")

    @property
    def around_the_clock(self) -> bool:
        return self.hours > 24

    @property
    def limits(self) -> bool:
        return (not self.around_the_clock) if self.enforce_limits is None else self.enforce_limits

    def rate_at(self, service: str, local_hour: int) -> float:
        """Tickets per hour for `service` at the hall's local hour of day."""
        if self.profile is not None:
            return self.profile.get(local_hour, {}).get(service, 0.0)
        return self.arrivals.get(service, 0.0)

    def services(self) -> list[str]:
        if self.profile is not None:
            return sorted({s for rates in self.profile.values() for s in rates})
        return sorted(self.arrivals)


def parse_pairs(text: str, option: str) -> dict[str, float]:
    """ "A=60,B=30" -> {"A": 60.0, "B": 30.0}."""
    pairs: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise SimConfigError(f"{option}: expected CODE=NUMBER, got {part!r}")
        try:
            pairs[key.strip()] = float(value)
        except ValueError:
            raise SimConfigError(f"{option}: {value!r} in {part!r} is not a number") from None
    if not pairs:
        raise SimConfigError(f"{option}: expected CODE=NUMBER[,CODE=NUMBER...], got {text!r}")
    return pairs


def parse_counter_list(text: str) -> tuple[int, ...]:
    """ "1-3,7" -> (1, 2, 3, 7)."""
    numbers: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            low, _, high = part.partition("-")
            first, last = int(low), int(high or low)
        except ValueError:
            raise SimConfigError(f"--counters: {part!r} is not a number or N-M range") from None
        if last < first:
            raise SimConfigError(f"--counters: range {part!r} runs backwards")
        numbers.extend(range(first, last + 1))
    if not numbers:
        raise SimConfigError(f"--counters: no counter in {text!r}")
    return tuple(dict.fromkeys(numbers))


def parse_level_mix(text: str) -> dict[int, float]:
    """ "1=80,2=15,3=5" -> shares of rating levels, normalised to sum 1."""
    raw = parse_pairs(text, "--level-mix")
    mix: dict[int, float] = {}
    for key, weight in raw.items():
        if key not in {"1", "2", "3", "4", "5"}:
            raise SimConfigError(f"--level-mix: level {key!r} is not 1..5")
        mix[int(key)] = weight
    total = sum(mix.values())
    if total <= 0:
        raise SimConfigError("--level-mix: the weights add up to nothing")
    return {level: weight / total for level, weight in mix.items()}


def load_profile(path: str | Path) -> dict[int, dict[str, float]]:
    """An hourly arrival profile: CSV with a header `hour,CODE,CODE...`, a row per hour."""
    name = str(path)
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_CSV_BYTES + 1)
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise SimConfigError(f"--profile {name}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SimConfigError(f"--profile {name}: not UTF-8 text") from None
    if len(raw) > MAX_CSV_BYTES:
        raise SimConfigError(f"--profile {name}: larger than {MAX_CSV_BYTES} bytes")
    rows = [r for r in csv.reader(text.splitlines()) if r and not r[0].lstrip().startswith("#")]
    if len(rows) < 2 or rows[0][0].strip().lower() != "hour":
        raise SimConfigError(f"--profile {name}: expected a header 'hour,CODE,...' and rows")
    codes = [c.strip() for c in rows[0][1:]]
    profile: dict[int, dict[str, float]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(codes) + 1:
            raise SimConfigError(
                f"--profile {name}: row {line} has {len(row)} fields, the header {len(codes) + 1}"
            )
        try:
            hour = int(row[0])
            rates = [float(v) for v in row[1:]]
        except ValueError:
            raise SimConfigError(f"--profile {name}: row {line} holds a non-number") from None
        if not 0 <= hour <= 23 or any(r < 0 for r in rates):
            raise SimConfigError(f"--profile {name}: row {line}: hour 0..23, rates >= 0")
        profile[hour] = dict(zip(codes, rates, strict=True))
    return profile


def parse_pause(text: str) -> Pause:
    """ "1-3,7@10:30+45" -> counters 1, 2, 3 and 7 paused at 10:30 (hall time) for 45 minutes."""
    counters_text, sep, rest = text.partition("@")
    at_text, sep2, minutes_text = rest.partition("+")
    if not sep or not sep2:
        raise SimConfigError(f"--pause: expected COUNTERS@HH:MM+MINUTES, got {text!r}")
    try:
        numbers = parse_counter_list(counters_text)
    except SimConfigError as exc:
        raise SimConfigError(f"--pause {text!r}: {exc}".replace("--counters: ", "")) from None
    try:
        hour, minute = (int(x) for x in at_text.split(":"))
        at = dtime(hour, minute)
        minutes = float(minutes_text)
    except ValueError:
        raise SimConfigError(f"--pause {text!r}: expected HH:MM and a number of minutes") from None
    if not minutes > 0:
        raise SimConfigError(f"--pause {text!r}: a pause lasts more than 0 minutes")
    return Pause(numbers, at, minutes * 60.0)


def next_opening(spec: HallSpec, after: datetime) -> datetime:
    """The hall's first opening (first period of a working day) after `after`."""
    zone = ZoneInfo(spec.timezone)
    local = after.astimezone(zone)
    opening = spec.hours.periods[0][0] if spec.hours.periods else None
    if opening is None or not spec.hours.days:
        raise SimConfigError(f"hall {spec.code} has no opening hours: give --start")
    for offset in range(0, 8):
        day = (local + timedelta(days=offset)).date()
        if day.isoweekday() not in spec.hours.days:
            continue
        moment = datetime.combine(day, opening, tzinfo=zone)
        if moment > after:
            return moment
    raise SimConfigError(f"hall {spec.code} opens on no day of the week: give --start")


def parse_start(text: str, spec: HallSpec) -> datetime:
    """An ISO date-time; without an offset it is read in the hall's time zone."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SimConfigError(
            f"--start: {text!r} is not a date-time like 2026-12-01T09:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(spec.timezone))
    return moment
