"""Translating many files: planning outputs (and resuming), one run per output folder, running, encodings."""
