"""Take your data and leave: export everything a user owns, delete it, import it back.

The export is one JSON object: every user-owned table's rows (all columns but
`user_id`), keyed by table name. Import restores rows under the importing user,
keeping ids so links between rows (attempt → session, story → work entry) hold.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Column,
    CursorResult,
    Integer,
    String,
    Table,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from intervoo import __version__
from intervoo.store.errors import ExportFormatError, ImportConflictError
from intervoo.store.models import DERIVED_TABLES, USER_TABLES, Base, UserRow
from intervoo.store.types import UTCDateTime, utcnow
from intervoo.userdata.import_checks import check_rows

EXPORT_FORMAT = "intervoo-export"
EXPORT_VERSION = 1
_USER_FIELDS = ("email", "display_name", "created_at")
_EXPECTED = (
    (Boolean, bool, "true or false"),
    (Integer, int, "an integer"),
    (String, str, "a string"),
)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def export_user_data(session: Session, user_id: str) -> dict[str, Any]:
    """Everything `user_id` owns, as a JSON-ready dict (no password hash)."""
    user = session.get(UserRow, user_id)
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in USER_TABLES:
        table = _table(name)
        query = select(table).where(table.c.user_id == user_id).order_by(table.c.id)
        tables[name] = [
            {key: _json_value(value) for key, value in row.items() if key != "user_id"}
            for row in session.execute(query).mappings()
        ]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": utcnow().isoformat(),
        "intervoo_version": __version__,
        "user": {f: _json_value(getattr(user, f)) for f in _USER_FIELDS} if user else None,
        "tables": tables,
    }


def count_user_data(session: Session, user_id: str) -> dict[str, int]:
    counts = {}
    for name in USER_TABLES:
        table = _table(name)
        query = select(func.count()).select_from(table).where(table.c.user_id == user_id)
        counts[name] = session.execute(query).scalar_one()
    return counts


def delete_user_data(session: Session, user_id: str) -> dict[str, int]:
    """Remove every row `user_id` owns (the account itself stays); returns counts per table."""
    deleted = {}
    # Children first, so no row goes by cascade and each DELETE's rowcount is the whole count.
    for name in (*DERIVED_TABLES, *reversed(USER_TABLES)):
        table = _table(name)
        result = session.execute(delete(table).where(table.c.user_id == user_id))
        deleted[name] = cast(CursorResult[Any], result).rowcount
    return {name: deleted[name] for name in USER_TABLES}


def import_user_data(session: Session, user_id: str, data: Any) -> dict[str, int]:
    """Restore an export into an account that holds no data yet; returns counts per table."""
    tables = _check_export(data)
    if any(count_user_data(session, user_id).values()):
        raise ImportConflictError(
            "this account already has data: export it if you want to keep it, "
            "run `intervoo data delete --yes`, then import"
        )
    rows = {
        name: [_row_values(name, row, user_id) for row in tables.get(name, [])]
        for name in USER_TABLES
    }
    check_rows(rows)  # all or nothing: every row is checked before the first is written
    try:
        for name in USER_TABLES:
            if rows[name]:
                session.execute(insert(_table(name)), rows[name])
        session.flush()
    except DataError as exc:  # what no check above foresaw (a JSON value PostgreSQL refuses)
        raise ExportFormatError(
            f"the database refused a value of the export ({type(exc.orig).__name__}); "
            "nothing was imported"
        ) from None
    except IntegrityError as exc:
        raise ImportConflictError(
            "the export's rows collide with rows already in this database "
            f"(was it imported into another account?): {type(exc.orig).__name__}"
        ) from None
    return {name: len(rows[name]) for name in USER_TABLES}


def _check_export(data: Any) -> dict[str, list[Any]]:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ExportFormatError('not an Intervoo export (no "format": "intervoo-export")')
    if data.get("version") != EXPORT_VERSION:
        raise ExportFormatError(
            f"export version {data.get('version')!r} is not supported (expected {EXPORT_VERSION})"
        )
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise ExportFormatError('the export has no "tables" object')
    unknown = set(tables) - set(USER_TABLES)
    if unknown:
        raise ExportFormatError(f"unknown tables in the export: {', '.join(sorted(unknown))}")
    for name, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ExportFormatError(f"tables.{name} must be a list of objects")
    return tables


def _row_values(name: str, row: dict[str, Any], user_id: str) -> dict[str, Any]:
    table = _table(name)
    unknown = set(row) - set(table.c.keys()) - {"user_id"}
    if unknown:
        raise ExportFormatError(f"tables.{name}: unknown fields {', '.join(sorted(unknown))}")
    values = {"user_id": user_id}
    for column in table.c:
        if column.name == "user_id":
            continue
        if column.name not in row:
            if not column.nullable and column.default is None:
                raise ExportFormatError(f"tables.{name}: a row lacks {column.name!r}")
            if column.default is not None:  # filled now, so the checks see what is written
                values[column.name] = _default(column)
            continue
        values[column.name] = _coerce(name, column, row[column.name])
    return values


def _default(column: Column[Any]) -> Any:
    default = cast(Any, column.default)
    return default.arg(None) if default.is_callable else default.arg


def _coerce(table: str, column: Column[Any], value: Any) -> Any:
    """Check a value against its column's type; datetimes come back from ISO strings."""
    where = f"tables.{table}.{column.name}"
    if value is None:
        if not column.nullable:
            raise ExportFormatError(f"{where} must not be null")
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        try:
            parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise ExportFormatError(f"{where} must be an ISO date-time with a time zone")
        return parsed
    for sql_type, python_type, described in _EXPECTED:
        # bool is an int in Python, but not in an export.
        wrong = not isinstance(value, python_type) or (
            python_type is int and isinstance(value, bool)
        )
        if isinstance(kind, sql_type) and wrong:
            raise ExportFormatError(f"{where} must be {described}")
    if isinstance(value, str):
        length = getattr(kind, "length", None)
        if length is not None and len(value) > length:
            raise ExportFormatError(f"{where} is {len(value)} characters, at most {length}")
        if "\x00" in value:
            raise ExportFormatError(f"{where} contains a NUL character")
    return value
