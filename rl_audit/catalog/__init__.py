"""Data the whole program shares: document kinds, the OPD registry, the working-day calendar."""
