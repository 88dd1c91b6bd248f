"""Ingest stage: spreadsheet files → recognised, normalised documents.

read → layout → kinds → opd → normalise; `ingest_paths` runs the whole stage.
"""
