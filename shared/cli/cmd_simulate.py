"""`hallq simulate`: drive the real use cases with simulated citizens and counters."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from shared.cli.common import CliError, bounded_int, emit_json

DEMO_HALL = Path(__file__).resolve().parents[2] / "assets" / "demo-hall.toml"


def register(commands: Any) -> None:
    sim = commands.add_parser(
        "simulate",
        help="simulate a hall: arrivals, counters, waits (fast on a manual clock, or --live)",
        description="Simulated citizens take tickets and simulated counters serve them, "
        "through the same use cases as the apps, on a fresh store (a temporary SQLite file "
        "unless --db is given). Prints waits, service times and utilisation.",
    )
    sim.add_argument(
        "--hall",
        dest="hall_file",
        metavar="FILE",
        default=str(DEMO_HALL),
        help="the hall file (default: the demo hall)",
    )
    # SUPPRESS: `hallq --db URL simulate` and `hallq simulate --db URL` both work.
    sim.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="drive this store instead of a temporary SQLite file",
    )
    sim.add_argument(
        "--hours",
        type=float,
        default=8.0,
        metavar="H",
        help="hours of arrivals (default 8); over 24 the hall stays open all day",
    )
    sim.add_argument(
        "--arrivals",
        metavar="CODE=RATE,...",
        help="tickets per hour per service code or prefix (default: rates that "
        "keep the open counters about 80%% busy)",
    )
    sim.add_argument(
        "--profile",
        metavar="CSV",
        help="hourly rates instead of --arrivals (CSV: hour,CODE,...; a row per hour)",
    )
    sim.add_argument(
        "--service-minutes",
        metavar="CODE=MIN,...",
        help="mean service time per service (default: its target minutes)",
    )
    sim.add_argument("--counters", metavar="LIST", help="open counters, e.g. 1-3,7 (default: all)")
    sim.add_argument(
        "--distribution",
        choices=("exponential", "lognormal"),
        default="exponential",
        help="service time distribution",
    )
    sim.add_argument(
        "--seed",
        type=bounded_int("simulate --seed"),
        default=1,
        help="the same seed gives the same result",
    )
    sim.add_argument(
        "--start",
        metavar="DATETIME",
        help="simulated start, e.g. 2026-12-01T09:00 in the hall's zone "
        "(default: the hall's next opening)",
    )
    sim.add_argument("--no-show-share", type=float, default=0.0, metavar="P")
    sim.add_argument(
        "--no-show-wait",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds a counter waits for a called citizen before 过号",
    )
    sim.add_argument(
        "--priority-share",
        type=float,
        default=0.0,
        metavar="P",
        help="share of priority tickets (绿色通道)",
    )
    sim.add_argument(
        "--rating-share",
        type=float,
        default=0.0,
        metavar="P",
        help="share of cases rated; with any share the rest are recorded 未评价",
    )
    sim.add_argument("--level-mix", metavar="1=80,2=14,...", help="shares of rating levels 1..5")
    sim.add_argument(
        "--walk-seconds",
        type=float,
        default=0.0,
        metavar="S",
        help="from the call to the citizen at the counter",
    )
    sim.add_argument(
        "--pause",
        action="append",
        metavar="COUNTERS@HH:MM+MIN",
        help="pause counters (暂停) at a time of day for some minutes, e.g. "
        "1-3@10:30+45; may be given more than once",
    )
    sim.add_argument(
        "--overtime",
        type=float,
        default=30.0,
        metavar="MIN",
        help="after the last ticket time the counters serve ticket holders this "
        "many minutes (default 30); then the day closes and the rest go home "
        "unserved (their tickets void)",
    )
    sim.add_argument(
        "--ignore-hours",
        action="store_true",
        help="issue whatever the opening hours and quotas (as staff may)",
    )
    sim.add_argument(
        "--target-wait-min",
        type=float,
        metavar="W",
        help="staffing advice: fewest counters per hour keeping the mean wait under W",
    )
    sim.add_argument(
        "--live",
        action="store_true",
        help="real time: feed the store (--db) so the board moves; Ctrl+C stops",
    )
    sim.add_argument(
        "--speed",
        type=float,
        default=1.0,
        metavar="X",
        help="with --live: X times faster than real time",
    )
    sim.add_argument("--json", action="store_true", help="one JSON object")
    sim.set_defaults(handler=run_simulate)


def build_config(args: argparse.Namespace, spec: Any) -> Any:
    """The SimConfig the options describe (bad values raise CliError naming the option)."""
    from shared.sim.config import (
        DEFAULT_LEVEL_MIX,
        SimConfig,
        SimConfigError,
        load_profile,
        parse_counter_list,
        parse_level_mix,
        parse_pairs,
        parse_pause,
        parse_start,
    )
    from shared.sim.run import default_arrivals

    try:
        counters = parse_counter_list(args.counters) if args.counters else None
        profile = load_profile(args.profile) if args.profile else None
        if args.arrivals:
            arrivals = parse_pairs(args.arrivals, "--arrivals")
        elif profile is None:
            arrivals = default_arrivals(spec, counters)
        else:
            arrivals = {}
        return SimConfig(
            hours=args.hours,
            arrivals=arrivals,
            profile=profile,
            service_minutes=(
                parse_pairs(args.service_minutes, "--service-minutes")
                if args.service_minutes
                else {}
            ),
            counters=counters,
            distribution=args.distribution,
            seed=args.seed,
            start=parse_start(args.start, spec) if args.start else None,
            no_show_share=args.no_show_share,
            no_show_wait_s=args.no_show_wait,
            priority_share=args.priority_share,
            rating_share=args.rating_share,
            level_mix=parse_level_mix(args.level_mix) if args.level_mix else DEFAULT_LEVEL_MIX,
            walk_s=args.walk_seconds,
            overtime_min=args.overtime,
            enforce_limits=False if args.ignore_hours else None,
            pauses=tuple(parse_pause(p) for p in (getattr(args, "pause", None) or ())),
        )
    except SimConfigError as exc:
        raise CliError(str(exc)) from None


def run_simulate(args: argparse.Namespace) -> int:
    from shared.config.hallfile import HallFileError, load_hall_file
    from shared.sim.config import SimConfigError

    try:
        spec = load_hall_file(args.hall_file)
    except HallFileError as exc:
        raise CliError(f"--hall: {exc}") from None
    cfg = build_config(args, spec)
    url = getattr(args, "db", None)
    try:
        if args.live:
            from shared.sim.live import run_live

            return int(run_live(spec, cfg, url, speed=args.speed, as_json=args.json))
        if args.target_wait_min is not None:
            from shared.sim.staffing import format_plan, plan_staffing

            plan = plan_staffing(spec, cfg, args.target_wait_min, url)
            print(
                json.dumps(plan.to_json(), ensure_ascii=False) if args.json else format_plan(plan)
            )
            return 0
        from shared.sim.run import simulate
        from shared.sim.stats import format_table

        result = simulate(spec, cfg, url)
    except SimConfigError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json(result.to_json())
    else:
        print(format_table(result))
    return 0
