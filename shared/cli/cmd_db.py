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
    roles = db_sub.add_parser(
        "roles",
        help="PostgreSQL: create or update a role per kind of PC (hallq_kiosk, hallq_display, "
        "hallq_counter, hallq_web, hallq_admin) with only what it needs; run with the "
        "owner's URL (idempotent)",
    )
    roles.add_argument(
        "--password-file",
        metavar="F",
        help="ROLE=PASSWORD lines (kiosk=..., counter=...); roles missing from it get a new "
        "password, written back to F (created readable by its owner only)",
    )
    roles.add_argument(
        "--print-urls",
        action="store_true",
        help="print the URL each PC uses, with its password (for the installer's eyes only)",
    )
    roles.add_argument(
        "--role-suffix",
        default="",
        metavar="S",
        help="append S to every role name (several test runs or stores on one server)",
    )
    roles.set_defaults(handler=db_roles)

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


def db_roles(args: argparse.Namespace) -> int:
    import os
    import re

    from shared.store import roles as pc_roles

    if not re.fullmatch(r"[a-z0-9_]{0,20}", args.role_suffix):
        raise CliError("--role-suffix: lower-case letters, digits and _ only, at most 20")
    store = open_store(args)
    if not store.is_postgres:
        raise CliError(
            "db roles is for PostgreSQL: a SQLite store is one PC and one trust domain "
            "(keep its file readable by the hall's account only; see docs/security.md)"
        )
    try:
        passwords = pc_roles.read_password_file(args.password_file) if args.password_file else {}
    except pc_roles.RolesError as exc:
        raise CliError(str(exc)) from None
    with store.engine.connect() as conn:
        if not pc_roles.owns_store(conn):
            raise CliError(
                "db roles must run with the owner's URL (the role that ran `hallq db upgrade`)"
            )
        if conn.exec_driver_sql("SELECT to_regclass('hallq_pc_role')").scalar() is None:
            raise CliError("the store's schema is too old: run `hallq db upgrade` first")
        try:
            results = pc_roles.ensure_roles(conn, suffix=args.role_suffix, passwords=passwords)
        except Exception as exc:
            conn.rollback()
            orig = getattr(exc, "orig", exc)
            raise CliError(
                f"cannot create the roles: {str(orig).strip().splitlines()[0]} "
                "(the owner needs CREATEROLE, or run it once as a superuser)"
            ) from None
        conn.commit()
    if args.password_file:
        new = [r for r in results if r.password and r.kind not in passwords
               and r.name not in passwords]  # fmt: skip
        if new:
            fd = os.open(args.password_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as fh:
                for r in new:
                    fh.write(f"{r.kind}={r.password}\n")
    for r in results:
        state = "created" if r.created else "updated"
        note = ", password set" if r.password else ""
        print(f"{r.name:24s} {state}{note}: {pc_roles.PC_ROLES[r.kind].purpose}")
    if args.print_urls:
        print()
        for r in results:
            print(f"{r.kind:8s} {pc_roles.role_url(store.url, r.name, r.password)}")
        if any(r.password is None for r in results):
            print("(PASSWORD: the role kept its password; give it with --password-file to show it)")
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
