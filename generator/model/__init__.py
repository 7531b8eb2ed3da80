"""Model: the language-neutral intermediate model and the readers that build it from the spec."""
