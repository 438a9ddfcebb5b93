"""Reference data every step may read: the codebook, the area lookup."""
