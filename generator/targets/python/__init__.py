"""The Python target: the generated package's runtime and how it is laid out."""
