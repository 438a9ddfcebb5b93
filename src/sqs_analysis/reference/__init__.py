"""Reference: the single sources of truth every step may read.

The column codebook (``codebook.toml``, loaded by :mod:`.codebook`), the area lookup
(``areas.toml`` and ``authorities.toml``, loaded by :mod:`.areas`) and the small helpers
several steps share, such as :func:`.names.slugify`. Nothing here imports a later step.
"""
