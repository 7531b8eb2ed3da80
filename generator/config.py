"""The generator's settings: ``[tool.generator]`` in pyproject.toml, then the command line."""

from __future__ import annotations

import functools
import keyword
import os
import re
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import ConfigError

if TYPE_CHECKING:
    from importlib.metadata import Distribution

_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")
# An npm package name: optionally scoped, lower case, URL-safe (npm's own rules).
_NPM_NAME = re.compile(r"^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$")
TARGETS = ("python", "typescript")


@dataclass(frozen=True)
class TypeScriptTarget:
    """``[tool.generator.typescript]``: where the TypeScript SDK goes and its npm name."""

    output: Path
    package: str


@dataclass(frozen=True)
class Config:
    spec: Path
    output: Path
    package: str
    project_name: str
    version: str
    env_prefix: str
    templates: tuple[Path, ...] = ()
    lenient: bool = False
    formatter: str = "black"
    pagination: tuple[tuple[str, dict[str, Any]], ...] = field(default=())
    config_file: Path | None = None
    # [tool.generator.webhooks.<name>]: how each callback or webhook is authenticated.
    webhooks: tuple[tuple[str, dict[str, Any]], ...] = field(default=())
    # The folder every file a $ref reaches must be in; None: the spec's own folder.
    ref_root: Path | None = None
    # What ``generate`` emits: the Python SDK, the TypeScript SDK or both.
    targets: tuple[str, ...] = ("python",)
    typescript: TypeScriptTarget | None = None

    def output_folders(self) -> list[Path]:
        """The output folder of every target generated."""
        folders = [self.output] if "python" in self.targets else []
        if "typescript" in self.targets and self.typescript is not None:
            folders.append(self.typescript.output)
        return folders


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(
    config_file: Path | None,
    *,
    spec: str | None = None,
    output: str | None = None,
    package: str | None = None,
    lenient: bool = False,
    templates: str | None = None,
    ref_root: str | None = None,
    targets: list[str] | None = None,
) -> Config:
    """Settings from ``config_file`` (or the nearest pyproject.toml), overridden by
    the arguments given on the command line."""
    config_file = config_file or find_pyproject(Path.cwd())
    table: dict[str, Any] = {}
    base = Path.cwd()
    if config_file is not None:
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{config_file}: cannot read the config: {exc}") from None
        table = data.get("tool", {}).get("generator", {})
        base = config_file.parent
    spec_path = Path(spec) if spec else _path(base, table.get("spec"), "spec")
    out_path = (
        Path(output)
        if output
        else _path(base, table.get("output", "generated"), "output")
    )
    name = package or table.get("package") or _package_from(spec_path)
    check_package(name)
    formatter = str(table.get("formatter", "black"))
    if formatter not in ("black", "ruff"):
        raise ConfigError(
            f"formatter {formatter!r} is not supported; use 'black' or 'ruff'"
        )
    template_dirs = [templates] if templates else table.get("templates", [])
    if isinstance(template_dirs, str):
        template_dirs = [template_dirs]
    pagination = table.get("pagination", {})
    chosen = _targets(targets or table.get("targets", ["python"]))
    return Config(
        spec=spec_path,
        output=out_path,
        package=name,
        project_name=str(table.get("project_name") or name.replace("_", "-")),
        version=str(table.get("version", "0.1.0")),
        env_prefix=str(table.get("env_prefix") or name.upper()),
        templates=tuple(_path(base, t, "templates") for t in template_dirs),
        lenient=lenient or bool(table.get("lenient", False)),
        formatter=formatter,
        pagination=tuple(sorted((str(k), dict(v)) for k, v in pagination.items())),
        config_file=config_file,
        webhooks=_webhooks(table.get("webhooks", {})),
        ref_root=(
            Path(ref_root)
            if ref_root
            else (
                _path(base, table["ref_root"], "ref_root")
                if "ref_root" in table
                else None
            )
        ),
        targets=chosen,
        typescript=_typescript(
            base,
            out_path,
            name,
            table.get("typescript", {}),
            output_given=bool(output),
            alone=chosen == ("typescript",),
            python_configured="python" in _targets(table.get("targets", ["python"])),
        ),
    )


