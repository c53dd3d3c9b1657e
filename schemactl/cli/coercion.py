"""Command-line values converted without pydantic, for the option types schemactl uses.

typer converts every non-flag option through a pydantic TypeAdapter; importing pydantic and building
the adapters costs 60-90 ms on each command, more than the rest of a small command's work. The
converters here do what typer's adapters do for the types schemactl declares (str, Path, enum
choices, flags, plain decimal int and float, lists of those), calling typer's own pure-Python
helpers for paths and choices. Anything
else, and every value one of them refuses, goes to typer's adapter, so the result and every error
message stay exactly typer's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Context, Parameter
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path, lenient_issubclass
from typer.core import _TyperParameter
from typer.models import ParameterInfo

# A converter returns the converted value, or raises _RefusedError to hand the value to typer's adapter.
Converter = Callable[[Any, "_TyperParameter", Context], Any]


class _RefusedError(Exception):
    """The value is not one the fast converter is sure of: typer's adapter decides (and words the error)."""


@dataclass(frozen=True)
class FastRuntimeParam(RuntimeParam):
    """typer's RuntimeParam for one parameter: the fast converter first, typer's adapter otherwise."""

    descriptor: TypeDescriptor
    converter: Converter
    fallback: list[RuntimeParam] = field(default_factory=list)  # typer's, built on first need

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            return self.converter(value, param, ctx)
        except _RefusedError:
            if not self.fallback:
                self.fallback.append(build_runtime_param(self.descriptor))
            return self.fallback[0]._coerce_value(value, param=param, ctx=ctx)


def fast_runtime_param(descriptor: TypeDescriptor) -> FastRuntimeParam | None:
    converter = converter_for(descriptor)
    if converter is None:
        return None
    return FastRuntimeParam(descriptor.parameter_info, descriptor.annotation, descriptor, converter)


def converter_for(descriptor: TypeDescriptor) -> Converter | None:
    """The fast converter for a parameter's type, or None when only typer's adapter handles it."""
    if descriptor.file_annotation is not None:
        return None
    return _converter(descriptor.annotation, descriptor.parameter_info)


def _converter(annotation: Any, info: ParameterInfo) -> Converter | None:
    if info.parser is not None:
        return None
    if get_origin(annotation) is list:
        (item_type,) = get_args(annotation)
        item = _converter(item_type, info)
        return None if item is None else _list_of(item)
    if get_origin(annotation) is not None:
        return None
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation in (int, float) and info.min is None and info.max is None:
        return _number(annotation)
    if lenient_issubclass(annotation, Enum):
        return _choice(tuple(annotation), info.case_sensitive)
    if annotation is Path and info.path_type is None:
        return _path(info)
    return None


def _text(value: Any, param: _TyperParameter, ctx: Context) -> Any:
    if isinstance(value, str):
        return value
    raise _RefusedError


def _flag(value: Any, param: _TyperParameter, ctx: Context) -> Any:
    if isinstance(value, bool):
        return value
    raise _RefusedError


_DIGITS = re.compile(r"[0-9]{1,15}")  # plain decimal digits: int() and float() read them as typer's adapter does
_DECIMAL = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")


def _number(kind: type[int] | type[float]) -> Converter:
    pattern = _DIGITS if kind is int else _DECIMAL

    def convert(value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if isinstance(value, str) and pattern.fullmatch(value):
            return kind(value)
        raise _RefusedError

    return convert


def _choice(choices: tuple[Any, ...], case_sensitive: bool) -> Converter:
    def convert(value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)
        except ValueError:
            raise _RefusedError from None

    return convert


def _path(info: ParameterInfo) -> Converter:
    def convert(value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if not isinstance(value, str) or not value:
            raise _RefusedError
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)

    return convert


def _list_of(item: Converter) -> Converter:
    def convert(value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if not isinstance(value, (list, tuple)):
            raise _RefusedError
        return [item(element, param, ctx) for element in value]

    return convert


class FastCoercion:
    """Mixin for click commands: their parameters (the help option included) use the fast converters."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        params: list[Parameter] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if isinstance(param, _TyperParameter) and param._runtime_param is None:
                param._runtime_param = fast_runtime_param(param.type_descriptor)
        return params
