"""Format generated Python with black (or ruff, when configured), in parallel.

black is the slowest stage by far, so it only ever sees files whose rendered text
changed (see ``build.py`` for the cache that decides that), it runs in worker
processes started early enough that their start-up overlaps loading, parsing and
rendering, and the biggest files go first so that the workers finish together.
ruff formats every file in one process of its own, about a hundred times faster.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, TimeoutError, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from generator.config import Config
from generator.errors import ConfigError
from generator.output.state import sha256
from generator.targets.python.literals import LINE_LENGTH
from generator.usercache import is_validated

# Below this many files, handing them to worker processes costs more than it saves.
_PARALLEL_FROM = 12
# Below this size of spec, the validation process (which has a core to itself) runs about
# as long as all the formatting, so one black worker fewer finishes as soon and saves
# importing black once more (0.1 s of CPU): measured on two cores, the messaging spec
# (80 KB) generates in 0.81 s with one worker against 0.84 s with two, the full
# Bandwidth document (340 KB) in 1.88 s with two against 2.3 s with one.
_SMALL_SPEC = 200_000
# Bounds of the validation process: openapi-spec-validator recurses through whatever
# a document holds, and no valid spec the generator has met needs a tenth of this.
VALIDATION_MEMORY = 3 << 30
VALIDATION_SECONDS = 120.0
_PR_SET_PDEATHSIG = 1
# The options black is run with; ruff is given the same ones.
TARGET = "py311"

T = TypeVar("T")
Progress = Callable[[str], None]


def formatter_id(name: str) -> str:
    """The formatter and its version, as recorded in the manifest: a change of either
    means every file is formatted again, so the drift check compares like with like."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        raise ConfigError(
            f"formatter {name!r} is configured but not installed: pip install {name}"
        ) from None


class Workers:
    """Worker processes for the slow stages (validation, black).

    Nothing is started until ``start`` or the first ``submit``: a drift check on an
    unchanged spec never pays for a process. ``prepare_apart`` runs first thing in the
    process of ``submit_apart`` (an import its job needs). Use as a context manager.
    """

    def __init__(
        self, formatter: str = "black", prepare_apart: Callable[[], None] | None = None
    ) -> None:
        self._formatter = formatter
        self._prepare_apart = prepare_apart
        self._pool: ProcessPoolExecutor | None = None
        self._apart: ProcessPoolExecutor | None = None
        self._forks: list[ProcessPoolExecutor] = []
        self.size = min(os.cpu_count() or 1, 4)
        self._black_size = self.size
        self._started_for = False

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        # On an error (or SIGTERM, see cli.py) the workers are killed, not waited for:
        # a validation running on could take minutes.
        self.close(kill=exc_info[0] is not None)

    def close(self, *, kill: bool = False) -> None:
        for pool in (self._pool, self._apart, *self._forks):
            if pool is None:
                continue
            if kill:
                _kill(pool)
            # Waited for even after a kill (the killed workers end at once): the pool's
            # manager thread left running would race the interpreter's exit and print
            # "Bad file descriptor" tracebacks from threading._shutdown.
            pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._apart = None
        self._forks = []

    def start_for(self, spec: Path) -> None:
        """Start what a generation from ``spec`` will need, as early as possible:
        nothing if the spec was validated before (``usercache``); else the validation
        process. Only the first call decides: a command calls it before its heavy
        imports, and ``build`` again for callers that did not. The formatting workers
        start with the first files black is given: the built-in templates write
        black's layout (``render.LAID_OUT``), so most generations give it none, and
        importing black in idle workers took a cold generation 0.2 s a worker."""
        if self._started_for:
            return
        self._started_for = True
        try:
            text = spec.read_bytes() if spec.is_file() else b""
        except OSError:
            return  # loading the spec reports it
        # (A spec of several files always looks changed here.)
        if text and not is_validated(sha256(text)):
            small = len(text) < _SMALL_SPEC
            self._black_size = max(1, self.size - 1) if small else self.size
            self.start()

    def start(self) -> None:
        """Start the validation process now, while the caller goes on."""
        if self.size >= 2:
            self._start_apart()

    def _black_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._black_size,
                initializer=_start_worker,
                initargs=(os.getpid(), _import_black),
            )
        return self._pool

    def _start_apart(self) -> ProcessPoolExecutor:
        if self._apart is None:
            self._apart = ProcessPoolExecutor(
                max_workers=1,
                initializer=_start_worker,
                initargs=(os.getpid(), self._prepare_apart, VALIDATION_MEMORY),
            )
            self._apart.submit(int)
        return self._apart

    def validate(self, spec: Any, lenient: bool) -> Bounded:
        """Validate ``spec`` in the process apart, bounded in memory (VALIDATION_MEMORY)
        and time (VALIDATION_SECONDS): no document can take the machine down."""
        from generator.load.spec_checks import spec_problems

        return Bounded(
            self, self._start_apart().submit(spec_problems, spec, lenient), spec
        )

    def forked(self, fn: Callable[[], T]) -> Future[T]:
        """``fn()`` in a process forked from this one now, which shares what this one
        has built (the model) without pickling it, while this one goes on; only the
        result comes back. Here, on a machine with one core."""
        if self.size < 2:
            return _run_here(fn)
        pool = ProcessPoolExecutor(
            max_workers=1, initializer=_start_worker, initargs=(os.getpid(), None)
        )
        self._forks.append(pool)
        _FORKED[id(fn)] = fn  # the process is forked at this submit, holding it
        try:
            return pool.submit(_call_forked, id(fn))
        finally:
            del _FORKED[id(fn)]

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn(*args)`` in a formatting worker (or here, on a machine with one core)."""
        if self.size < 2:
            return _run_here(fn, *args)
        return self._black_pool().submit(fn, *args)

    def format(
        self, sources: dict[str, str], progress: Progress | None = None
    ) -> dict[str, str]:
        """Formatted text for each path; raises ConfigError naming a file that fails."""
        say = progress or (lambda _: None)
        if not sources:
            return {}
        if self._formatter == "ruff":
            say(f"formatting {len(sources)} files with ruff")
            return _ruff(sources)
        if len(sources) < _PARALLEL_FROM and self._pool is None:
            return {path: _black(path, text) for path, text in sorted(sources.items())}
        biggest_first = sorted(sources.items(), key=lambda item: -len(item[1]))
        futures = [self.submit(_black_item, item) for item in biggest_first]
        results: dict[str, str] = {}
        for done, future in enumerate(as_completed(futures), 1):
            path, text = future.result()
            results[path] = text
            say(f"formatting: {done}/{len(futures)} files")
        return results


def workers_for(config: Config) -> Workers:
    """The worker processes of a generation from ``config``, not started yet."""
    return Workers(config.formatter, prepare_apart=_prepare_validation)


class Bounded:
    """A validation running apart: ``result()`` waits at most VALIDATION_SECONDS and
    turns a worker that ran out of time or memory into a SpecError."""

    def __init__(self, workers: Workers, future: Future[Any], spec: Any) -> None:
        self._workers, self._future, self._spec = workers, future, spec

    def result(self) -> Any:
        from generator.errors import Problem, SpecError

        try:
            return self._future.result(timeout=VALIDATION_SECONDS)
        except TimeoutError:
            message = f"validation did not finish within {VALIDATION_SECONDS:g} s"
        except (BrokenProcessPool, MemoryError):
            message = f"validation ran out of memory ({VALIDATION_MEMORY >> 20} MiB)"
        except Exception as exc:  # what a process short of memory raises varies
            message = (
                f"validation failed ({type(exc).__name__}), within its bounds of "
                f"{VALIDATION_MEMORY >> 20} MiB and {VALIDATION_SECONDS:g} s"
            )
        self._workers.close(kill=True)
        raise SpecError(
            [
                Problem(
                    self._spec.root.path,
                    "",
                    message,
                    "a document this costly to validate is most likely malformed "
                    "(schemas that include each other?)",
                )
            ]
        )


def _start_worker(
    parent: int, prepare: Callable[[], None] | None, memory: int = 0
) -> None:
    """First thing in every worker: die with the generator, bound the memory, then
    ``prepare``."""
    _die_with(parent)
    if memory:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        except (ImportError, ValueError, OSError):  # not on this platform
            pass
    if prepare is not None:
        prepare()


def _die_with(parent: int) -> None:
    """End this process when ``parent`` ends, however it ends (SIGKILL included): the
    kernel's parent-death signal on Linux, else a thread watching the parent."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # it ended before the signal was asked for
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="sdkgen-parent-watch", daemon=True).start()


