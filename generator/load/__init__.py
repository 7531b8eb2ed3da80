"""Load: read the spec and every file its $refs reach, resolve and validate them."""
