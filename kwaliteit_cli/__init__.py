"""kwaliteit: guide a *kwaliteitsgesprek over data* and keep its minutes."""

__version__ = "0.1.0"
