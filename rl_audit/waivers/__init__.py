"""Accepted exceptions (waivers): reading, applying and appending them."""
