"""Generators of test inputs (kept out of the package: they are not part of what it installs)."""
