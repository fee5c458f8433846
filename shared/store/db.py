"""Engines and transactions: one code path for SQLite (one PC) and PostgreSQL (a hall's LAN)."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker

from shared.domain.clock import Clock, SystemClock

ENV_URL = "HALLQ_DB_URL"
# How long a SQLite writer waits for another one's write lock before giving up.
SQLITE_BUSY_MS = 30_000


class StoreError(Exception):
    """The store cannot do what was asked."""


class StoreUnavailable(StoreError):
    """The store does not answer (server down, file unreadable, network lost)."""


class StoreBusy(StoreUnavailable):
    """The store answers but another program has held its write lock past the wait."""


class StoreNotReady(StoreError):
    """The store answers but has no schema or no hall yet."""


# user:password@ in any URL (up to the last @ before the path), and password=... pairs
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s'\"]*):[^/\s'\"]*@")
_BARE_PASSWORD = re.compile(r"(?<![\w/:@.-])(?P<user>[\w.-]+):[^@\s/'\"]+@")
_KEY_PASSWORD = re.compile(r"(?i)\b(?P<key>password|passwd|pwd)=(?P<value>[^&\s'\"]+)")
MASK = "***"


def mask_secrets(text: str) -> str:
    """`text` with every password in a URL or a `password=` pair replaced by ***.

    The one helper for messages, log lines and help texts that may show a store URL.
    """
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}:{MASK}@", text)
    text = _BARE_PASSWORD.sub(lambda m: f"{m['user']}:{MASK}@", text)
    return _KEY_PASSWORD.sub(lambda m: f"{m['key']}={MASK}", text)


class MaskSecrets(logging.Filter):
    """Masks passwords in every record a handler writes (see install_log_masking)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = mask_secrets(logging.Formatter().formatException(record.exc_info))
        return True


def install_log_masking() -> None:
    """Mask passwords in everything the root logger's handlers write."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskSecrets) for f in handler.filters):
            handler.addFilter(MaskSecrets())


class StoreRefused(StoreError):
    """The store refused this PC's database role or clerk session (PostgreSQL)."""


