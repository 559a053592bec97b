"""marshmallow fields for Graph's primitive wire types, strict and returning the value as sent.

marshmallow's own DateTime, Integer and Boolean coerce (``"1"`` becomes 1, a 7-digit fraction is
cut to 6); a contract-testing mock must instead reject what Graph rejects and echo what it keeps.

Every field here (and ``Nested`` and ``List`` as the schemas use them) takes a shorter way through
``deserialize`` when marshmallow's general one has nothing to do: no ``load_default``, no field
``pre_load``, no validators: the general way costs as much again (bench/README.md).
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from typing import Any

from marshmallow import ValidationError, fields, utils

# Edm.DateTimeOffset: an offset (Z or +hh:mm) is required; up to 7 fractional digits (.NET ticks).
DATETIME_OFFSET = re.compile(
    r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})\Z"
)
GUID_PATTERN = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\Z")
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


def parse_datetime_offset(value: str) -> datetime | None:
    """The aware datetime a DateTimeOffset string denotes, or None when it is not one."""
    match = DATETIME_OFFSET.match(value)
    if match is None:
        return None
    whole, fraction, offset = match.groups()
    # Python keeps microseconds: ".1234567" (.NET ticks) is read as ".123456".
    micro = f".{(fraction[1:] + '00000')[:6]}" if fraction else ""
    text = whole + micro + ("+00:00" if offset == "Z" else offset)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


class StrictField(fields.Field):
    """A field whose ``deserialize`` is ``_deserialize`` plus the null check, when that is all
    marshmallow's would do (no missing value, no field ``pre_load``, no validators)."""

    def deserialize(
        self, value: Any, attr: str | None = None, data: Any = None, **kwargs: Any
    ) -> Any:
        if value is utils.missing or getattr(self, "pre_load", None) or self.validators:
            return super().deserialize(value, attr, data, **kwargs)
        if value is None:
            if self.allow_none:
                return None
            raise self.make_error("null")
        return self._deserialize(value, attr, data, **kwargs)


class Nested(StrictField, fields.Nested):
    """marshmallow's Nested, with the shorter ``deserialize``."""


class List(StrictField, fields.List):
    """marshmallow's List, with the shorter ``deserialize``; a JSON array skips the general
    collection test (which calls ``inspect``)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        if type(value) is not list:
            return super()._deserialize(value, attr, data, **kwargs)
        result, errors = [], {}
        for index, each in enumerate(value):  # as fields.List does
            try:
                result.append(self.inner.deserialize(each, **kwargs))
            except ValidationError as error:
                if error.valid_data is not None:
                    result.append(error.valid_data)
                errors[index] = error.messages
        if errors:
            raise ValidationError(errors, valid_data=result)
        return result


class String(StrictField):
    """Edm.String: a JSON string, nothing else."""

    default_error_messages = {"invalid": "Not a valid string."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        return value


class Int32(StrictField):
    """Edm.Int32: a JSON integer (not a boolean, not a string) within 32 bits."""

    default_error_messages = {
        "invalid": "Not a valid Int32.",
        "range": "Int32 out of range.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        if not INT32_MIN <= value <= INT32_MAX:
            raise self.make_error("range")
        return value


class Bool(StrictField):
    """Edm.Boolean: JSON true or false only."""

    default_error_messages = {"invalid": "Not a valid Boolean."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class DateTimeOffset(StrictField):
    """Edm.DateTimeOffset, validated but kept as the exact string sent (7-digit fractions too)."""

    default_error_messages = {
        "invalid": "Not a valid DateTimeOffset (expected e.g. 2017-01-01T00:00:59.0982804+03:00).",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str) or parse_datetime_offset(value) is None:
            raise self.make_error("invalid")
        return value


class Base64(StrictField):
    """Edm.Stream sent in JSON: a base64 string (standard or URL-safe alphabet), kept as sent."""

    default_error_messages = {"invalid": "Not a valid base64 string."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str) or decode_base64(value) is None:
            raise self.make_error("invalid")
        return value


def decode_base64(value: str) -> bytes | None:
    """The bytes a base64 string holds (padding optional, either alphabet), or None."""
    text = value.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


class Guid(StrictField):
    """Edm.Guid, validated and kept as sent."""

    default_error_messages = {"invalid": "Not a valid GUID."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str) or GUID_PATTERN.match(value) is None:
            raise self.make_error("invalid")
        return value


class EnumMember(StrictField):
    """A Graph enum: one member name, exactly as the schema spells it."""

    default_error_messages = {"invalid": "Not a valid {enum} value; allowed: {members}."}

    def __init__(self, enum_name: str, members: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.enum_name = enum_name
        self.members = frozenset(members)
        self.member_list = ", ".join(members)

    def _fail(self) -> Exception:
        return self.make_error("invalid", enum=self.enum_name, members=self.member_list)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str) or value not in self.members:
            raise self._fail()
        return value


class FlagsEnum(EnumMember):
    """A flags enum: ``"a,b"`` (how the SDK reads it) or ``["a", "b"]``, kept as sent."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            names = [name.strip() for name in value.split(",")]
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            names = value
        else:
            raise self._fail()
        if not all(name in self.members for name in names):
            raise self._fail()
        return value
