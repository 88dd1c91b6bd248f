"""Annotated copies of the input workbooks (`check --annotate DIR`)."""
