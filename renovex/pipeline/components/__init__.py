"""spaCy components of renovex; each is a factory named ``renovex_...``."""
