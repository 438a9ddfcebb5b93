"""Test equipment that writes inputs for the tests and benchmarks (not part of the product)."""