def _targets(raw: Any) -> tuple[str, ...]:
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not names or not all(n in TARGETS for n in names):
        raise ConfigError(
            f"targets {raw!r} is not a list of targets; use some of {list(TARGETS)}, "
            'e.g. targets = ["python", "typescript"]'
        )
    return tuple(t for t in TARGETS if t in names)


def _typescript(
    base: Path,
    python_output: Path,
    package: str,
    raw: Any,
    *,
    output_given: bool,
    alone: bool,
    python_configured: bool,
) -> TypeScriptTarget:
    """The TypeScript settings; by default beside the Python SDK's files, in
    ``<output>/typescript``, named after the Python package. ``--output`` on the command
    line moves both: the TypeScript SDK goes into it when it is the only target, else
    into its ``typescript`` folder."""
    if not isinstance(raw, dict):
        raise ConfigError(
            '[tool.generator.typescript] must be a table: output = "...", package = "..."'
        )
    if output_given:
        output = python_output if alone else python_output / "typescript"
    elif "output" in raw:
        output = _path(base, raw["output"], "typescript.output")
    else:
        output = python_output / "typescript"
    # ``--target typescript`` alone does not make the Python SDK's folder free: the
    # next run without it writes the Python SDK there again.
    configured_here = "output" in raw and not output_given and python_configured
    if output.resolve() == python_output.resolve() and (not alone or configured_here):
        raise ConfigError(
            "[tool.generator.typescript] output is the Python SDK's output folder; give each "
            'target a folder of its own (e.g. output = "generated/typescript")'
        )
    name = str(raw.get("package") or package.replace("_", "-"))
    if not _NPM_NAME.match(name) or len(name) > 214:
        raise ConfigError(
            f"typescript package name {name!r} is not a valid npm package name; use lower-case "
            'letters, digits, "-", "." and "_", optionally scoped ("@scope/name")'
        )
    return TypeScriptTarget(output=output, package=name)


# Besides the standard library: what the generated package imports, and what its
# tests and tools do; a package of the same name would shadow it. The installed
# dependencies of the SDK's own requirements are added to these (``_taken``): any of
# them, however deep, is imported when the SDK is, and this list is the floor when
# they are not installed where the generator runs.
_TAKEN = frozenset(
    {"httpx", "httpcore", "pydantic", "pydantic_core", "typing_extensions", "anyio",
     "sniffio", "certifi", "idna", "h11", "annotated_types", "typing_inspection",
     "exceptiongroup", "email_validator", "dns", "tzdata", "brotli", "brotlicffi",
     "h2", "hpack", "hyperframe", "socksio", "zstandard", "pytest", "mypy", "black",
     "ruff", "setuptools", "pip", "wheel", "pkg_resources", "generator", "test", "tests"}
)  # fmt: skip
# The distributions the generated pyproject.toml requires (templates/project).
_SDK_REQUIRES = ("httpx", "pydantic", "typing-extensions")


@functools.cache
def _taken() -> frozenset[str]:
    """``_TAKEN`` and the import names of every installed distribution the SDK's
    requirements pull in, transitively (extras are not followed: ``_TAKEN`` holds
    the modules of the usual ones, httpx's http2, brotli, socks)."""
    from importlib import metadata

    names = set(_TAKEN)
    seen: set[str] = set()
    queue = [_normal(d) for d in _SDK_REQUIRES]
    while queue and len(seen) < 500:  # bounded: metadata is data
        dist = queue.pop()
        if dist in seen:
            continue
        seen.add(dist)
        try:
            found_dist = metadata.distribution(dist)
        except metadata.PackageNotFoundError:
            continue
        names.update(m.lower() for m in _import_names(found_dist))
        requires = found_dist.requires or []
        for requirement in requires:
            if "extra" in requirement.partition(";")[2]:
                continue
            found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
            if found:
                queue.append(_normal(found.group(1)))
    return frozenset(names)


