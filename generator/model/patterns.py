"""A short string that matches a schema's ``pattern``, for example values.

Reads the regular expression (the subset of Python's syntax a schema pattern uses)
and takes the shortest way through: the first branch, the fewest repetitions, the
first character of a set. The result is checked against the pattern with ``re``; a
pattern this cannot satisfy (back references, lookarounds that the shortest way
breaks, syntax this reader does not know) gives None.
"""

from __future__ import annotations

import re

# What a class escape (``\d``, ``\w``, ...) gives, inside a set or out.
_CLASSES = {"d": "1", "D": "a", "s": " ", "S": "a", "w": "a", "W": "-"}
_CONTROL = {"n": "\n", "r": "\r", "t": "\t", "f": "\f", "v": "\v", "a": "\a"}
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}
_CANDIDATES = "a1A_- .+@/"
# ``{n}``, ``{n,}``, ``{n,m}``, ``{,m}``; any other brace is a literal one.
_BRACES = re.compile(r"\{(\d+)(?:,\d*)?\}|\{,\d+\}")
_FLAGS = set("aiLmsux-")


class _Unsupported(Exception):
    pass


# The longest sample made: a pattern that needs more (``^a{100000000}$``) gets none,
# rather than an example of that size.
MAX_SAMPLE = 1000


def sample_for_pattern(pattern: str) -> str | None:
    """A string ``re.search(pattern, ...)`` accepts (OpenAPI patterns are not
    anchored), or None when none is found."""
    try:
        reader = _Reader(pattern)
        text = reader.alternation()
        if reader.peek():
            raise _Unsupported("unbalanced )")
        if len(text) > MAX_SAMPLE:
            return None
        found = re.search(pattern, text)
    except (re.error, _Unsupported, RecursionError, OverflowError, ValueError):
        return None
    return text if found else None


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.at = 0

    def peek(self, ahead: int = 0) -> str:
        index = self.at + ahead
        return self.pattern[index] if index < len(self.pattern) else ""

    def take(self) -> str:
        char = self.peek()
        if not char:
            raise _Unsupported("unexpected end")
        self.at += 1
        return char

    def alternation(self) -> str:
        first = self.sequence()
        while self.peek() == "|":
            self.take()
            self.sequence()  # read past: the first branch is the one taken
        return first

    def sequence(self) -> str:
        out: list[str] = []
        while self.peek() not in ("", "|", ")"):
            once = self.atom()
            low = self.repeats()
            if len(once) * low > MAX_SAMPLE:
                raise _Unsupported("too long")
            out.append(once * low)
        return "".join(out)

    def repeats(self) -> int:
        """The fewest times the quantifier after an atom repeats it (1 without one)."""
        char = self.peek()
        if char in ("*", "?"):
            self.take()
            low = 0
        elif char == "+":
            self.take()
            low = 1
        elif char == "{" and (braces := _BRACES.match(self.pattern, self.at)):
            self.at = braces.end()
            low = int(braces.group(1) or 0)
        else:
            return 1
        if self.peek() in ("?", "+"):  # lazy or possessive: the same fewest
            self.take()
        return low

    def atom(self) -> str:
        char = self.take()
        if char == "(":
            return self.group()
        if char == "[":
            return self.char_set()
        if char == "\\":
            return self.escape()
        if char == ".":
            return "a"
        if char in ("^", "$"):
            return ""
        if char in ("*", "+", "?"):
            raise _Unsupported("nothing to repeat")
        return char

    def group(self) -> str:
        hidden = False
        if self.peek() == "?":
            self.take()
            kind = self.take()
            if kind == "<" and self.peek() in ("=", "!"):
                self.take()
                hidden = True  # a lookbehind matches no text of its own
            elif kind in ("=", "!"):
                hidden = True  # a lookahead
            elif kind == "#":
                while self.take() != ")":
                    pass
                return ""
            elif kind == "P" and self.peek() == "<" or kind == "<":
                while self.take() != ">":
                    pass
            elif kind in _FLAGS:
                while self.peek() in _FLAGS or self.peek().isalpha():
                    self.take()
                if self.take() == ")":
                    return ""  # flags for the whole pattern
            elif kind not in (":", ">"):
                raise _Unsupported(f"(?{kind}")  # back reference, condition
        text = self.alternation()
        if self.take() != ")":
            raise _Unsupported("unclosed group")
        return "" if hidden else text

    def escape(self) -> str:
        char = self.take()
        if char in _CLASSES:
            return _CLASSES[char]
        if char in ("b", "B", "A", "Z"):
            return ""
        if char.isdigit():
            return self.octal(char)
        return self.escaped_char(char)

    def octal(self, first: str, in_set: bool = False) -> str:
        """``\0``, ``\012``; outside a set ``\1``.. is a back reference."""
        digits = first
        while len(digits) < 3 and self.peek() in "01234567" and self.peek():
            digits += self.take()
        if first != "0" and len(digits) < 3 and not in_set:
            raise _Unsupported("back reference")
        return chr(int(digits, 8))

    def escaped_char(self, char: str) -> str:
        if char in _CONTROL:
            return _CONTROL[char]
        if char in _HEX_DIGITS:
            digits = "".join(self.take() for _ in range(_HEX_DIGITS[char]))
            return chr(int(digits, 16))
        return char

    def char_set(self) -> str:
        negated = self.peek() == "^"
        if negated:
            self.take()
        members: list[tuple[str, str]] = []  # (low, high) ranges; ("", class) escapes
        while True:
            char = self.take()
            if char == "]" and members:
                break
            if char == "\\" and self.peek() in _CLASSES:
                members.append(("", self.take()))
                continue
            low = self.set_char(char)
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.take()
                high = self.set_char(self.take())
                members.append((low, high))
            else:
                members.append((low, low))
        if negated:
            excluded: set[str] = set()
            for low, high in members:
                if low:
                    excluded.update(chr(c) for c in range(ord(low), ord(high) + 1))
                else:
                    excluded.add(_CLASSES[high])
            allowed = (c for c in _CANDIDATES + "xyz" if c not in excluded)
            found = next(allowed, "")
            if not found:
                raise _Unsupported("no candidate outside the set")
            return found
        low, high = members[0]
        return low or _CLASSES[high]

    def set_char(self, char: str) -> str:
        if char != "\\":
            return char
        escaped = self.take()
        if escaped == "b":
            return "\b"
        if escaped.isdigit():
            return self.octal(escaped, in_set=True)
        return self.escaped_char(escaped)
