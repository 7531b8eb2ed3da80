"""The Python target: names, annotations, layout and rendering of the Python SDK."""
