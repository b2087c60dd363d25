"""`@override`, the marker on methods that replace a base class's (Qt's paintEvent, eventFilter and so on).

mypy checks it (`explicit-override` in pyproject.toml), so a renamed Qt method cannot go unnoticed. At run time
it does nothing the kiosk needs, and on Python 3.11 it lives in typing_extensions, whose import costs every start
about 7 ms and 1.2 MB: there it is a plain pass-through. Python 3.12 has it in `typing`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TypeVar

if sys.version_info >= (3, 12):
    from typing import override
elif TYPE_CHECKING:
    from typing_extensions import override
else:
    _Method = TypeVar("_Method")

    def override(method: _Method, /) -> _Method:
        return method


__all__ = ["override"]
