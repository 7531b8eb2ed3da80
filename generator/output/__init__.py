"""Output: formatting with black, the manifest, atomic writes."""
