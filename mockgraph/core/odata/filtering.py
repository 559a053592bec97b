"""$filter: parsed by odata-query, checked against the properties, compiled to a predicate."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from typing import Any, NoReturn, cast
from uuid import UUID

from odata_query import ast
from odata_query import exceptions as odata_exceptions
from odata_query.grammar import ODataLexer, ODataParser
from odata_query.visitor import NodeVisitor

from mockgraph.config import DEFAULTS
from mockgraph.core.errors import BadRequestError
from mockgraph.core.model.collections import COLLECTION_KIND

MAX_FILTER_LENGTH: int = DEFAULTS["MOCKGRAPH_MAX_FILTER_LENGTH"]
MAX_FILTER_NODES: int = DEFAULTS["MOCKGRAPH_MAX_FILTER_NODES"]


@dataclass(frozen=True)
class FilterLimits:
    """How long and how complex a $filter may be (configurable per app)."""

    length: int = MAX_FILTER_LENGTH
    nodes: int = MAX_FILTER_NODES


Item = Mapping[str, Any]
Getter = Callable[[Item], Any]
Predicate = Callable[[Item], bool]

# Expression types carry OData's names so that messages read like Graph's own.
STRING = "Edm.String"
INT32 = "Edm.Int32"
INT64 = "Edm.Int64"
DOUBLE = "Edm.Double"
BOOLEAN = "Edm.Boolean"
DATETIME = "Edm.DateTimeOffset"
GUID = "Edm.Guid"
NULL = "null"
_NUMBERS = frozenset({INT32, INT64, DOUBLE})
_KIND_TYPES = {
    "string": STRING,
    "enum": STRING,
    "flags": STRING,
    "int32": INT32,
    "bool": BOOLEAN,
    "datetime": DATETIME,
    "guid": GUID,
}

_INSTANT = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2})(:\d{2})?(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?"
)


def parse_instant(text: str) -> datetime | None:
    """An ISO 8601 date-time (any fraction length, offset or Z) as an aware datetime."""
    match = _INSTANT.fullmatch(text)
    if match is None:
        return None
    date, hours_minutes, seconds, fraction, offset = match.groups()
    # Graph writes 7 fractional digits; Python keeps 6, so the 100 ns digit is dropped.
    micros = (fraction or "")[:6].ljust(6, "0")
    zone = "+00:00" if offset is None or offset in "Zz" else offset
    try:
        return datetime.fromisoformat(f"{date}T{hours_minutes}{seconds or ':00'}.{micros}{zone}")
    except ValueError:
        return None


def _instant(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return parse_instant(value) if isinstance(value, str) else None


def _guid(value: Any) -> UUID | None:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _flags(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    return _text(value)


def _number(value: Any) -> int | float | None:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return value if is_number else None


def _boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


_NORMALIZERS: dict[str, Callable[[Any], Any]] = {
    "string": _text,
    "enum": _text,
    "flags": _flags,
    "int32": _number,
    "bool": _boolean,
    "datetime": _instant,
    "guid": _guid,
}


def normalize(value: Any, kind: str) -> Any:
    """A stored wire value as a comparable Python value; None when absent or of the wrong type."""
    normalizer = _NORMALIZERS.get(kind)
    # A value the schema should have rejected compares as null rather than failing with a 500.
    return normalizer(value) if normalizer else None


def invalid(detail: str) -> BadRequestError:
    """The 400 for a $filter that cannot be used."""
    return BadRequestError(f"Invalid filter clause: {detail}")


@dataclass(frozen=True)
class _Expr:
    type: str
    get: Getter
    text: str
    const: bool = False


def _literal(type_: str, value: Any, text: str) -> _Expr:
    return _Expr(type_, lambda _item: value, text, const=True)


def _dotted(identifier: ast.Identifier) -> str:
    """The identifier with its namespace, as written."""
    return ".".join((*identifier.namespace, identifier.name))


def _family(type_: str) -> str:
    return "number" if type_ in _NUMBERS else type_


def _as_guid(expr: _Expr) -> _Expr:
    """A string expression compared with a GUID, read as a GUID."""
    if expr.type != STRING:
        return expr
    if expr.const:
        value = _guid(expr.get({}))
        if value is None:
            raise invalid(f"{expr.text} is not a valid Edm.Guid value.")
        return _literal(GUID, value, expr.text)
    get = expr.get
    return _Expr(GUID, lambda item: _guid(get(item)), expr.text)


def _unify(left: _Expr, right: _Expr, op_name: str) -> tuple[_Expr, _Expr]:
    """The two operands made comparable, or a 400 naming both types."""
    if NULL in (left.type, right.type) or _family(left.type) == _family(right.type):
        return left, right
    if {left.type, right.type} == {GUID, STRING}:
        return _as_guid(left), _as_guid(right)
    raise invalid(
        "A binary operator with incompatible types was detected. Found operand types "
        f"'{left.type}' and '{right.type}' for operator kind '{op_name}' "
        f"(comparing {left.text} with {right.text})."
    )


def _comparison(op: Callable[[Any, Any], bool], left: Getter, right: Getter) -> Getter:
    ordering = op not in (operator.eq, operator.ne)

    def get(item: Item) -> bool:
        a, b = left(item), right(item)
        # eq/ne treat null as a value; an ordering against null is simply false.
        if ordering and (a is None or b is None):
            return False
        return bool(op(a, b))

    return get


def _and(left: Getter, right: Getter) -> Getter:
    def get(item: Item) -> bool | None:
        a = left(item)
        if a is False:
            return False
        b = right(item)
        return False if b is False else None if None in (a, b) else True

    return get


def _or(left: Getter, right: Getter) -> Getter:
    def get(item: Item) -> bool | None:
        a = left(item)
        if a is True:
            return True
        b = right(item)
        return True if b is True else None if None in (a, b) else False

    return get


def _not(operand: Getter) -> Getter:
    def get(item: Item) -> bool | None:
        value = operand(item)
        return None if value is None else not value

    return get


def _call(impl: Callable[..., Any], args: list[Getter]) -> Getter:
    def get(item: Item) -> Any:
        values = [arg(item) for arg in args]
        # OData functions propagate null rather than failing.
        return None if None in values else impl(*values)

    return get


_COMPARATORS: dict[type[ast._Comparator], tuple[str, Callable[[Any, Any], bool]]] = {
    ast.Eq: ("Equal", operator.eq),
    ast.NotEq: ("NotEqual", operator.ne),
    ast.Lt: ("LessThan", operator.lt),
    ast.LtE: ("LessThanOrEqual", operator.le),
    ast.Gt: ("GreaterThan", operator.gt),
    ast.GtE: ("GreaterThanOrEqual", operator.ge),
}

_FUNCTIONS: dict[str, tuple[str, Callable[..., Any]]] = {
    "startswith": (BOOLEAN, str.startswith),
    "endswith": (BOOLEAN, str.endswith),
    "contains": (BOOLEAN, operator.contains),
    "tolower": (STRING, str.lower),
    "toupper": (STRING, str.upper),
    "length": (INT32, len),
}


class _Compiler(NodeVisitor):
    """Checks every node against the properties and returns it as a typed getter."""

    def __init__(self, properties: Mapping[str, str], type_name: str) -> None:
        self.properties = properties
        self.type_name = type_name

    def compile(self, node: ast._Node) -> _Expr:
        """The node as a typed getter."""
        return cast(_Expr, self.visit(node))

    def condition(self, node: ast._Node, where: str) -> _Expr:
        """The node, which must be boolean."""
        expr = self.compile(node)
        if expr.type != BOOLEAN:
            raise invalid(f"{where} must be a boolean expression, not {expr.type} ({expr.text}).")
        return expr

    def generic_visit(self, node: ast._Node) -> NoReturn:
        if isinstance(node, ast._Literal):
            raise invalid(f"Edm.{type(node).__name__} literals are not supported.")
        raise invalid(f"{type(node).__name__} expressions are not supported.")

    def visit_Identifier(self, node: ast.Identifier) -> _Expr:
        name = _dotted(node)
        kind = self.properties.get(name)
        if kind is None:
            raise invalid(f"Could not find a property named '{name}' on type '{self.type_name}'.")
        if kind not in _KIND_TYPES:
            what = "a collection" if kind == COLLECTION_KIND else "of a complex type"
            raise invalid(f"Property '{name}' is {what} and cannot be used in $filter.")
        # The normalizer taken once here: this getter runs once per job the filter reads.
        norm = _NORMALIZERS.get(kind) or (lambda _value: None)
        return _Expr(_KIND_TYPES[kind], lambda item: norm(item.get(name)), name)

    def visit_Attribute(self, node: ast.Attribute) -> NoReturn:
        raise invalid(f"Property paths such as '.../{node.attr}' are not supported in $filter.")

    def visit_CollectionLambda(self, node: ast.CollectionLambda) -> NoReturn:
        raise invalid("The lambda operators 'any' and 'all' are not supported.")

    def visit_BinOp(self, node: ast.BinOp) -> NoReturn:
        raise invalid("Arithmetic operators (add, sub, mul, div, mod) are not supported.")

    def visit_List(self, node: ast.List) -> NoReturn:
        raise invalid("A list of values is only allowed on the right of 'in'.")

    def visit_Null(self, node: ast.Null) -> _Expr:
        return _literal(NULL, None, "null")

    def visit_Boolean(self, node: ast.Boolean) -> _Expr:
        return _literal(BOOLEAN, node.py_val, node.val)

    def visit_Integer(self, node: ast.Integer) -> _Expr:
        value = node.py_val
        return _literal(INT32 if -(2**31) <= value < 2**31 else INT64, value, node.val)

    def visit_Float(self, node: ast.Float) -> _Expr:
        return _literal(DOUBLE, node.py_val, node.val)

    def visit_String(self, node: ast.String) -> _Expr:
        quoted = node.val.replace("'", "''")
        return _literal(STRING, node.val, f"'{quoted}'")

    def visit_GUID(self, node: ast.GUID) -> _Expr:
        return _literal(GUID, node.py_val, node.val)

    def visit_DateTime(self, node: ast.DateTime) -> _Expr:
        value = parse_instant(node.val)
        if value is None:
            raise invalid(f"'{node.val}' is not a valid Edm.DateTimeOffset value.")
        return _literal(DATETIME, value, node.val)

    def visit_Compare(self, node: ast.Compare) -> _Expr:
        if isinstance(node.comparator, ast.In):
            return self._in(node)
        op_name, op = _COMPARATORS[type(node.comparator)]
        left, right = _unify(self.compile(node.left), self.compile(node.right), op_name)
        text = f"{left.text} {op_name} {right.text}"
        return _Expr(BOOLEAN, _comparison(op, left.get, right.get), text)

    def _in(self, node: ast.Compare) -> _Expr:
        left = self.compile(node.left)
        if not isinstance(node.right, ast.List):
            raise invalid("The right operand of 'in' must be a parenthesized list of values.")
        tests = []
        for value in node.right.val:
            lhs, rhs = _unify(left, self.compile(value), "In")
            tests.append(_comparison(operator.eq, lhs.get, rhs.get))
        return _Expr(BOOLEAN, lambda item: any(test(item) for test in tests), f"{left.text} in")

    def visit_BoolOp(self, node: ast.BoolOp) -> _Expr:
        word = "and" if isinstance(node.op, ast.And) else "or"
        left = self.condition(node.left, f"The left operand of '{word}'")
        right = self.condition(node.right, f"The right operand of '{word}'")
        combine = _and if word == "and" else _or
        return _Expr(BOOLEAN, combine(left.get, right.get), f"{left.text} {word} {right.text}")

    def visit_UnaryOp(self, node: ast.UnaryOp) -> _Expr:
        if not isinstance(node.op, ast.Not):
            raise invalid("Arithmetic operators (including unary '-') are not supported.")
        operand = self.condition(node.operand, "The operand of 'not'")
        return _Expr(BOOLEAN, _not(operand.get), f"not {operand.text}")

    def visit_Call(self, node: ast.Call) -> _Expr:
        name = _dotted(node.func)
        if name not in _FUNCTIONS:
            raise invalid(f"The function '{name}' is not supported.")
        result, impl = _FUNCTIONS[name]
        args = [self.compile(arg) for arg in node.args]
        for arg in args:
            if arg.type not in (STRING, NULL):
                detail = f"takes Edm.String arguments, not {arg.type} ({arg.text})"
                raise invalid(f"The function '{name}' {detail}.")
        text = f"{name}({', '.join(arg.text for arg in args)})"
        return _Expr(result, _call(impl, [arg.get for arg in args]), text)


# Operator tokens hang off their expression node; they are not counted separately.
_TOKENS = (
    ast._Comparator,
    ast._BoolOpToken,
    ast._UnaryOpToken,
    ast._BinOpToken,
    ast._CollectionOperator,
)


def _count_nodes(tree: ast._Node, limit: int) -> int:
    """How many operands and operators the tree has, counting no further than ``limit``."""
    count, stack = 0, [tree]
    # Iterative, so that a deep tree cannot exhaust the Python stack here.
    while stack and count <= limit:
        node = stack.pop()
        count += not isinstance(node, _TOKENS)
        for field in fields(node):
            value = getattr(node, field.name)
            children = value if isinstance(value, list) else [value]
            stack.extend(child for child in children if isinstance(child, ast._Node))
    return count


def _parse(text: str) -> ast._Node:
    """The odata-query AST for ``text``; every parser failure becomes a 400."""
    try:
        tree = ODataParser().parse(ODataLexer().tokenize(text.strip()))
    except odata_exceptions.TokenizingException as exc:
        index = getattr(exc.token, "index", 0)
        raise invalid(
            f"Unexpected character {text[index : index + 1]!r} at position {index}."
        ) from None
    except odata_exceptions.ParsingException as exc:
        if exc.token is None:
            raise invalid("Unexpected end of expression.") from None
        index = getattr(exc.token, "index", 0)
        raise invalid(
            f"Syntax error at position {index} near {text[index : index + 20]!r}."
        ) from None
    except odata_exceptions.ODataException as exc:
        raise invalid(f"{str(exc).rstrip('.')}.") from None
    except Exception:  # whatever the parser trips on is the client's query, not a 500
        raise invalid("The expression could not be parsed.") from None
    if not isinstance(tree, ast._Node):
        raise invalid("The expression is empty.")
    return tree


# Compiled filters by their text: a client polling with one $filter parses it once (measured:
# parsing was a fifth of a filtered list call). Predicates hold no state, so sharing is safe.
_COMPILED: dict[tuple[str, int, str, FilterLimits], tuple[Mapping[str, str], Predicate]] = {}
_COMPILED_MAX = 256


def compile_filter(
    text: str,
    properties: Mapping[str, str],
    type_name: str,
    limits: FilterLimits = FilterLimits(),  # noqa: B008 - frozen, shared safely
) -> Predicate:
    """A predicate over a wire dict for the $filter ``text``, checked now rather than per item."""
    key = (text, id(properties), type_name, limits)
    cached = _COMPILED.get(key)
    if cached is not None and cached[0] is properties:  # the same mapping, not a reused id
        return cached[1]
    predicate = _compile(text, properties, type_name, limits)
    if len(_COMPILED) >= _COMPILED_MAX:
        _COMPILED.clear()  # many distinct filters: start over (bounded, and rare)
    _COMPILED[key] = (properties, predicate)
    return predicate


def _compile(
    text: str, properties: Mapping[str, str], type_name: str, limits: FilterLimits
) -> Predicate:
    if len(text) > limits.length:
        raise invalid(f"The expression is longer than {limits.length} characters.")
    tree = _parse(text)
    if _count_nodes(tree, limits.nodes) > limits.nodes:
        raise invalid(f"The expression has more than {limits.nodes} nodes.")
    try:
        expr = _Compiler(properties, type_name).condition(tree, "$filter")
    except RecursionError:
        raise invalid("The expression is nested too deeply.") from None
    get = expr.get

    def predicate(item: Item) -> bool:
        return get(item) is True

    return predicate
