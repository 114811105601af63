"""Safe YAML reading that remembers where every key and value came from.

PyYAML composes a node graph (with the libyaml C parser when present); we turn that graph
into plain Python values ourselves, so that we can
- record the line and column of every key and value (for `path:line:col` messages),
- report duplicate keys instead of silently keeping the last one,
- refuse tags (`!ENV`, `!!python/...`): content is data, never code,
- bound alias expansion, so a "billion laughs" file costs a few thousand nodes, not GBs;
- bound nesting before anything recurses: PyYAML composes a node graph recursively (in C with
  libyaml, where 50,000 levels crash the interpreter), and so do we when we build values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C loader is several times faster; fall back to pure Python when absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]



class _CachingLoader(_Loader):
    """The safe loader, remembering how short plain scalars resolve (`true` is a bool, `3.1`
    a float...). Front-matter repeats the same keys and terms in every file, and resolving
    them again was a fifth of the time to read a file."""

    _resolved: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}  # shared on purpose

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        resolve = super().resolve  # PyYAML's own is untyped
        if kind is not ScalarNode or not isinstance(value, str) or len(value) > 40:
            return resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        key = (value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(self._resolved) < 50_000:
                self._resolved[key] = tag
        return tag


FieldPath = tuple[str | int, ...]

# The most nodes one document may expand to; ordinary front-matter has well under 200.
MAX_NODES = 10_000
# The most lists and mappings one value may sit inside; ordinary files use three or four.
MAX_DEPTH = 64
TOO_DEEP = (
    f"the YAML nests lists and 'key: value' sets more than {MAX_DEPTH} levels deep; no field "
    "needs that many: check the brackets and the indentation"
)
# A line's indentation and the block indicators ('- ', '? ', ': ') that open nested
# collections on it: a block collection starts at most this far in.
_LEAD = re.compile(r"^[ \t?:-]+", re.MULTILINE)

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


class Mark(NamedTuple):  # a tuple: one is made per key and value, so it must be cheap
    line: int  # 1-based, in the whole file
    column: int  # 1-based


@dataclass
class Positions:
    """Where each key and value of a document stands in its file.

    Positions are looked up in the composed node graph only when a problem is reported:
    recording one for every key and value of every file cost more than reading them.
    """

    root: Node | None = None
    line_offset: int = 0
    start: Mark = Mark(1, 1)  # noqa: RUF009 - an immutable tuple, safe as a default
    # id(mapping node) -> its first (key node, value node) for each key, made on first use:
    # a file with thousands of problems in one mapping must not search it once per problem.
    _keys: dict[int, dict[str, tuple[Node, Node]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def _mark(self, node: Node) -> Mark:
        return Mark(node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def _walk(self, path: FieldPath) -> tuple[Node | None, Node | None]:
        """(key node, value node) at `path`, as far as the path can be followed."""
        key: Node | None = None
        node = self.root
        for part in path:
            if isinstance(node, MappingNode) and isinstance(part, str):
                pair = self._pairs(node).get(part)
                if pair is None:
                    return None, None
                key, node = pair
            elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
                key, node = None, node.value[part]
            else:
                return None, None
        return key, node

    def _pairs(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        pairs = self._keys.get(id(node))
        if pairs is None:
            pairs = self._keys[id(node)] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    pairs.setdefault(key.value, (key, value))
        return pairs

    def key(self, path: FieldPath) -> Mark:
        """The key's own position (for unknown or duplicate keys); else the best known."""
        key, _ = self._walk(path)
        return self._mark(key) if key is not None else self.locate(path)

    def locate(self, path: FieldPath) -> Mark:
        """The value at `path`, else its key, else the nearest ancestor, else the document."""
        for end in range(len(path), 0, -1):
            key, value = self._walk(path[:end])
            if value is not None:
                return self._mark(value)
            if key is not None:
                return self._mark(key)
        return self.start


class YamlProblem(Exception):
    """A problem that stops a document from being read at all, or a value being kept."""

    def __init__(self, mark: Mark, message: str, rule: str, field: str = "") -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.rule = rule
        self.field = field
        # Further problems found with this one (tab_problems: each line indented with a tab).
        self.related: list[YamlProblem] = []


