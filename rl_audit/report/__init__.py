"""Reporters: each renders one already-computed object; none computes a finding."""