def default_url() -> str:
    """`HALLQ_DB_URL`, else a SQLite file in the user's data directory."""
    env = os.environ.get(ENV_URL)
    if env:
        return env
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("hallq", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'hallq.sqlite'}"


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` and `postgres://` URLs; drive them with psycopg 3."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def is_sqlite(url: str) -> bool:
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def _sqlite_engine(url: str, **kw: Any) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kw)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the driver: every writing transaction must be
        # BEGIN IMMEDIATE, or concurrent writers fail with "database is locked".
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # SQLite's own wait for the write lock; measured fairer and faster here than
        # retrying BEGIN with short sleeps (bench/core.py, 8 and 32 callers).
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("hallq_readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """An engine for `url`, set up for hallq's concurrency rules."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse text
        raise StoreError(mask_secrets(f"not a database URL: {url!r} ({exc})")) from None
    authority = url.partition("://")[2].split("/", 1)[0]
    if authority.count("@") > 1:  # drivers would read part of the password as the host
        raise StoreError(
            mask_secrets(
                f"database URL {url!r} has more than one '@' before the "
                "host: write '@' in a user name or password as %40"
            )
        )
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                path = Path(parsed.database).expanduser()
                path.parent.mkdir(parents=True, exist_ok=True)
                _create_private(path)
            return _sqlite_engine(url)
        if parsed.get_backend_name() == "postgresql":
            return create_engine(
                url,
                pool_size=pool_size,
                max_overflow=pool_size * 2,
                pool_pre_ping=True,
                connect_args={"connect_timeout": 5},
            )
    except (ArgumentError, NoSuchModuleError, OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(mask_secrets(f"cannot use database URL {url!r}: {first}")) from None
    backend = parsed.get_backend_name()
    raise StoreError(f"unsupported database {backend!r}: use sqlite or postgresql")


def _create_private(path: Path) -> None:
    """A new SQLite store file readable by this account only (SQLite gives its -wal and
    -shm files the same mode). One PC, one trust domain: docs/security.md."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError:
        return  # not ours to create here (read-only folder...): SQLite will say why
    os.close(fd)


class Store:
    """A store and the hall it serves: sessions, transactions and the clock."""

    def __init__(
        self,
        url: str | None = None,
        *,
        hall: str | None = None,
        clock: Clock | None = None,
        engine: Engine | None = None,
        pool_size: int = 5,
    ) -> None:
        self.url = normalise_url(url or default_url())
        self.engine = engine or make_engine(self.url, pool_size=pool_size)
        self.hall_code = hall
        self.clock: Clock = clock or SystemClock()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_engine = self.engine.execution_options(hallq_readonly=True)
        self._read_sessions = sessionmaker(self._read_engine, expire_on_commit=False)
        self._hall_id: int | None = None
        # Small read-mostly facts the use cases keep (see shared.services.common).
        self.cache: dict[str, Any] = {}
        # PostgreSQL: the clerk session this PC works under (shared.services.auth). Each
        # writing transaction hands it to the store, which resolves the acting clerk.
        self.clerk_token: str | None = None

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @property
    def is_postgres(self) -> bool:
        return self.backend == "postgresql"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One writing transaction (BEGIN IMMEDIATE on SQLite); commits on success."""
        with _translate_errors(), self._sessions() as session, session.begin():
            if self.is_postgres:
                self.hand_over_token(session, self.clerk_token)
            yield session

    def hand_over_token(self, session: Session, token: str | None) -> None:
        """Give the store a clerk session token (PostgreSQL), once per connection: this
        PC's at the start of each transaction, or one just opened in this transaction.

        The token lives in the connection's `hallq.session` setting; the store checks it
        on every use (open, not expired, opened by this role), so a stale one does
        nothing. Set at connection level, it costs no round trip per transaction; the
        setting is undone if this transaction rolls back, so it is forgotten then too.
        """
        conn = session.connection()
        info = conn.info
        wanted = token or ""
        if info.get("hallq_token", "") == wanted:
            return
        conn.exec_driver_sql("SELECT set_config('hallq.session', %(t)s, false)", {"t": wanted})
        info["hallq_token"] = wanted
        # A rollback undoes the SET: forget it, so the next transaction sets it again.
        event.listen(session, "after_rollback", lambda *_: info.pop("hallq_token", None), once=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A reading transaction; never takes SQLite's write lock."""
        with _translate_errors(), self._read_sessions() as session, session.begin():
            yield session

    def hall_id(self, session: Session) -> int:
        """The id of this store's hall: the named one, or the only one."""
        if self._hall_id is not None:
            return self._hall_id
        from sqlalchemy import select

        from shared.store.models import Hall

        if not inspect(session.connection()).has_table("hall"):
            raise StoreNotReady("the store has no schema yet: run `hallq db upgrade`")
        query = select(Hall.id, Hall.code)
        if self.hall_code:
            query = query.where(Hall.code == self.hall_code)
        rows = session.execute(query).all()
        if not rows:
            raise StoreNotReady(
                "the store holds no hall yet: run `hallq config apply HALL.toml`"
                if not self.hall_code
                else f"the store holds no hall {self.hall_code!r}"
            )
        if len(rows) > 1:
            raise StoreNotReady(
                "the store holds several halls: name one (" + ", ".join(r.code for r in rows) + ")"
            )
        self._hall_id = int(rows[0].id)
        return self._hall_id

    def ping(self) -> None:
        """Raise StoreUnavailable unless the store answers now."""
        with self.read() as session:
            session.connection().exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _translate_errors() -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        message = _first_line(exc)
        if message in ("database is locked", "database is busy"):
            raise StoreBusy(
                f"the store is busy: another program has held its write lock for over "
                f"{SQLITE_BUSY_MS // 1000} s (SQLite: {message}); it answers, so wait for that "
                "program to finish or close it (a stuck `sqlite3` shell or backup tool), "
                "then try again"
            ) from exc
        if "disk is full" in message or "No space left" in message:
            message += " (free disk space where the store's file lives; the change was not written)"
        raise StoreUnavailable(message) from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise StoreUnavailable(_first_line(exc)) from exc
        if getattr(exc.orig, "sqlstate", None) == "42501":
            # insufficient privilege: a grant, a row policy or a guard trigger said no.
            raise StoreRefused(f"the store refused: {_first_line(exc)}") from exc
        if isinstance(exc, DataError):  # a value past a column's size that slipped through
            raise StoreError(f"the store refused a value: {_first_line(exc)}") from exc
        raise


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return mask_secrets(text[0]) if text else type(orig).__name__
