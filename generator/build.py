"""The pipeline: spec -> validated document -> model -> rendered files -> final bytes.

``build`` returns the complete ``{path: bytes}`` map of the output folder, manifest
included, without writing anything. A Python file whose rendered body and bytes on
disk both match the manifest is taken from disk instead of being formatted again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from .config import Config
from .formatter import format_sources, formatter_id
from .load import Spec, load_spec, validate_spec
from .model import Api
from .parse import Settings, parse
from .render import RenderedFile, render
from .write import MANIFEST, Manifest, read_existing, sha256

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Build:
    api: Api
    files: dict[str, bytes]
    manifest: Manifest
    formatted: list[str]
    reused: int


def generator_version() -> str:
    try:
        return version("sdkgen")
    except PackageNotFoundError:
        return "0+local"


def load_and_parse(config: Config, old: Manifest, progress: Progress = lambda _: None) -> tuple[Spec, Api]:
    progress("loading the spec")
    spec = load_spec(config.spec)
    if old.validated != spec.sha256():
        progress("validating the spec")
        validate_spec(spec)
    progress("building the model")
    settings = Settings(
        package=config.package,
        project_name=config.project_name,
        version=config.version,
        env_prefix=config.env_prefix,
        lenient=config.lenient,
        pagination=config.pagination,
    )
    return spec, parse(spec, settings)


def build(config: Config, progress: Progress = lambda _: None, *, format_changed: bool = True) -> Build:
    """Everything the output folder should contain.

    With ``format_changed`` false (the drift check), files that would need the
    formatter are compared by their rendered hash alone and returned as None.
    """
    old = Manifest.read(config.output)
    spec, api = load_and_parse(config, old, progress)
    progress("rendering")
    rendered = render(api, config.templates)
    fmt = formatter_id(config.formatter)
    files: dict[str, bytes] = {}
    entries: dict[str, dict[str, str]] = {}
    to_format: dict[str, str] = {}
    reused = 0
    for path, item in rendered.items():
        source_hash = sha256(item.body.encode())
        if item.kind != "python":
            files[path] = (item.header + item.body).encode()
            entries[path] = {"source": source_hash, "sha256": sha256(files[path])}
            continue
        body = _formatted_on_disk(config, old, path, source_hash, fmt)
        if body is None:
            to_format[path] = item.body
            continue
        reused += 1
        files[path] = (item.header + body).encode()
        entries[path] = {"source": source_hash, "sha256": sha256(files[path])}
    if to_format:
        progress(f"formatting {len(to_format)} files")
        for path, body in format_sources(to_format, config.formatter).items():
            item = rendered[path]
            files[path] = (item.header + body).encode()
            entries[path] = {"source": sha256(item.body.encode()), "sha256": sha256(files[path])}
    manifest = Manifest(
        spec=api.spec_name,
        spec_sha256=api.spec_sha256,
        validated=api.spec_sha256,
        formatter=fmt,
        version=config.version,
        files=entries,
    )
    files[MANIFEST] = manifest.to_bytes()
    return Build(api, files, manifest, sorted(to_format), reused)


def _formatted_on_disk(config: Config, old: Manifest, path: str, source_hash: str, fmt: str) -> str | None:
    """The formatted body already on disk for this rendered body, if it is intact."""
    entry = old.files.get(path)
    if entry is None or entry.get("source") != source_hash or old.formatter != fmt:
        return None
    current = read_existing(config.output, path)
    if current is None or sha256(current) != entry.get("sha256"):
        return None
    text = current.decode("utf-8")
    _, _, body = text.partition("\n")
    return body


def rendered_only(config: Config) -> dict[str, RenderedFile]:
    old = Manifest.read(config.output)
    _, api = load_and_parse(config, old)
    return render(api, config.templates)
