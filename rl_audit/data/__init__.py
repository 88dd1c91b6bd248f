"""Data files shipped with rl-audit: document kinds and the default OPD registry."""
