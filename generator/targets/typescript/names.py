"""TypeScript names and literals: identifiers from the model's names, string literals
and comments that no spec text can break out of."""

from __future__ import annotations

import json
import re

from generator.model.words import words

# Reserved words and the globals a generated file refers to: no generated name may
# be one of them (a model called ``Promise`` would shadow the real one).
RESERVED = frozenset(
    """break case catch class const continue debugger default delete do else enum export
    extends false finally for function if import in instanceof new null return super
    switch this throw true try typeof var void while with as implements interface let
    package private protected public static yield any boolean number string symbol
    unknown never object bigint undefined await async of type declare namespace module
    require arguments eval constructor""".split()
)
GLOBALS = frozenset(
    """Array Record Promise Date Error Blob Map Set Object String Number Boolean Symbol
    BigInt Function RegExp JSON Math Headers Request Response URL FormData ReadableStream
    AbortSignal Partial Required Readonly Pick Omit Exclude Extract NonNullable
    ReturnType Iterable AsyncIterable AsyncIterableIterator File""".split()
)
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def is_identifier(name: str) -> bool:
    return bool(_IDENTIFIER.match(name)) and name not in RESERVED


def camel(name: str) -> str:
    """``accountId`` stays, ``account_id`` and ``Account-ID`` become ``accountId``;
    a reserved word gets a trailing underscore, a leading digit an ``n``."""
    parts = words(name) or ["value"]
    if len(parts) == 1 and _IDENTIFIER.match(name):
        result = name[:1].lower() + name[1:]
    else:
        result = (
            parts[0][:1].lower() + parts[0][1:] + "".join(_cap(w) for w in parts[1:])
        )
    if result[0].isdigit():
        result = "n" + result
    return result + "_" if result in RESERVED else result


def pascal(name: str) -> str:
    """A type or constant-member name: ``LOCAL_A2P`` -> ``LocalA2p``, ``sms`` -> ``Sms``."""
    parts = words(name) or ["Value"]
    result = "".join(_cap(w.lower() if w.isupper() else w) for w in parts)
    return "N" + result if result[0].isdigit() else result


def type_name(name: str, taken: frozenset[str] = frozenset()) -> str:
    """A model's TypeScript name: its class name unless that shadows a global or a
    name the SDK exports (``taken``)."""
    return (
        name + "Model" if name in GLOBALS or name in RESERVED or name in taken else name
    )


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def string(value: str) -> str:
    """A TypeScript string literal of any text, quoted as prettier quotes it."""
    text = json.dumps(value, ensure_ascii=False)
    # Line and paragraph separators end a line in older engines; ``</script`` would end
    # an inline script.
    text = (
        text.replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
        .replace("</", "<\\/")
    )
    if value.count('"') > value.count("'"):
        # prettier's choice: the quote that needs fewer escapes (double on a tie).
        text = "'" + text[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"
    return text


def literal(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return string(value)


def key(name: str) -> str:
    """A property key as prettier writes it: bare when it can be, else quoted."""
    return name if _IDENTIFIER.match(name) else string(name)


def data_key(name: str) -> str:
    """A key of an object literal: as ``key``, but ``__proto__`` computed, since
    ``{__proto__: x}`` (quoted or not) sets the object's prototype instead of a key."""
    return '["__proto__"]' if name == "__proto__" else key(name)


def comment(text: str) -> str:
    """Text for a ``/** ... */`` comment: one line, and ``*/`` cannot end it."""
    return " ".join(text.split()).replace("*/", "*\\/")
