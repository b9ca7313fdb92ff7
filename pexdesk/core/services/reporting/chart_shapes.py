"""The charts' rectangles, lines and strings, made at the cost of a dict.

reportlab's shape constructors read each default from ``STATE_DEFAULTS`` (a mapping whose
every read calls a check) and then set the given properties in a further call: making a
chart's shape cost as much as painting it, and a bilan d'activité makes some 900. A shape
is a plain bag of attributes, which reportlab's own ``setProperties`` fills the same way:
each is made here as a copy of the attributes its constructor gave a first one, with the
given ones over them; it holds the same attributes with the same values.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Line, Rect, String

_RECT = dict(vars(Rect(0, 0, 0, 0)))
_LINE = dict(vars(Line(0, 0, 0, 0)))
_STRING = dict(vars(String(0, 0, "")))


def _made(kind: type, defaults: dict, attributes: dict):
    shape = object.__new__(kind)
    shape.__dict__.update(defaults)
    shape.__dict__.update(attributes)
    return shape


def rect(x: float, y: float, width: float, height: float, **properties) -> Rect:
    """``Rect(x, y, width, height, **properties)`` (square corners)."""
    return _made(Rect, _RECT, dict(properties, x=x, y=y, width=width, height=height))


def line(x1: float, y1: float, x2: float, y2: float, **properties) -> Line:
    """``Line(x1, y1, x2, y2, **properties)``."""
    return _made(Line, _LINE, dict(properties, x1=x1, y1=y1, x2=x2, y2=y2))


def string(x: float, y: float, text: str, **properties) -> String:
    """``String(x, y, text, **properties)``."""
    return _made(String, _STRING, dict(properties, x=x, y=y, text=text))
