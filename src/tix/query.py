"""The filter language shared by ``tix list``, ``board``, ``rollup``, ``ready`` and ``graph``.

A query is words, all of which must hold:

- ``status:in-progress``, ``status:todo,blocked`` (a comma means or), ``-status:done`` (a
  leading ``-`` negates), ``priority:P0,P1``, ``assignee:alice``, ``assignee:none``,
  ``epic:foundation``, ``sprint:"Sprint 2"``, ``milestone:M1``, ``label:api``, ``type:bug``,
  ``id:DANUBE-01*`` (``*`` and ``?`` glob), and fields of your own (``component:api``);
- comparisons on ordered fields: ``priority:<=P1`` (more urgent or as urgent),
  ``points:>=5``, ``estimate:>4h``;
- ``is:ready``, ``is:blocked``, ``is:open``, ``is:done``, ``has:deps``, ``has:criteria`` (and
  ``has:FIELD`` for any field);
- any other word matches the title and body, case-insensitively; ``"quoted phrases"`` too.

Field names accept the same aliases as the files (``owner:`` is ``assignee:``); status values
accept every alias and emoji of the workspace's statuses. A malformed word is a ``TixError``
with the usage code, naming the word.
"""

from __future__ import annotations

import fnmatch
import operator
import re
import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from tix.errors import Code, TixError
from tix.estimates import parse_estimate
from tix.fields import FieldNames, as_number
from tix.graph import DependencyGraph
from tix.model import Milestone, StatusCategory, Ticket, fold
from tix.querywords import NEGATION
from tix.vocabulary import PriorityVocabulary, StatusVocabulary

Predicate = Callable[[Ticket], bool]
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
}

_TERM = re.compile(
    r"^(?P<negate>-)?(?P<field>[A-Za-z_][\w-]*|[^\W\d_][\w-]*):(?P<value>.*)$", re.DOTALL
)
_ANOTHER_TERM = re.compile(r"\s-?[A-Za-z_][\w-]*:")
_QUOTED_PART = re.compile(r"\s[\"']")  # status:todo "load test": a field word, then a phrase
_COMPARISON = re.compile(r"^(?P<op><=|>=|<|>|=)(?P<value>.*)$")
_IS = ("ready", "blocked", "open", "done", "todo", "active", "waiting")


@dataclass(frozen=True)
class Term:
    """One word of a query, as written, and the test it stands for."""

    word: str
    test: Predicate
    negate: bool = False

    def __call__(self, ticket: Ticket) -> bool:
        return self.test(ticket) != self.negate


