"""tix doctor: damaged emoji found, and repaired byte for byte."""

from __future__ import annotations

import json

from tests.conftest import CORPUS, Copy, Tix


def test_doctor_reports_then_repairs_the_mojibake_folder(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("mojibake")
    originals = {p.name: p.read_bytes() for p in folder.glob("*.md")}
    report = tix("-C", folder, "doctor")
    assert report.exit_code == 1
    assert (
        "danube-README.cp1252-mojibake.md:26:3: TIX601 'ðŸ”´' should read '🔴' (cp1252)"
        in report.stdout
    )
    assert "(mac_roman)" in report.stdout

    dry = tix("-C", folder, "doctor", "--fix", "--dry-run")
    assert dry.exit_code == 0 and "+- 🔴 **Todo**: Not started" in dry.stdout
    assert {p.name: p.read_bytes() for p in folder.glob("*.md")} == originals

    fixed = tix("-C", folder, "doctor", "--fix")
    assert fixed.exit_code == 0, fixed.stderr
    readme = folder / "danube-README.cp1252-mojibake.md"
    assert readme.read_bytes() == (CORPUS / "danube/docs/tickets/README.md").read_bytes()
    assert tix("-C", folder, "doctor").exit_code == 0  # nothing left

    repaired = json.loads(tix("-C", folder, "list", "--json").stdout)
    original = json.loads(tix("-C", corpus_copy("support-tracker"), "list", "--json").stdout)

    def essence(tickets: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [
            (t["id"], t["status"], t["status_text"], t["title"], t["priority"]) for t in tickets
        ]

    assert len(repaired) == 49
    assert essence(repaired) == essence(original)


def test_validate_warns_about_mojibake(tix: Tix, corpus_copy: Copy) -> None:
    result = tix("-C", corpus_copy("mojibake"), "validate", "--format", "json")
    problems = json.loads(result.stdout)
    assert {p["code"] for p in problems} >= {"TIX601"}
    assert all(p["severity"] == "warning" for p in problems if p["code"] == "TIX601")


def test_validate_reports_the_same_from_the_index(tix: Tix, corpus_copy: Copy) -> None:
    """A warm run takes the damage each file holds from the index: same report, same places."""
    folder = corpus_copy("mojibake")
    cold = tix("-C", folder, "validate", "--format", "json")
    assert (folder / ".tix" / "cache" / "index.bin").is_file()
    warm = tix("-C", folder, "validate", "--format", "json")
    assert warm.stdout == cold.stdout
    assert tix("-C", folder, "--no-cache", "validate", "--format", "json").stdout == cold.stdout
    damaged = [p for p in json.loads(cold.stdout) if p["code"] == "TIX601"]
    assert len({(p["path"], p["line"]) for p in damaged}) > 10  # located, not all at 1:1


def test_doctor_leaves_a_read_only_file_alone(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("mojibake")
    readme = folder / "danube-README.cp1252-mojibake.md"
    readme.chmod(0o444)
    damaged = readme.read_bytes()
    fixed = tix("-C", folder, "doctor", "--fix")
    assert fixed.exit_code == 1
    assert "tix: warning: danube-README.cp1252-mojibake.md: the file is read-only; " in fixed.stderr
    assert readme.read_bytes() == damaged
    assert "support-tracker.macroman-mojibake.md: repaired" in fixed.stdout  # the rest is
