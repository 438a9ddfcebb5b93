"""Safe, stable names for identifiers and paths derived from report text.

Area names come from report text ("Brighton & Hove", "Bath/NE Somerset", "../x"), so anything
used in a file name or an identifier passes through :func:`slugify` first.
"""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
"""Names Windows refuses for files or folders, whatever the extension."""


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens: no separators, dots or spaces survive.

    >>> slugify("Brighton & Hove")
    'brighton-hove'
    >>> slugify("../etc/passwd")
    'etc-passwd'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    slug = slug[:max_length].rstrip("-") or "unnamed"
    if slug in _RESERVED:  # a name Windows keeps for a device; the suffix stays within the limit
        return f"{slug}-area"[: max(max_length, len("unnamed"))].rstrip("-")
    return slug
