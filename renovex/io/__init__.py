"""Inputs and outputs: articles from files and streams, record files (JSONL, CSV, Parquet), tables,
the incremental store, the Dask adapter and the HTML review.
"""
