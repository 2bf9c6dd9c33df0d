"""Values kept in the process while the content version holds (`uebergang.lib.pagecache`).

What nearly every request reads and rarely changes — a municipality by its slug, a person's memberships
— is loaded once per process and content version. Every committed write of content retires it, as it
retires the cached pages. Each caller gets its own copy (unpickled), so changing it changes nobody
else's; nothing read from a lagging read replica is kept.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Hashable
from typing import TypeVar

from . import pagecache, replica

T = TypeVar("T")

# key → (content version, value); emptied when it grows past LIMIT (keys are slugs and ids).
_values: dict[Hashable, tuple[str, object]] = {}
LIMIT = 20_000


def shared(key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s value for `key`, the same object for every caller while the content version holds.

    For large values that are only read — a municipality's catalogue with its locations and categories,
    which the finder ranks on every question — where a copy per request would cost what loading costs.
    Callers must not change it.
    """
    version = pagecache.content_version()  # read first: a write meanwhile only makes the entry newer
    entry = _values.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]  # type: ignore[return-value]
    value = load()
    if not replica.reading_from_replica():  # a lagging replica would file old data under the new version
        if len(_values) >= LIMIT:
            _values.clear()
        _values[key] = (version, value)
    return value


def kept(key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s value for `key`, from the process while the content version holds: a copy of its own
    for each caller (kept pickled), so changing it changes nobody else's."""
    return pickle.loads(shared(key, lambda: pickle.dumps(load())))  # noqa: S301 - our own bytes
