"""Work over many records: the fact table (consolidate), syndicated copies, and scoring against gold.
"""
