"""The JSON text ``tix list --json`` writes straight from the tickets is ``json.dumps`` of
their summaries, byte for byte: on every corpus folder and on generated tickets whose fields
hold anything, including values of other types than the model declares."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import CORPUS
from tix.model import Criterion, Ticket
from tix.render.summaries import summaries_json
from tix.workspace import Workspace


def _dumped(tickets: list[Ticket]) -> str:
    return json.dumps(
        [ticket.summary() for ticket in tickets], ensure_ascii=False, separators=(",", ":")
    )


@pytest.mark.parametrize("folder", sorted(p.name for p in CORPUS.iterdir() if p.is_dir()))
def test_corpus_summaries_are_json_dumps(folder: str, corpus_copy: Any) -> None:
    root: Path = corpus_copy(folder)
    tickets = Workspace.open(root, use_cache=False).load().tickets
    assert tickets
    assert summaries_json(tickets) == _dumped(tickets)


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)  # quotes, \\, controls, 🔴
ODD = st.one_of(  # what a field might hold if a dialect got it wrong
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(TEXT, max_size=2),
    TEXT,
)
TEXTS = st.lists(TEXT, max_size=3)
ODD_TEXTS = st.lists(TEXT | ODD, max_size=3)  # summary() itself needs an iterable here


@st.composite
def tickets(draw: st.DrawFn) -> Ticket:
    def maybe(strategy: st.SearchStrategy[Any], odd: st.SearchStrategy[Any] = ODD) -> Any:
        """A value of ``strategy``, once in ten one of ``odd``."""
        return draw(odd if draw(st.integers(0, 9)) == 0 else strategy)

    optional = st.none() | TEXT
    return Ticket(
        id=maybe(TEXT),
        title=maybe(TEXT),
        status=maybe(TEXT),
        status_text=maybe(TEXT),
        priority=maybe(optional),
        assignees=draw(TEXTS),
        epic=maybe(optional),
        sprint=maybe(optional),
        milestone=maybe(optional),
        labels=maybe(TEXTS, ODD_TEXTS),
        depends_on=maybe(TEXTS, ODD_TEXTS),
        estimate=maybe(optional),
        points=maybe(
            st.none()
            | st.integers(-(10**20), 10**20)
            | st.floats(allow_nan=False, allow_infinity=False)
        ),
        path=maybe(TEXT),
        line=maybe(st.integers(1, 10**6)),
        dialect=maybe(TEXT),
        criteria=[
            Criterion(text="c", checked=checked, line=1, mark_offset=0)
            for checked in draw(st.lists(st.booleans(), max_size=4))
        ],
    )


@given(st.lists(tickets(), max_size=4))
def test_generated_summaries_are_json_dumps(generated: list[Ticket]) -> None:
    assert summaries_json(generated) == _dumped(generated)


@pytest.mark.parametrize(
    ("points", "line"), [(math.nan, 1), (math.inf, 1), (2.5, 1), (3, True), (3, 2.0)]
)
def test_numbers_json_writes_its_own_way_are_left_to_it(points: float, line: Any) -> None:
    ticket = Ticket(id="A-1", title="t", status="todo", status_text="todo", path="a.md",
                    dialect="frontmatter", points=points, line=line)  # fmt: skip
    assert summaries_json([ticket]) == _dumped([ticket])