@dataclass
class Document:
    value: Any
    positions: Positions
    problems: list[YamlProblem]


class _Builder:
    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.positions = Positions(line_offset=line_offset)
        self.problems: list[YamlProblem] = []
        self.nodes = 0
        self.scalars = SafeConstructor()

    def mark(self, node: Node) -> Mark:
        return Mark(node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def build(self, node: Node, path: FieldPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            # Aliased nodes carry their anchor's position; the key being expanded is the
            # place to point at.
            raise YamlProblem(
                self.positions.key(path[:1]) if path else self.mark(node),
                f"the front-matter expands to more than {MAX_NODES} values (YAML aliases); "
                "write the values out plainly instead of using '&' anchors and '*' aliases",
                "yaml-alias-limit",
                _field(path[:1]),
            )
        if len(path) >= MAX_DEPTH and not isinstance(node, ScalarNode):
            # The text is checked before composing (`check_depth`); this is the depth '*'
            # aliases reach (`a: &a [*a]` is a list inside itself), and keeps `build` from
            # recursing without end.
            raise YamlProblem(
                self.positions.key(path[:1]),
                f"the YAML nests lists and 'key: value' sets more than {MAX_DEPTH} levels deep "
                "through '*' aliases; write the values out plainly instead of using '&' anchors "
                "and '*' aliases",
                "yaml-too-deep",
                _field(path[:1]),
            )
        if node.tag not in _PLAIN_TAGS:
            raise YamlProblem(
                self.mark(node),
                f"the YAML tag '{node.tag}' is not allowed; content is plain data, "
                "so remove the tag",
                "yaml-tag",
                _field(path),
            )
        if isinstance(node, MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag == _STR:  # most values: skip the generic constructor
            return node.value
        try:
            return self.scalars.construct_object(node)
        except (ValueError, yaml.YAMLError):
            # e.g. `date: 2024-13-45` looks like a date but is none: keep the text and let
            # the schema say what is wrong with it, at this position.
            return node.value

    def build_mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_keys: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(
                    self.mark(key_node),
                    "keys must be plain words such as 'title:'; merge keys ('<<') and "
                    "complex keys are not supported",
                    "yaml-key",
                    _field(path),
                )
            key = str(key_node.value)
            here = (*path, key)
            if key in first_keys:
                first = self.mark(first_keys[key])
                self.problems.append(
                    YamlProblem(
                        self.mark(key_node),
                        f"duplicate key '{key}' (first given on line {first.line}); "
                        "keep one of them",
                        "duplicate-key",
                        _field(here),
                    )
                )
                continue
            first_keys[key] = key_node
            out[key] = self.build(value_node, here)
        return out


def _field(path: FieldPath) -> str:
    from .problems import format_field

    return format_field(path)


def depth_bound(text: str) -> int:
    """An upper bound of how deeply `text` nests collections, in one pass at C speed.

    Flow collections ('[', '{') nest at most as deep as there are brackets. A block
    collection starts at its line's indentation or after a '- ' (or '? ', ': ') on it, and
    one nested in another starts further right, but for a list at the same indentation as
    the key it is the value of: at most two levels per column.
    """
    flow = text.count("[") + text.count("{")
    column = max(map(len, _LEAD.findall(text)), default=0)
    return flow + 2 * (column + 1)


def check_depth(text: str, line_offset: int = 0) -> None:
    """Refuse YAML nested more than MAX_DEPTH deep, before anything recursive reads it.

    Most files are proved shallow by `depth_bound`; the others are read as a stream of
    parser events (libyaml's parser keeps its own stack, it does not recurse), which says
    exactly where the limit is passed. Linear in the text either way.
    """
    if depth_bound(text) <= MAX_DEPTH:
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                at = event.start_mark
                where = Mark(at.line + 1 + line_offset, at.column + 1) if at else Mark(1, 1)
                raise YamlProblem(where, TOO_DEEP, "yaml-too-deep")
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def load_document(text: str, line_offset: int = 0) -> Document:
    """Read one YAML document. `line_offset` is the number of file lines before `text`.

    Raises YamlProblem for syntax errors, tags, alias bombs and too deep nesting; collects
    duplicate keys. A document YAML refuses because lines are indented with tabs gets a
    problem naming each such line, and is read again with the tabs as spaces (to the tab
    stops of `TAB_WIDTHS`, the first that works), so that its other problems are found too;
    if it still cannot be read, the first tab is raised, with the rest (and the syntax
    error, unless it is on a tab's line) in `related`.
    """
    try:
        return _load(text, line_offset)
    except YamlProblem as exc:
        if exc.rule != "yaml-syntax" or not _TAB_INDENT.search(text):
            raise
    failed: list[tuple[int, YamlProblem]] = []
    for width in TAB_WIDTHS:
        try:
            doc = _load(_TAB_INDENT.sub(partial(_expand, width=width), text), line_offset)
        except YamlProblem as exc:
            failed.append((width, exc))
            continue
        doc.problems[:0] = tab_problems(text, line_offset, width)
        return doc
    lines = {tab.mark.line for tab in tab_problems(text, line_offset)}
    if not lines:  # only blank lines hold tabs: the syntax error is another one
        raise failed[0][1]
    # A reading that fails past the tabs' lines had the tabs right: its error is the next.
    width, after = next(((w, e) for w, e in failed if e.mark.line not in lines), (2, None))
    tabs = tab_problems(text, line_offset, width)
    tabs[0].related = [*tabs[1:], *([after] if after else [])]
    raise tabs[0] from None


# The tab stops tried when a document indented with tabs is read again: two spaces first
# (what the messages advise), then where editors commonly put them.
TAB_WIDTHS = (2, 4, 8)
# A line's indentation, when it holds a tab (YAML allows only spaces there).
_TAB_INDENT = re.compile(r"^[ ]*\t[ \t]*", re.MULTILINE)
_INDENT = re.compile(r"[ \t]+")
def _expand(match: re.Match[str], width: int) -> str:
    return match[0].expandtabs(width)


_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def tab_problems(text: str, line_offset: int = 0, width: int = 2) -> list[YamlProblem]:
    """A problem for each line indented with one or more tabs, at its first tab, saying how
    many spaces to use instead (the tabs expanded to stops `width` apart)."""
    problems = []
    for line, text_line in enumerate(text.split("\n"), start=1 + line_offset):
        indent = _INDENT.match(text_line)
        if indent is None or "\t" not in indent[0] or indent[0] == text_line:
            continue  # no tab in the indentation, or a blank line
        column = indent[0].index("\t") + 1
        spaces = len(indent[0].expandtabs(width))
        count = _NUMBERS[spaces] if spaces < len(_NUMBERS) else str(spaces)
        if indent[0] == "\t":
            message = (f"line {line} uses a tab to indent; YAML needs spaces: replace the tab "
                       f"with {count} spaces")
        else:
            message = (f"line {line} uses {'tabs' if indent[0].count(chr(9)) > 1 else 'a tab'} "
                       f"to indent; YAML needs spaces: indent it with {count} spaces instead")
        problems.append(YamlProblem(Mark(line, column), message, "yaml-syntax"))
    return problems


def _load(text: str, line_offset: int) -> Document:
    builder = _Builder(line_offset)
    try:
        check_depth(text, line_offset)
        node = yaml.compose(text, Loader=_CachingLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (
            Mark(mark.line + 1 + line_offset, mark.column + 1) if mark else Mark(line_offset, 1)
        )
        reason = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(
            where,
            f"the front-matter is not valid YAML: {reason}; check the indentation and "
            "put quotes around text that contains ': ' or starts with a special character",
            "yaml-syntax",
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, e.g. a control character
        # libyaml counts the offset in UTF-8 bytes, the pure-Python reader in characters.
        before = (text.encode()[: exc.position].decode(errors="ignore")
                  if _Loader.__name__.startswith("C") else text[: exc.position])
        where = Mark(before.count("\n") + 1 + line_offset, len(before) - before.rfind("\n"))
        raise YamlProblem(
            where, f"the front-matter is not valid YAML: {str(exc).splitlines()[0]}; "
            "remove that character", "yaml-syntax"
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(
            Mark(line_offset, 1), f"the front-matter is not valid YAML: {exc}", "yaml-syntax"
        ) from None
    if node is None:
        return Document(None, builder.positions, [])
    builder.positions.root = node
    value = builder.build(node, ())
    return Document(value, builder.positions, builder.problems)