def _kill(pool: ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        try:
            process.kill()
        except (OSError, ValueError):
            pass


# What ``Workers.forked`` runs, by id, for the moment its process is forked.
_FORKED: dict[int, Callable[[], Any]] = {}


def _call_forked(key: int) -> Any:
    return _FORKED[key]()


def _prepare_validation() -> None:
    # Imported here, in the validation process, so that the command forks it sooner.
    from generator.load.spec_checks import preload_validator

    preload_validator()


def _run_here(fn: Callable[..., T], *args: Any) -> Future[T]:
    done: Future[T] = Future()
    try:
        done.set_result(fn(*args))
    except Exception as exc:  # handed to the caller exactly like a worker's error
        done.set_exception(exc)
    return done


def _import_black() -> None:
    import black  # noqa: F401 - imported once per worker, before its first file


def _black_item(item: tuple[str, str]) -> tuple[str, str]:
    return item[0], _black(*item)


def _black(path: str, source: str) -> str:
    import black

    mode = black.Mode(
        target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH
    )
    try:
        return black.format_str(source, mode=mode)
    except Exception as exc:  # black raises several types for code it cannot parse
        raise ConfigError(
            f"{path}: the generated code does not parse ({type(exc).__name__}: "
            f"{str(exc)[:300]}); this is a generator bug, please report it"
        ) from None


def _ruff(sources: dict[str, str]) -> dict[str, str]:
    """Every file formatted by one ``ruff format`` run over a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="sdkgen-ruff-") as scratch:
        root = Path(scratch)
        for path, text in sources.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        command = [
            *_ruff_command(), "format", "--isolated", "--no-cache", "--quiet",
            f"--line-length={LINE_LENGTH}", f"--target-version={TARGET}", str(root),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise ConfigError(
                f"ruff format failed on the generated code (a generator bug, please "
                f"report it): {done.stderr.strip()[:500]}"
            )
        return {path: (root / path).read_text(encoding="utf-8") for path in sources}


def _ruff_command() -> list[str]:
    """The ruff binary of this environment's ``ruff`` package, else the one on PATH."""
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        find_ruff_bin = None
    if find_ruff_bin is not None:
        try:
            return [str(find_ruff_bin())]
        except FileNotFoundError:
            pass
    from shutil import which

    found = which("ruff")
    if found is None:
        raise ConfigError(
            "formatter 'ruff' is configured but ruff is not installed: pip install ruff"
        )
    return [found]
