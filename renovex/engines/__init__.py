"""The engines: places, times, quantities, terms, pack patterns, page furniture and the linker, in plain Python.

No module here imports spaCy; each works on a text and its offsets, so each can be tested alone.
"""
