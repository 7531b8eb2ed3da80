"""Versions: the SDK's public surface, its diff between specs, semver and the changelog."""
