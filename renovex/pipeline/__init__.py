"""The spaCy side: the tokenizer, the components that wrap the engines, Doc extensions and their
serialisation, and the runner (batches, long texts in pieces, the per-article time budget).
"""
