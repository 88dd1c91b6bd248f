"""Caches of read files and of rule evaluation, signed with the installation key."""
