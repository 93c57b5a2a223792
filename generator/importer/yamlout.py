"""YAML written in the standards files' own style: block mappings and lists, texts and small mappings
on one line (``{zh: "…", en: ""}``), every string double-quoted (ids, numbers-as-labels, Chinese:
nothing a YAML reader could take for a number, a date or a tag), numbers as numbers."""
from __future__ import annotations

import json
from typing import Any

_FLOW_MAX = 110  # a small mapping of scalars fits on one line up to this width


def scalar(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(str(v), ensure_ascii=False)


def _key(k: str) -> str:
    return k if k.replace("_", "").isalnum() and k.isascii() else json.dumps(k, ensure_ascii=False)


def _flow(v: Any) -> str | None:
    """A mapping or list of scalars on one line, or None when it does not fit."""
    if isinstance(v, dict) and all(not isinstance(x, (dict, list)) or _flow(x) for x in v.values()):
        text = "{" + ", ".join(f"{_key(k)}: {_flow(x) if isinstance(x, (dict, list)) else scalar(x)}"
                               for k, x in v.items()) + "}"
    elif isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v):
        text = "[" + ", ".join(scalar(x) for x in v) + "]"
    else:
        return None
    is_text = isinstance(v, dict) and set(v) <= {"zh", "en"}
    return text if is_text or len(text) <= _FLOW_MAX else None


def _small(d: dict) -> bool:
    """A list item written on one line: a text, or scalars and texts only ({id, title: {zh, en}})."""
    return all(not isinstance(x, (dict, list)) or (isinstance(x, dict) and set(x) <= {"zh", "en"})
               for x in d.values())


def _lines(v: Any, indent: int) -> list[str]:
    pad = " " * indent
    out = []
    if isinstance(v, dict):
        for k, x in v.items():
            one = _flow(x) if isinstance(x, (dict, list)) else scalar(x)
            if one is not None:
                out.append(f"{pad}{_key(k)}: {one}")
            else:
                out.append(f"{pad}{_key(k)}:")
                out += _lines(x, indent + 2)
    elif isinstance(v, list):
        for x in v:
            one = _flow(x) if isinstance(x, (dict, list)) else scalar(x)
            if one is not None and (not isinstance(x, dict) or _small(x)):
                out.append(f"{pad}- {one}")
                continue
            inner = _lines(x, indent + 2)
            out.append(f"{pad}- {inner[0].lstrip()}")
            out += inner[1:]
    return out


def dump(data: dict, comment: str = "") -> str:
    head = "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    return head + "\n".join(_lines(data, 0)) + "\n"
