"""Code generation targets: one package per language the SDK is generated in."""
