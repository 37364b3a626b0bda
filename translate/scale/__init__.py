"""``glossmt translate --engine ray``: the same pass, its model replicated over a Ray cluster (the ``scale`` extra)."""
