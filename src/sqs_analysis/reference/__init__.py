"""Reference: the single sources of truth every step may read.

The column codebook and its rules (``codebook.toml``, loaded by :mod:`.codebook`), the area
lookup (``areas.toml`` and ``authorities.toml``, loaded by :mod:`.areas`), the headings every
letter has (:mod:`.headings`, which the parser and the readers both go by), and the small
helpers several steps share: safe names (:func:`.names.slugify`), the one sentence splitter
(:func:`.sentences.split_sentences`) and the one better/worse/same rule
(:func:`.directions.direction`). Nothing here imports a later step.
"""