def _import_names(dist: Distribution) -> set[str]:
    """The top-level modules of an installed distribution, found as
    ``metadata.packages_distributions`` finds them, but for this one distribution only:
    reading every installed one's metadata cost a third of a ``check``."""
    declared = dist.read_text("top_level.txt")
    if declared:
        return set(declared.split())
    return {
        f.parts[0] if len(f.parts) > 1 else f.name.partition(".")[0]
        for f in dist.files or ()
        if f.suffix in (".py", ".so", ".pyd") and not f.parts[0].endswith(".dist-info")
    }


def _normal(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def check_package(name: str) -> None:
    """Refuse a package name the generated SDK could not be imported under: not an
    identifier, a keyword, or the name of a module it (or Python) needs."""
    if not _PACKAGE.match(name):
        raise ConfigError(
            f"package name {name!r} is not a valid Python package name; "
            "use lower-case letters, digits and underscores"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ConfigError(f"package name {name!r} is a Python keyword; choose another")
    if name in sys.stdlib_module_names or name in _TAKEN or name in _taken():
        raise ConfigError(
            f"package name {name!r} would shadow the module of that name, which Python or "
            f"the generated SDK imports; choose another (e.g. {name}_sdk)"
        )


def _path(base: Path, value: Any, key: str) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(
            f"no {key} given: pass it on the command line or set `{key}` "
            "in [tool.generator] of pyproject.toml"
        )
    path = Path(value)
    return path if path.is_absolute() else base / path


def _webhooks(raw: Any) -> tuple[tuple[str, dict[str, Any]], ...]:
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise ConfigError(
            "[tool.generator.webhooks] must hold one table per callback or webhook, "
            'e.g. [tool.generator.webhooks.statusCallback] auth = "basic"'
        )
    return tuple(sorted((str(k), dict(v)) for k, v in raw.items()))


def _package_from(spec: Path) -> str:
    stem = re.sub(r"[^a-z0-9_]+", "_", spec.stem.lower()).strip("_") or "client"
    stem = stem if not stem[0].isdigit() else "api_" + stem
    try:
        check_package(stem)
    except ConfigError:
        return stem + "_sdk"  # a spec named json.yaml or class.yaml
    return stem


# -- pyproject.toml --------------------------------------------------------------------

_TABLE = re.compile(r"^\[tool\.generator\]\s*$", re.M)
_NEXT_TABLE = re.compile(r"^\[", re.M)
_VERSION = re.compile(r"""^version\s*=\s*("[^"\n]*"|'[^'\n]*')""", re.M)


def require_version_table(pyproject: Path | None) -> None:
    """Fail before anything is written if the version could not be recorded."""
    if (
        pyproject is None
        or _TABLE.search(pyproject.read_text(encoding="utf-8")) is None
    ):
        raise ConfigError(
            "--bump records the new version in [tool.generator] of pyproject.toml, "
            "and there is none; add the table or pass --config"
        )


def set_config_version(pyproject: Path, version: str) -> None:
    """Write ``version`` into ``[tool.generator]`` of ``pyproject``, touching nothing else."""
    text = pyproject.read_text(encoding="utf-8")
    table = _TABLE.search(text)
    if table is None:
        raise ConfigError(
            f"{pyproject} has no [tool.generator] table to record the version in"
        )
    end_match = _NEXT_TABLE.search(text, table.end())
    end = end_match.start() if end_match else len(text)
    line = f'version = "{version}"'
    found = _VERSION.search(text, table.end(), end)
    if found:
        text = text[: found.start()] + line + text[found.end() :]
    else:
        text = text[: table.end()] + "\n" + line + text[table.end() :]
    fd, temp = tempfile.mkstemp(prefix=".pyproject-", dir=pyproject.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.chmod(temp, pyproject.stat().st_mode)
    os.replace(temp, pyproject)
