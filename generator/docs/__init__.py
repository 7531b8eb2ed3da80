"""Docs: the markdown content of the generated docs pages and README."""
