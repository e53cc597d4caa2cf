"""The plain reader of front-matter agrees with PyYAML on every mapping it takes, and takes the
front-matter people write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tix.errors import TixError
from tix.yamlmap import YamlMapping, load_mapping, read_plain_mapping
from tix.yamlnodes import compose_mapping

ROOT = Path(__file__).resolve().parents[1]

# Values that look alike and mean different things to YAML 1.1, and ways to write a value
# that only PyYAML may read (or that YAML refuses).
TRICKY_VALUES = [
    *("todo", "In Progress", "P2", "Sprint 3", "12h", "1.5d", "A-1", "日本語 🔴", "é", "C#"),
    *("yes", "No", "TRUE", "off", "On", "y", "n", "~", "null", "Null", "NULL", "nul"),
    *(
        "0",
        "3",
        "-3",
        "+3",
        "010",
        "08",
        "0_7",
        "-0_1",
        "0x1F",
        "0b101",
        "1_000",
        "1:20",
        "190:20:30",
    ),
    *("1.5", "1.", ".5", "-1.5e+3", "1.0E-2", "1e3", ".inf", "-.Inf", ".NaN", "1_0.5"),
    *("2024-01-01", "2024-1-1 10:00:00", "2024-01-01T10:00:00Z", "2024-01-01x", "24-01-01"),
    *("a: b", "a:", "a:b", "a #b", "a#b", "a # b", "a  ", "-x", "- x", "-", "?x", "? x"),
    *(":x", "&a x", "*a", "!t x", "!!str 3", "|", ">", "%x", "@x", "`x", "=", "<<"),
    *("[a, b]", "[a,]", "[,]", "[ ]", "[]", "[a, [b]]", "['a']", "[a: b]", "[a #b]", "[-1]"),
    *("[yes, 3, ~, 1.5, 010]", "[a b,  c ]", "[a", "[a]]", "[a] x", "[a] # c", "{a: 1}"),
    *("'it''s'", "'a'b", "'a' # c", "'a'#c", "'a", "''", '"x"', '"a\\nb"', '"a', '""'),
    *('"a" "b"', "'a: b'", "'#'", "a\tb", "\t", "x\u2028y", "x\x85", "\ufeffx", "x\x7f"),
]
TRICKY_KEYS = [
    *("id", "title", "status", "depends_on", "x-y", "a b", "状态", "é", "_k", ".k", "k."),
    *("yes", "1", "~", "<<", "=", "...", "a:b", "k ", " k", "-k", "'k'", "k#", "[k]", "!k"),
]
OTHER_LINES = ["", "   ", "# a comment", "  # indented comment", "  more", "- item", "---"]
OTHER_LINES += ["...", "%YAML 1.1", "\t", "key_only", "  indented: x", "x" * 1100 + ": y"]

SAFE_KEYS = ["id", "title", "status", "depends_on", "x-y", "a b", "状态"]
# Values shaped like YAML 1.1's numbers, dates, booleans and nulls, near and off their rules.
_typed_looking = st.one_of(
    st.from_regex(r"[-+]?[0-9_]{1,4}(\.[0-9_]{0,3})?([eE][-+]?[0-9]{1,2})?", fullmatch=True),
    st.from_regex(r"[-+]?\.?[0-9]{0,2}(inf|Inf|INF|nan|NaN|NAN|[0-9])", fullmatch=True),
    st.from_regex(r"[-+]?0[xXbBoO]?[0-9a-fA-F_]{1,4}", fullmatch=True),
    st.from_regex(r"[-+]?[0-9]{1,3}(:[0-9]{1,2}){1,2}(\.[0-9]{0,2})?", fullmatch=True),
    st.from_regex(
        r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
        r"([Tt ]{1,2}[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?( ?(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?",
        fullmatch=True,
    ),
    st.sampled_from(["yes", "no", "true", "false", "on", "off", "null", "~", "y", "n"]).flatmap(
        lambda word: st.sampled_from([word, word.upper(), word.title(), word[::-1]])
    ),
)
_value = st.sampled_from(TRICKY_VALUES) | _typed_looking | st.text(max_size=12)
_entry = st.builds(
    lambda key, separator, value, comment: f"{key}{separator}{value}{comment}",
    st.sampled_from(SAFE_KEYS) | st.sampled_from(TRICKY_KEYS) | st.text(max_size=6),
    st.sampled_from([": ", ": ", ":", ":  ", " : ", ":\t"]),
    _value,
    st.sampled_from(["", "", " # note", "#x", "   "]),
)
_plain_entry = st.builds(
    lambda key, value: f"{key}: {value}", st.sampled_from(SAFE_KEYS), _value
)  # mostly lines the plain reader takes, so that a whole mapping is often read plainly
_line = _plain_entry | _plain_entry | _plain_entry | _entry | st.sampled_from(OTHER_LINES)


def both_readings(text: str) -> tuple[YamlMapping | None, YamlMapping | TixError]:
    plain = read_plain_mapping(text, base_offset=4, base_line=2)
    try:
        composed: YamlMapping | TixError = compose_mapping(text, base_offset=4, base_line=2)
    except TixError as exc:
        composed = exc
    return plain, composed


@settings(max_examples=500)
@given(st.lists(_line, max_size=5), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
@example(["status: todo", "points: 3", "labels: [a, b,]", "title: 'it''s'", "x:"], "\n", False)
def test_a_mapping_read_plainly_is_the_one_pyyaml_reads(
    lines: list[str], newline: str, final_newline: bool
) -> None:
    text = newline.join(lines) + (newline if final_newline else "")
    plain, composed = both_readings(text)
    if plain is not None:
        assert plain == composed


@settings(max_examples=1000)
@given(_typed_looking | st.text(alphabet="0123456789-+._:eExXbBoO yYnNtTfFlL~<=#Z", min_size=1))
def test_a_plain_value_means_what_it_means_to_pyyaml(value: str) -> None:
    for text in (f"k: {value}\n", f"k: [{value}, {value}]\n"):
        plain, composed = both_readings(text)
        if plain is not None:
            assert plain == composed


@pytest.mark.parametrize("value", TRICKY_VALUES)
def test_each_tricky_value_reads_as_pyyaml_reads_it(value: str) -> None:
    plain, composed = both_readings(f"k: {value}\n")
    if plain is not None:
        assert plain == composed


def test_the_front_matter_people_write_is_read_plainly() -> None:
    text = (
        "# owned by the platform team\r\n"
        "id: PLAT-7\r\n"
        'title: "Rotate the signing key: yearly"\r\n'
        "status: 'In Progress'   # moved on Monday\r\n"
        "priority: P1\r\n"
        "labels: [security, ops, ]\r\n"
        "depends_on: []\r\n"
        "points: 3\r\n"
        "estimate: 4h\r\n"
        "due: 2026-12-01\r\n"
        "assignee:\r\n"
        "\r\n"
        "状态: 进行中\r\n"
    )
    plain, composed = both_readings(text)
    assert plain is not None
    assert plain == composed
    values = plain.as_dict()
    assert values["status"] == "In Progress"
    assert values["labels"] == ["security", "ops"]
    assert values["points"] == 3 and values["assignee"] is None
    assert values["due"] == "2026-12-01"
    assert values["状态"] == "进行中"


def test_every_example_ticket_is_read_plainly() -> None:
    from tix.dialects.frontmatter import find_front_matter
    from tix.document import Document

    read = 0
    for path in sorted((ROOT / "examples").rglob("*.md")):
        doc = Document.from_bytes(path.read_bytes())
        block = find_front_matter(doc)
        if block is None:
            continue
        text = doc.text[block.content_start : block.content_end]
        assert read_plain_mapping(text) is not None, path
        read += 1
    assert read >= 10


def test_errors_come_from_pyyaml_with_their_place() -> None:
    with pytest.raises(TixError) as caught:
        load_mapping("id: A-1\nid: A-2\n", path="t.md", base_line=2)
    assert (caught.value.line, "appears twice") == (3, "appears twice")
    assert "appears twice" in str(caught.value)
    with pytest.raises(TixError) as caught:
        load_mapping("title: a: b\n", path="t.md", base_line=2)
    assert caught.value.line == 2


def test_plain_front_matter_is_read_without_importing_pyyaml(tmp_path: Path) -> None:
    for number in range(3):
        (tmp_path / f"A-{number}.md").write_text(
            f"---\nid: A-{number}\ntitle: Ticket {number}\nstatus: todo\npoints: 2\n"
            "depends_on: [A-0]\n---\nBody.\n"
        )
    program = (
        "import sys; from tix.workspace import Workspace\n"
        f"catalog = Workspace.open({str(tmp_path)!r}).load(use_cache=False)\n"
        "assert len(catalog.tickets) == 3, catalog.problems\n"
        "print(sorted(name for name in sys.modules if name.startswith('yaml')))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def _pyyaml_reads_back(text: str, in_list: bool) -> bool:
    """Whether PyYAML reads ``text`` written plain as the same string (in a list too)."""
    import yaml

    try:
        if yaml.safe_load(f"k: {text}") != {"k": text}:
            return False
        return not in_list or yaml.safe_load(f"[{text}]") == [text]
    except (yaml.YAMLError, ValueError):
        return False


@settings(max_examples=500)
@given(_value.map(str.strip), st.booleans())
@example("2024-01-01", False)
@example("yes", True)
def test_an_edit_writes_a_value_plain_only_when_pyyaml_reads_it_back(
    text: str, in_list: bool
) -> None:
    from tix.edit.frontmatter import _plain_is_safe

    assert _plain_is_safe(text, in_list) == (bool(text) and _pyyaml_reads_back(text, in_list))
