"""The targets: each turns the language-neutral model into an SDK in one language."""
