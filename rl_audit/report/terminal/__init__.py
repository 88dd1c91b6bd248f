"""The terminal reporters: the check report, inspect, history; inert text."""