class Query:
    """A parsed query: a ticket matches when every term holds."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = list(terms)

    def __call__(self, ticket: Ticket) -> bool:
        return all(term(ticket) for term in self.terms)

    def filter(self, tickets: Iterable[Ticket]) -> list[Ticket]:
        return [ticket for ticket in tickets if self(ticket)]

    def __bool__(self) -> bool:
        return bool(self.terms)


def split_words(arguments: Sequence[str]) -> list[str]:
    """Query words from command-line arguments: a field word is one argument even with
    spaces (``sprint:Sprint 2`` as the shell passes ``sprint:"Sprint 2"``); an argument in
    quotes (``'"localhost:8000"'``) is a phrase of text, kept with its quotes; an argument
    holding a field word and more (``'status:todo priority:P0'``) is split at spaces, keeping
    quoted parts together; any other argument of several words is one phrase
    (``'load test'``). An apostrophe is a letter (``Python's``)."""
    words: list[str] = []
    for argument in arguments:
        stripped = argument.strip()
        whole = _TERM.match(stripped) and not _ANOTHER_TERM.search(argument)
        if (whole and not _QUOTED_PART.search(stripped)) or _quoted(stripped):
            words.append(stripped)
            continue
        try:
            parts = shlex.split(argument, posix=False)  # quotes kept: they mark text
        except ValueError:  # a lone quote: "Python's"
            parts = argument.split()
        if len(parts) > 1 and not any(_TERM.match(part) for part in parts):
            words.append(stripped)  # one phrase: "load test"
        else:
            words.extend(parts)
    return words


def _quoted(word: str) -> bool:
    """Whether ``word`` (after an optional ``-``) is one text in matching quotes."""
    body = word[1:] if word.startswith("-") else word
    return len(body) >= 2 and body[0] == body[-1] and body[0] in "\"'"


def _number(word: str, text: str) -> float:
    value = as_number(text)
    if value is None:
        raise TixError(f"query word {word!r}: {text!r} is not a number", code=Code.USAGE)
    return value


class QueryParser:
    """Builds ``Query`` objects for one loaded workspace."""

    def __init__(
        self,
        graph: DependencyGraph,
        statuses: StatusVocabulary,
        priorities: PriorityVocabulary,
        field_names: FieldNames,
        milestones: Sequence[Milestone] = (),
    ) -> None:
        self.graph = graph
        self.milestones = list(milestones)
        self.statuses = statuses
        self.priorities = priorities
        self.field_names = field_names
        self.extra_fields = {
            fold(key): key for ticket in graph.catalog.tickets for key in ticket.extra
        }

    def parse(self, arguments: Sequence[str]) -> Query:
        words = [a.replace(NEGATION, "-", 1) if a.startswith(NEGATION) else a for a in arguments]
        query = Query([self._term(word) for word in split_words(words) if word])
        if any(_quoted(term.word) or not _TERM.match(term.word) for term in query.terms):
            self.graph.catalog.with_bodies(self.graph.catalog.tickets)  # words of the body
        return query

    def _term(self, word: str) -> Term:
        if word.startswith("--"):
            raise TixError(f"no such option: {word}", code=Code.USAGE, hint="see --help")
        match = None if _quoted(word) else _TERM.match(word)
        if match is None:
            negate = word.startswith("-") and len(word) > 1
            text = word[1:] if negate else word
            needle = (text[1:-1] if _quoted(text) else text).casefold()
            return Term(
                word, lambda t: needle in t.title.casefold() or needle in t.body.casefold(), negate
            )
        negate = bool(match.group("negate"))
        field, value = match.group("field"), match.group("value").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if not value:
            raise TixError(f"query word {word!r} has no value after the colon", code=Code.USAGE)
        return Term(word, self._field_test(word, field, value), negate)

    def _field_test(self, word: str, field: str, value: str) -> Predicate:
        name = field.casefold()
        if name == "is":
            return self._is(word, value)
        if name == "has":
            return self._has(word, value)
        canonical = self.field_names.canonical(field)
        comparison = _COMPARISON.match(value)
        if comparison and canonical in ("priority", "points", "estimate"):
            return self._compare(
                word, canonical, comparison.group("op"), comparison.group("value").strip()
            )
        if comparison and comparison.group("op") != "=":
            raise TixError(
                f"query word {word!r}: {field} cannot be compared "
                "(priority, points and estimate can)",
                code=Code.USAGE,
            )
        alternatives = [v.strip() for v in value.split(",") if v.strip()]
        if not alternatives:
            raise TixError(f"query word {word!r} has no value", code=Code.USAGE)
        if canonical is None:
            key = self.extra_fields.get(fold(self.field_names.kept_name(field)))
            if key is None:
                raise TixError(
                    f"query word {word!r}: no field {field!r}",
                    code=Code.USAGE,
                    hint="fields: status, priority, assignee, epic, sprint, milestone, label, "
                    "type, id, and the fields your tickets have",
                )
            wanted = [a.casefold() for a in alternatives]
            none = "none" in wanted or "(none)" in wanted
            return lambda t: (
                (none and key not in t.extra)
                or any(w in str(t.extra.get(key, "")).casefold() for w in wanted)
            )
        return self._equals(word, canonical, alternatives)

    @cached_property
    def _unknown_statuses(self) -> set[str]:
        """The statuses tickets are written with that are not the workspace's, folded."""
        get = self.statuses.get
        return {
            fold(t.status_text or t.status)
            for t in self.graph.catalog.tickets
            if get(t.status) is None
        }

    def _equals(self, word: str, name: str, alternatives: list[str]) -> Predicate:
        wanted = [a.casefold() for a in alternatives]
        none = "none" in wanted or "(none)" in wanted
        if name == "status":
            keys = set()
            written: set[str] = set()
            for alternative in alternatives:
                status = self.statuses.get(alternative)
                match = self.statuses.resolve(alternative) if status is None else None
                if status is None and match is not None and not match.note:
                    status = match.status
                if status is not None:
                    keys.add(status.key)
                elif fold(alternative) in self._unknown_statuses:
                    written.add(fold(alternative))  # not the workspace's: as the files write it
                else:
                    raise TixError(
                        f"query word {word!r}: unknown status {alternative!r}",
                        code=Code.USAGE,
                        hint=f"statuses: {', '.join(self.statuses.keys())}",
                    )
            return lambda t: (
                t.status in keys or (bool(written) and fold(t.status_text or t.status) in written)
            )
        if name == "priority":
            keys = {p.key for a in alternatives if (p := self.priorities.resolve(a)) is not None}
            literal = {fold(a) for a in alternatives}

            def priority(t: Ticket) -> bool:
                if not t.priority:
                    return none
                found = self.priorities.resolve(t.priority)
                return (found is not None and found.key in keys) or fold(t.priority) in literal

            return priority
        if name == "id":
            patterns = alternatives
            return lambda t: (
                any(fnmatch.fnmatchcase(t.id.casefold(), p.casefold()) for p in patterns)
                or any(
                    fnmatch.fnmatchcase(a.casefold(), p.casefold())
                    for a in t.aliases
                    for p in patterns
                )
            )
        if name == "assignee":
            people = {w.lstrip("@") for w in wanted}
            return lambda t: (
                (none and not t.assignees)
                or any(a.casefold().lstrip("@") in people for a in t.assignees)
            )
        if name == "labels":
            return lambda t: (
                (none and not t.labels) or any(label.casefold() in wanted for label in t.labels)
            )
        if name == "depends_on":
            return lambda t: (
                (none and not t.depends_on) or any(d.casefold() in wanted for d in t.depends_on)
            )
        if name == "epic":
            # The key, name or label, or whole words of them: "foundation" finds
            # "Epic 1: Foundation", "Phase 1" does not find "Phase 10: Launch".
            whole_words = [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in wanted]

            def epic(t: Ticket) -> bool:
                if not t.epic:
                    return none
                names = [n.casefold() for n in (t.epic, t.epic_name, t.epic_label) if n]
                return any(p.search(n) for p in whole_words for n in names)

            return epic
        if name == "milestone":
            # Its own, or its epic's in the config; by key, name or whole words of them:
            # "M1" finds "M1 Public beta" and the config's {key: M1, name: Foundation}.
            from tix.rollup import milestone_of

            names_of = {
                m.key: [m.key, m.name, f"{m.key}: {m.name}"] if m.name else [m.key]
                for m in self.milestones
            }
            words = [w for w in wanted if w not in ("none", "(none)")]
            whole_words = [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in words]

            def milestone(t: Ticket) -> bool:
                found = milestone_of(t, self.milestones)
                if not found:
                    return none
                names = [n.casefold() for n in names_of.get(found, [found]) if n]
                return any(p.search(n) for p in whole_words for n in names)

            return milestone
        if name == "points":
            numbers = [
                _number(word, a) for a in alternatives if a.casefold() not in ("none", "(none)")
            ]
            return lambda t: (
                (none and t.points is None) or (t.points is not None and t.points in numbers)
            )
        if name == "blocked_reason":
            return lambda t: (
                (none and not t.blocked_reason)
                or any(w in (t.blocked_reason or "").casefold() for w in wanted)
            )
        folded = {fold(a) for a in alternatives}
        return lambda t: (
            (none and not getattr(t, name, None)) or fold(str(getattr(t, name, "") or "")) in folded
        )

    def _compare(self, word: str, name: str, op: str, value: str) -> Predicate:
        if not value:
            raise TixError(
                f"query word {word!r} has nothing to compare with after {op}", code=Code.USAGE
            )
        compare = _COMPARE[op]
        if name == "priority":
            if self.priorities.resolve(value) is None:
                raise TixError(
                    f"query word {word!r}: unknown priority {value!r}",
                    code=Code.USAGE,
                    hint="priorities: " + ", ".join(p.key for p in self.priorities.priorities),
                )
            limit = self.priorities.rank(value)
            # "<= P1" means "P1 or more urgent": a smaller rank.
            return lambda t: (
                self.priorities.resolve(t.priority) is not None
                and compare(self.priorities.rank(t.priority), limit)
            )
        if name == "points":
            number = _number(word, value)
            return lambda t: t.points is not None and compare(t.points, number)
        estimate = parse_estimate(value)
        if estimate is None:
            raise TixError(
                f"query word {word!r}: {value!r} is not an estimate (like 4h or 2d)",
                code=Code.USAGE,
            )

        def by_estimate(t: Ticket) -> bool:
            own = parse_estimate(t.estimate)
            return own is not None and compare(own.hours, estimate.hours)

        return by_estimate

    def _is(self, word: str, value: str) -> Predicate:
        state = value.casefold()
        if state == "ready":
            ready = {id(t) for t in self.graph.ready()}
            return lambda t: id(t) in ready
        if state == "blocked":
            blocked = {id(t) for t, _ in self.graph.blocked()}
            return lambda t: id(t) in blocked
        if state == "waiting":
            return lambda t: bool(self.graph.waiting_on(t))
        categories = {
            "open": {StatusCategory.TODO, StatusCategory.ACTIVE},
            "done": {StatusCategory.DONE},
            "todo": {StatusCategory.TODO},
            "active": {StatusCategory.ACTIVE},
        }.get(state)
        if categories is None:
            raise TixError(f"query word {word!r}: is: takes {', '.join(_IS)}", code=Code.USAGE)
        return lambda t: self.statuses.category(t.status) in categories

    def _has(self, word: str, value: str) -> Predicate:
        name = value.casefold()
        canonical = self.field_names.canonical(value)
        if name in ("deps", "dependencies") or canonical == "depends_on":
            return lambda t: bool(t.depends_on or t.depends_on_unresolved)
        if name == "criteria":
            return lambda t: bool(t.criteria)
        if canonical is not None:
            attribute = {"assignee": "assignees"}.get(canonical, canonical)
            return lambda t: getattr(t, attribute, None) not in (None, "", [])
        key = self.extra_fields.get(fold(self.field_names.kept_name(value)))
        if key is None:
            raise TixError(f"query word {word!r}: no field {value!r}", code=Code.USAGE)
        return lambda t: key in t.extra


SORT_FIELDS = (
    "id",
    "status",
    "priority",
    "title",
    "assignee",
    "epic",
    "sprint",
    "milestone",
    "points",
    "estimate",
    "path",
)


def sort_tickets(
    tickets: Sequence[Ticket],
    spec: str,
    statuses: StatusVocabulary,
    priorities: PriorityVocabulary,
) -> list[Ticket]:
    """``tickets`` sorted by ``spec``: field names separated by commas, ``-name`` descending
    (``--sort priority,-points``). Missing values sort last either way."""
    from tix.catalog import natural_key

    order = {status.key: index for index, status in enumerate(statuses.statuses)}
    keys: dict[str, Callable[[Ticket], object]] = {
        "id": lambda t: natural_key(t.id),
        "status": lambda t: order.get(t.status, len(order)),
        "priority": lambda t: priorities.rank(t.priority) if t.priority else None,
        "title": lambda t: t.title.casefold(),
        "assignee": lambda t: (t.assignee or "").casefold() or None,
        "epic": lambda t: natural_key(t.epic) if t.epic else None,
        "sprint": lambda t: natural_key(t.sprint) if t.sprint else None,
        "milestone": lambda t: natural_key(t.milestone) if t.milestone else None,
        "points": lambda t: t.points,
        "estimate": lambda t: e.hours if (e := parse_estimate(t.estimate)) else None,
        "path": lambda t: (natural_key(t.path), t.line),
    }
    result = list(tickets)
    for part in reversed([p.strip() for p in spec.split(",") if p.strip()]):
        descending = part.startswith("-")
        name = part.lstrip("-").casefold()
        name = {"assignees": "assignee", "points": "points"}.get(name, name)
        if name not in keys:
            raise TixError(
                f"cannot sort by {part!r}",
                code=Code.USAGE,
                hint="fields: " + ", ".join(SORT_FIELDS),
            )
        key = keys[name]
        present = [t for t in result if key(t) is not None]
        missing = [t for t in result if key(t) is None]
        present.sort(key=key, reverse=descending)  # type: ignore[arg-type]
        result = present + missing
    return result
