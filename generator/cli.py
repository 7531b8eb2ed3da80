"""The command line: ``python -m generator generate | check | ir | diff | watch``.

The modules behind a command are imported when it runs, and ``generate`` and ``check``
start their worker processes before that: validation, the slowest stage of a
regeneration, then begins about 50 ms earlier, in a smaller process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from generator.config import TARGETS, Config, load_config
from generator.errors import ConfigError, SpecError
from generator.findings import Finding
from generator.output.drift import compare
from generator.output.folder import check_folder
from generator.output.formatter import workers_for
from generator.output.state import Manifest
from generator.output.write import recover, write_outputs
from generator.progress import TerminalProgress
from generator.versions.changes import BREAKING, BUMPS

EXIT_OK, EXIT_DRIFT, EXIT_ERROR = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    previous = _stop_cleanly_on_sigterm()
    try:
        return _main(argv)
    finally:
        if previous is not None:
            import signal

            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        result: int = args.run(args)
        return result
    except SpecError as exc:
        print(
            f"error: the spec cannot be used ({len(exc.problems)} problem(s)):",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(problem.render(), file=sys.stderr)
        print("nothing was written", file=sys.stderr)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    except Exception as exc:  # a bug of ours: say so, and what to send with the report
        if os.environ.get("SDKGEN_DEBUG"):
            traceback.print_exc()
        where = traceback.extract_tb(exc.__traceback__)[-1]
        print(
            f"error: the generator failed ({type(exc).__name__}: {str(exc)[:300]} at "
            f"{Path(where.filename).name}:{where.lineno}); this is a bug, please report "
            "it with the spec (SDKGEN_DEBUG=1 prints the traceback)",
            file=sys.stderr,
        )
    return EXIT_ERROR


def _stop_cleanly_on_sigterm() -> Any:
    """SIGTERM (a CI job cancelled, ``kill``) ends the run as Ctrl-C does: the writing
    in progress is undone, the staging folder removed and the workers killed, instead
    of the process vanishing mid-way. (SIGKILL cannot be caught: the workers die with
    the generator, and the next run finishes or removes what it left.)"""
    import signal
    import threading

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, stop)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate typed Python and TypeScript SDKs and their docs from an OpenAPI document.",
    )
    sub = parser.add_subparsers(dest="command")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "spec",
            nargs="?",
            help="the OpenAPI document (default: [tool.generator] spec)",
        )
        p.add_argument(
            "--output", "-o", help="output folder (default: [tool.generator] output)"
        )
        p.add_argument("--package", help="Python package name of the SDK")
        p.add_argument(
            "--config", type=Path, help="pyproject.toml to read [tool.generator] from"
        )
        p.add_argument(
            "--templates",
            help="folder of templates overriding the built-in ones by name",
        )
        p.add_argument(
            "--lenient",
            action="store_true",
            help="turn small spec faults into warnings",
        )
        p.add_argument(
            "--ref-root",
            help="folder $refs may read files from (default: the spec's folder)",
        )
        p.add_argument(
            "--quiet", "-q", action="store_true", help="print nothing but errors"
        )
        p.add_argument(
            "--target",
            action="append",
            choices=TARGETS,
            help="generate this target only (repeatable; default: [tool.generator] targets)",
        )

    gen = sub.add_parser("generate", help="write the SDK and its docs")
    common(gen)
    gen.add_argument(
        "--overwrite",
        action="store_true",
        help="replace files the generator did not write",
    )
    gen.add_argument(
        "--timings", action="store_true", help="print how long each stage took"
    )
    gen.add_argument(
        "--bump",
        choices=BUMPS,
        help="raise [tool.generator] version first: by what the spec diff since the last "
        "generation implies (auto), or as given",
    )
    gen.set_defaults(run=_generate)

    check = sub.add_parser(
        "check", help="exit 1 with a diff if the output folder is out of date"
    )
    common(check)
    check.set_defaults(run=_check)

    ir = sub.add_parser("ir", help="print the language-neutral model as JSON")
    common(ir)
    ir.set_defaults(run=_ir)

    watcher = sub.add_parser(
        "watch", help="regenerate whenever the spec, a template or the config changes"
    )
    common(watcher)
    watcher.add_argument(
        "--interval",
        type=float,
        default=0.5,
        help="seconds between polls (default 0.5)",
    )
    watcher.set_defaults(run=_watch)

    differ = sub.add_parser(
        "diff", help="what changes for SDK users between two versions of a spec"
    )
    differ.add_argument(
        "old", type=Path, help="the spec the current SDK was generated from"
    )
    differ.add_argument("new", type=Path, help="the new spec")
    differ.add_argument(
        "--json", action="store_true", help="print every change and the bump as JSON"
    )
    differ.add_argument(
        "--fail-on-breaking",
        action="store_true",
        help="exit 1 if any change is breaking",
    )
    differ.add_argument(
        "--config", type=Path, help="pyproject.toml to read [tool.generator] from"
    )
    differ.add_argument("--package", help="Python package name of the SDK")
    differ.add_argument(
        "--lenient", action="store_true", help="turn small spec faults into warnings"
    )
    differ.add_argument(
        "--ref-root",
        help="folder $refs may read files from (default: each spec's folder)",
    )
    differ.set_defaults(run=_diff)
    return parser


def _config(args: argparse.Namespace) -> Config:
    return load_config(
        args.config,
        spec=args.spec,
        output=args.output,
        package=args.package,
        lenient=args.lenient,
        templates=args.templates,
        ref_root=args.ref_root,
        targets=args.target,
    )


def _own_manifest(folder: Path, target: str) -> Manifest:
    """The manifest in ``folder``, refused when another target wrote it: adopted, it
    would make that SDK's files look like this one's stale files, deleted."""
    from generator.build import TS_LAYOUT

    manifest = Manifest.read(folder)
    if manifest.formatter:
        writer = "typescript" if manifest.formatter == TS_LAYOUT else "python"
        if writer != target:
            raise ConfigError(
                f"{folder} holds the {writer} SDK's manifest, not the {target} SDK's; "
                f"give the {target} target a folder of its own"
            )
    return manifest


def _say(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(message, file=sys.stderr)


def _progress(args: argparse.Namespace) -> TerminalProgress:
    return TerminalProgress(sys.stderr, quiet=args.quiet)


def _generate(args: argparse.Namespace) -> int:
    config = _config(args)
    for folder in config.output_folders():
        check_folder(folder)
        for line in recover(folder):  # before reading anything a killed run left
            _say(args, line)
    with workers_for(config) as workers:
        workers.start_for(config.spec)
        from generator.build import build
        from generator.config import require_version_table, set_config_version
        from generator.findings import summary

        if args.bump:
            require_version_table(config.config_file)
        progress = _progress(args)
        result = build(
            config, progress, bump=args.bump, workers=workers, defer_validation=True
        )
        count = sum(len(o.files) for o in result.outputs)
        progress(f"staging {count:,} files")
        tolerated: list[Finding] = []

        def validated() -> None:
            progress("waiting for validation")
            tolerated.extend(result.validated())
            progress(f"writing {count:,} files")

        # Every folder is staged, while the spec's validation finishes, before any
        # file is written (see write.write_outputs); nothing is if it fails.
        try:
            written = write_outputs(
                [
                    (o.folder, o.files, _own_manifest(o.folder, o.target))
                    for o in result.outputs
                ],
                overwrite=args.overwrite,
                before_final=validated,
            )
        except SpecError:
            raise
        except Exception:
            result.validated()  # an invalid spec explains a failure best
            raise
    warnings = (*tolerated, *result.api.warnings)
    reports = list(zip(result.outputs, written, strict=True))
    from generator.output import rendercache

    # After writing: the key holds the history files just written.
    rendercache.store(
        config, {o.folder: o.files for o in result.outputs}, result.sources
    )
    progress.done()
    if args.timings:
        print(progress.clock.report(), file=sys.stderr)
    for warning in (
        *(w.render() for w in warnings),
        *(w for _, r in reports for w in r.warnings),
    ):
        print(f"warning: {warning}", file=sys.stderr)
    for output, report in reports:
        formatted = (
            f" ({len(result.formatted)} formatted, {result.reused} reused)"
            if output.target == "python"
            else ""
        )
        _say(
            args,
            f"{output.folder}: {len(report.written)} written, {len(report.deleted)} deleted, "
            f"{report.unchanged} unchanged{formatted}",
        )
        for path in report.written:
            _say(args, f"  wrote {path}")
        for path in report.deleted:
            _say(args, f"  deleted {path}")
    # Last, where a long run's output ends: what of the spec the SDK lacks.
    for line in summary(warnings):
        print(line, file=sys.stderr)
    if result.changes:
        breaking = sum(1 for c in result.changes if c.severity == BREAKING)
        _say(
            args,
            f"{len(result.changes)} change(s) for SDK users ({breaking} breaking); see CHANGELOG.md",
        )
    if config.config_file is not None and result.version != config.version:
        set_config_version(config.config_file, result.version)
        _say(
            args,
            f"version {config.version} -> {result.version} (written to {config.config_file})",
        )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    config = _config(args)
    olds = {folder: Manifest.read(folder) for folder in config.output_folders()}
    from generator.output import rendercache

    outputs = rendercache.lookup(config)
    if outputs is None:
        with workers_for(config) as workers:
            workers.start_for(config.spec)
            from generator.build import build

            result = build(config, workers=workers)
        outputs = {o.folder: o.files for o in result.outputs}
        rendercache.store(config, outputs, result.sources)
    clean = True
    for folder, files in outputs.items():
        drift = compare(folder, files, olds[folder])
        if drift.clean:
            _say(args, f"{folder} is in sync with {config.spec.name}")
            continue
        clean = False
        print(drift.summary())
        print(drift.diff, end="")
    if clean:
        return EXIT_OK
    print("run `python -m generator generate` to update it", file=sys.stderr)
    return EXIT_DRIFT


def _ir(args: argparse.Namespace) -> int:
    config = _config(args)
    from generator.build import load_and_parse
    from generator.model.dump import ir_json

    _, api = load_and_parse(config)
    print(ir_json(api))
    return EXIT_OK


def _watch(args: argparse.Namespace) -> int:
    try:
        from generator.watch import watch

        watch(
            lambda: _config(args), args.interval, lambda line: print(line, flush=True)
        )
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    config = load_config(
        args.config,
        spec=str(args.new),
        package=args.package,
        lenient=args.lenient,
        ref_root=args.ref_root,
    )
    from generator.build import settings_of, spec_surface
    from generator.versions import diff as spec_diff

    settings = settings_of(config)
    old = spec_surface(args.old, settings, ref_root=config.ref_root)
    new = spec_surface(args.new, settings, ref_root=config.ref_root)
    changes = spec_diff.diff_surfaces(old, new)
    if args.json:
        json.dump(spec_diff.to_json(changes), sys.stdout, indent=2)
        print()
    else:
        print(spec_diff.report(changes, str(args.old), str(args.new)), end="")
    breaking = any(c.severity == BREAKING for c in changes)
    return EXIT_DRIFT if breaking and args.fail_on_breaking else EXIT_OK
