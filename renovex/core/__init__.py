"""The core layer: records, the record schema, pack and data files, and helpers every layer shares.

Imports nothing else of renovex (the layer order is in docs/architecture.md; tests/test_layers.py checks it).
"""
