"""Reference: the single sources of truth every step may read.

The column codebook (``codebook.toml``, loaded by :mod:`.codebook`) and the small helpers
several steps share, such as :func:`.names.slugify`. Nothing here imports a later step.
"""
