"""The apps ask use cases and queries (shared/services); they never read the store themselves.

Every import in kiosk/, counter/ and display/ is walked, those inside functions too: none
may name SQLAlchemy, the store's models or any other store module that speaks SQL, nor the
services' statements. `shared.store.db` stays allowed: it is the Store handle the apps pass
to the use cases, and the errors they show.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("kiosk", "counter", "display")
# The one store module an app may import (Store, its errors, log masking).
ALLOWED_STORE = {"shared.store.db"}
# Modules of SQL statements under shared/services: the use cases' own tools.
SQL_MODULES = {"shared.services.statements", "shared.services.compiled"}
# Opening a transaction: `with store.read() as session` and its kin.
SESSION_OPENERS = {"read", "write", "connect", "begin"}


def _forbidden(module: str) -> bool:
    def within(package: str) -> bool:
        return module == package or module.startswith(package + ".")

    if within("sqlalchemy"):
        return True
    if within("shared.store") and not any(within(m) for m in ALLOWED_STORE):
        return True
    return any(within(m) for m in SQL_MODULES)


def _imported(node: ast.AST) -> list[str]:
    """The full name of everything an import statement imports (`from a import b`: a.b)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def _sources() -> list[Path]:
    return [path for app in APPS for path in sorted((ROOT / app).rglob("*.py"))]


def bad_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(ROOT).as_posix()
    found = []
    for node in ast.walk(tree):
        for module in _imported(node):
            if _forbidden(module):
                found.append(f"{rel}:{node.lineno}: imports {module}")
                break
    return found


def sessions_opened(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(ROOT).as_posix()
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.With, ast.AsyncWith)):
            continue
        for item in node.items:
            call = item.context_expr
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr in SESSION_OPENERS
            ):
                found.append(f"{rel}:{node.lineno}: with ….{call.func.attr}()")
    return found


def test_the_walk_sees_every_app_and_nested_imports() -> None:
    sources = _sources()
    assert {p.relative_to(ROOT).parts[0] for p in sources} == set(APPS)
    assert len(sources) > 40
    nested = ast.parse("def f():\n    from sqlalchemy.orm import Session\n")
    assert [m for n in ast.walk(nested) for m in _imported(n)] == ["sqlalchemy.orm.Session"]


def test_forbidden_modules() -> None:
    assert _forbidden("sqlalchemy")
    assert _forbidden("sqlalchemy.orm")
    assert _forbidden("shared.store.models")
    assert _forbidden("shared.store.roles")
    assert _forbidden("shared.services.statements")
    # `from shared.store import models` names shared.store.models
    assert any(
        _forbidden(m) for m in _imported(ast.parse("from shared.store import models").body[0])
    )
    assert not _forbidden("shared.store.db")
    assert not _forbidden("shared.store.db.Store")
    assert not _forbidden("shared.services.queries")
    assert not _forbidden("sqlalchemyish")


def test_apps_import_no_sqlalchemy_and_no_store_models() -> None:
    found = [line for path in _sources() for line in bad_imports(path)]
    assert not found, "ask a use case or a query in shared/services instead:\n" + "\n".join(found)


def test_apps_open_no_store_session() -> None:
    found = [line for path in _sources() for line in sessions_opened(path)]
    assert not found, "the read belongs in shared/services:\n" + "\n".join(found)
