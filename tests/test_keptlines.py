"""Long lines of code that black keeps as they are, so that a file holding them skips
black (``keptlines``), each rule held to what black does with it."""

from __future__ import annotations

import black
import pytest

from generator.targets.python.codelayout import tuple_of_one
from generator.targets.python.keptlines import laid_out_as_black
from generator.targets.python.render import RenderedFile

BLACK = black.Mode(target_versions={black.mode.TargetVersion.PY311})
NAME = "AVeryLongClassNameThatGoesOnAndOnAndOnForeverAndEverUntilTheEnd"
TEXT = ", ".join(["a value far longer than black's line length"] * 2)
WIDE = """class A:
    def f(
        self,
        status: (
            StatusEnum | Literal["日本語の値その一です", "日本語の値その二です", "日本語の値その"] | None
        ) = None,
    ) -> None:
        pass
"""
IGNORED = "return self._copy(base_url, timeout, max_retries, headers, deadline)"


def _skips_black(body: str) -> bool:
    return laid_out_as_black(RenderedFile("python", "", body, laid_out=True))


@pytest.mark.parametrize(
    "body",
    [
        # an item of a long import, dict, list or call black keeps one a line
        f"if TYPE_CHECKING:\n    from .module import (\n        {NAME}X as {NAME}X,\n    )\n",
        f'MODULES: dict[str, str] = {{\n    "{NAME}": "{NAME.lower()}",\n    "B": "b",\n}}\n',
        f'__all__ = [\n    "A",\n    "{NAME}{NAME}",\n]\n',
        f'RULE = Rule(\n    min_length=0,\n    pattern="{TEXT}",\n)\n',
        # a statement silenced for type checkers
        f"class A:\n    def f(self) -> int:\n        {IGNORED}  # type: ignore[no-any-return]\n",
        # a string after another statement is no docstring: black leaves it alone
        f'X = 1\n"""Short.\n{TEXT}"""\n',
        f'class A:\n    """Doc."""\n\n    x: int = 1\n    """{TEXT}\n    {TEXT}"""\n',
    ],
)
def test_long_lines_black_cannot_split_skip_black_and_black_agrees(body: str) -> None:
    assert _skips_black(body)
    assert black.format_str(body, mode=BLACK) == body


@pytest.mark.parametrize(
    "body",
    [
        # an item black can split further, or two strings it could split between
        f'X = [\n    f("{TEXT}"),\n]\n',
        f'X = [\n    "{TEXT}" "{TEXT}",\n]\n',
        # no magic trailing comma: black adds one
        f'RULE = Rule(\n    min_length=0,\n    pattern="{TEXT}"\n)\n',
        # a magic trailing comma splits a silenced statement all the same
        f"y = f(a, b,)  # type: ignore[{'x' * 80}]\n",
        # one space before the comment, or a statement begun on the line before
        f"x = f(a, b) # type: ignore[{'x' * 80}]\n",
        f"x = f(\n    a\n); y = g(a, b)  # type: ignore[{'x' * 80}]\n",
        # two statements: black puts each on a line of its own
        f"x = 1; y = g(a, b)  # type: ignore[{'x' * 80}]\n",
        # a block's first string is a docstring: black moves its closing quotes
        f'class A:\n    """Short.\n    {TEXT}"""\n',
        # 84 characters, but black counts a wide character as two columns
        WIDE,
    ],
)
def test_long_lines_black_changes_go_through_black(body: str) -> None:
    assert not _skips_black(body)
    assert black.format_str(body, mode=BLACK) != body


@pytest.mark.parametrize(
    ("item", "lines"),
    [
        ('("https://api.example.com", "")', 1),
        ('("https://messaging.bandwidth.com/api/v2", "Production")', 3),
        # too long even on a line of its own: left to black, which splits it
        (f'("https://{"x" * 80}.example.com", "")', 0),
    ],
)
def test_a_tuple_of_one_is_written_as_black_writes_it(item: str, lines: int) -> None:
    code = tuple_of_one("SERVERS: tuple[tuple[str, str], ...] = ", item) + "\n"
    if lines:
        assert code.count("\n") == lines
        assert black.format_str(code, mode=BLACK) == code
    else:
        assert not _skips_black(code)
