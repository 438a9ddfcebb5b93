"""Reference: the single sources of truth every step may read.

The column codebook and its rules (``codebook.toml``, loaded by :mod:`.codebook`), and the
small helpers several steps share: safe names (:func:`.names.slugify`), the one sentence
splitter (:func:`.sentences.split_sentences`) and the one better/worse/same rule
(:func:`.directions.direction`). Nothing here imports a later step.
"""
