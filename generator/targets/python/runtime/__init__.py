"""The runtime of every generated Python SDK: real modules, copied verbatim into the package."""
