"""`hallq db upgrade` and `hallq config check|apply`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from shared.cli.common import CliError, open_store


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="the store's schema")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help="create or migrate the schema to the newest version")
    up.set_defaults(handler=db_upgrade)

    config = commands.add_parser("config", help="the hall file")
    cfg_sub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    check = cfg_sub.add_parser("check", help="validate a hall file; every error with its line")
    check.add_argument("file")
    check.set_defaults(handler=config_check)
    apply = cfg_sub.add_parser("apply", help="write a hall file to the store (idempotent)")
    apply.add_argument("file")
    apply.set_defaults(handler=config_apply)


def db_upgrade(args: argparse.Namespace) -> int:
    from shared.store.migrate import upgrade

    store = open_store(args)
    revision = upgrade(store)
    print(f"schema at revision {revision} ({store.backend})")
    return 0


def _load(path: str) -> Any:
    from shared.config.hallfile import HallFileError, load_hall_file

    try:
        spec = load_hall_file(path)
    except HallFileError as exc:
        raise CliError(str(exc)) from None
    for warning in spec.warnings:
        print(f"hallq: {warning}", file=sys.stderr)
    return spec


def config_check(args: argparse.Namespace) -> int:
    spec = _load(args.file)
    print(
        f"{args.file}: ok — {spec.name}: {len(spec.departments)} departments, "
        f"{len(spec.services)} services, {len(spec.counters)} counters, "
        f"{len(spec.clerks)} clerks"
    )
    return 0


def config_apply(args: argparse.Namespace) -> int:
    from shared.store.apply import apply_hall
    from shared.store.migrate import upgrade

    spec = _load(args.file)
    store = open_store(args)
    upgrade(store)
    result = apply_hall(store, spec)
    print(
        f"applied {args.file} to hall {result.hall}: {result.created} created, "
        f"{result.updated} updated, {result.deactivated} deactivated",
        file=sys.stdout,
    )
    return 0
