"""Small typed accessors that validate loaded TOML and name the place of a problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from kwaliteit_cli.errors import FileProblem

T = TypeVar("T")

_TYPE_NAMES = {
    str: "tekst",
    bool: "true of false",
    int: "een geheel getal",
    list: "een lijst",
    dict: "een tabel",
    dt.date: "een datum (JJJJ-MM-DD)",
    dt.datetime: "een tijdstip met tijdzone",
}


_MISSING: Any = object()


class Reader:
    """Reads one table of a loaded file, remembering where it is for error messages."""

    def __init__(
        self, data: Mapping[str, Any], path: Path, error: type[FileProblem], where: str = ""
    ) -> None:
        self.data = data
        self.path = path
        self.error = error
        self.where = where

    def place(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, problem: str, hint: str = "") -> NoReturn:
        raise self.error(self.path, problem, where=self.place(key), hint=hint)

    def _get(self, key: str, kind: type[T], default: T | None, required: bool) -> T | None:
        value = self.data.get(key, _MISSING)
        if type(value) is kind:  # the usual case, decided at once (a session has many values)
            return value
        if value is _MISSING:
            if required:
                self.fail(key, "ontbreekt", hint=f"Voeg '{key}' toe.")
            return default
        ok = isinstance(value, kind)
        if kind is int and isinstance(value, bool):
            ok = False
        if kind is dt.date and isinstance(value, dt.datetime):
            ok = False
        if not ok:
            self.fail(key, f"moet {_TYPE_NAMES.get(kind, kind.__name__)} zijn")
        return value  # type: ignore[no-any-return]

    def text(self, key: str, default: str = "", *, required: bool = False) -> str:
        return self._get(key, str, default, required) or ""

    def flag(self, key: str, default: bool = False, *, required: bool = False) -> bool:
        value = self._get(key, bool, default, required)
        return bool(value)

    def number(self, key: str, default: int = 0, *, required: bool = False) -> int:
        value = self._get(key, int, default, required)
        return int(value or 0)

    def opt_int(self, key: str) -> int | None:
        return self._get(key, int, None, False)

    def day(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if isinstance(value, str) and value:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.fail(key, f"'{value}' is geen datum", hint="Schrijf een datum als 2026-11-28.")
        return self._get(key, dt.date, None, required)

    def moment(self, key: str, *, required: bool = False) -> dt.datetime | None:
        value = self._get(key, dt.datetime, None, required)
        if value is not None and value.tzinfo is None:
            self.fail(
                key, "mist een tijdzone", hint="Schrijf een tijdstip als 2026-11-28T14:00:00+01:00."
            )
        return value

    def table(self, key: str, *, required: bool = False) -> Reader:
        value = self._get(key, dict, {}, required)
        return Reader(value or {}, self.path, self.error, self.place(key))

    def tables(self, key: str) -> list[Reader]:
        items = self._get(key, list, [], False) or []
        readers = []
        for index, item in enumerate(items):
            where = f"{self.place(key)}[{index + 1}]"
            if not isinstance(item, dict):
                raise self.error(self.path, "moet een tabel zijn", where=where)
            readers.append(Reader(item, self.path, self.error, where))
        return readers

    def strs(self, key: str) -> list[str]:
        items = self._get(key, list, [], False) or []
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise self.error(
                    self.path, "moet tekst zijn", where=f"{self.place(key)}[{index + 1}]"
                )
        return list(items)

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key, default or "", required=default is None)
        if value not in options:
            self.fail(
                key,
                f"'{value}' is geen geldige waarde",
                hint="Kies uit: " + ", ".join(options) + ".",
            )
        return value

    def reject_unknown(self, known: set[str] | frozenset[str]) -> None:
        if self.data.keys() <= known:
            return
        for key in self.data:
            if key not in known:
                self.fail(
                    key, "is een onbekende sleutel", hint="Verwijder hem of controleer de spelling."
                )

    def map(self, key: str, parse: Callable[[Reader], T]) -> list[T]:
        return [parse(item) for item in self.tables(key)]
