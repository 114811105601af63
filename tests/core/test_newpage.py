"""`openpractice new`: a new page of each type is a draft that validates with no errors,
names only schools, terms and research that exist, and never overwrites a file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from openpractice.models import MODELS
from openpractice.newpage import SECTIONS, TYPES, Choices, NewPageError, make_id, new_page
from openpractice.validate import validate_project

from ..support import copy_project
from .mini import VALID, write_project

TODAY = date(2026, 11, 22)

SCHOOLS = """\
- {id: brook, name: Brook Primary, phase: primary}
- {id: castle, name: Castle High, phase: ks3}
"""


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["OPENPRACTICE_TODAY"] = TODAY.isoformat()
    return subprocess.run([sys.executable, "-m", "openpractice", "new", *args], cwd=root,
                          capture_output=True, text=True, env=env, timeout=120)


def problems(root: Path) -> list[str]:
    return [p.as_text() for p in validate_project(root, today=TODAY).problems]


def errors(root: Path) -> list[str]:
    return [p.as_text() for p in validate_project(root, today=TODAY).errors]


@pytest.mark.parametrize(("title", "expected"), [
    ("Reciprocal reading in Year 5", "reciprocal-reading-in-year-5"),
    ("Ça va? Reading & writing — in Year 5!", "ca-va-reading-and-writing-in-year-5"),
    ("  Children’s   talk: Straße, Ørsted and Æsop  ", "childrens-talk-strasse-orsted-and-aesop"),
    ("Pupils' voice (KS3/KS4)", "pupils-voice-ks3-ks4"),
    ("Reading " * 10, "-".join(["reading"] * 7)),  # cut at a hyphen, at most 60
    ("x" * 80, "x" * 60),
])
def test_the_id_is_made_from_the_title(title: str, expected: str) -> None:
    made = make_id(title)
    assert made == expected
    assert len(made) <= 60 and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", made)


OPTIONS = [
    ("practice", Choices()),
    ("practice", Choices(schools=["castle", "brook", "castle"], themes=["send", "reading"],
                         phases=["ks3"], subjects=["english"])),
    ("research", Choices()),
    ("research", Choices(schools=["brook"], themes=["behaviour"], phases=["primary", "ks3"])),
    ("policy", Choices()),
    ("policy", Choices(schools=["brook", "castle"], themes=["reading"], subjects=["english"])),
]


@pytest.mark.parametrize(("kind", "choices"), OPTIONS)
def test_each_type_validates_with_no_errors(tmp_path: Path, kind: str,
                                            choices: Choices) -> None:
    root = write_project(tmp_path, {"content/_data/schools.yml": SCHOOLS})
    path = new_page(root, kind, "Retrieval quizzes in Year 8 French", choices, TODAY)
    assert path == root / "content" / TYPES[kind] / "retrieval-quizzes-in-year-8-french.md"
    assert errors(root) == []
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert meta["status"] == "draft"
    assert meta["title"] == "Retrieval quizzes in Year 8 French"
    model = MODELS[TYPES[kind]]
    required = {n for n, f in model.model_fields.items() if f.is_required() and n != "id"}
    assert required <= set(meta)
    for name in ("themes", "phases", "subjects"):
        wanted = list(dict.fromkeys(getattr(choices, name)))
        if wanted:
            assert meta[name] == wanted
    if kind == "practice":
        assert meta["schools"] == (list(dict.fromkeys(choices.schools)) or ["brook"])
        assert meta["stage"] == "idea"
    if kind == "policy":
        assert meta["applies_to"] == (list(dict.fromkeys(choices.schools)) or "trust")
        assert meta["version"] == "1.0"
        assert meta["approved_by"] == "trust-board"


@pytest.mark.parametrize("kind", list(TYPES))
def test_each_type_validates_in_the_bundled_project(tmp_path: Path, kind: str) -> None:
    root = copy_project(tmp_path / "project")
    new_page(root, kind, "A new page about reading", Choices(themes=["reading"]), TODAY)
    assert errors(root) == []


@pytest.mark.parametrize("kind", list(TYPES))
def test_it_names_only_what_exists(tmp_path: Path, kind: str) -> None:
    root = copy_project(tmp_path / "project")
    text = new_page(root, kind, "A new page about reading", Choices(), TODAY).read_text()
    schools = yaml.safe_load((root / "content/_data/schools.yml").read_text())
    school_ids = {s["id"] for s in schools}
    research = {p.stem for p in (root / "content/research").glob("*.md")}
    front = text.split("---")[1]
    uncommented = "\n".join(line.lstrip("# ") for line in front.splitlines())
    for key, known in (("schools", school_ids), ("evidence", research)):
        for found in re.findall(rf"^{key}: \[(.*?)\]", uncommented, re.MULTILINE):
            assert set(found.split(", ")) <= known, (key, found)


def test_the_body_is_the_template_and_each_section_is_a_warning(tmp_path: Path) -> None:
    root = write_project(tmp_path, {})
    path = new_page(root, "practice", "Talk partners in Reception", Choices(), TODAY)
    text = path.read_text(encoding="utf-8")
    for section in SECTIONS["practice"]:
        assert f"## {section.heading}\n\n_{section.prompt}_\n" in text
    rel = "content/practice/talk-partners-in-reception.md"
    lines = text.split("\n")
    assert problems(root) == [
        f"{rel}:{lines.index('## ' + s.heading) + 1}:1: warning: '{s.heading}' holds only the "
        "template's prompt; replace it with your own words, or delete the section if it does "
        "not apply [empty-section]"
        for s in SECTIONS["practice"]
    ]
    for section in SECTIONS["practice"]:
        text = text.replace(f"_{section.prompt}_", "We did this, and here is how it went.")
    path.write_text(text, encoding="utf-8")
    assert problems(root) == []


def test_the_command_prints_the_path(tmp_path: Path) -> None:
    root = write_project(tmp_path, {})
    done = run(root, "research", "Feedback that moves learning on", "--theme", "reading")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "content/research/feedback-that-moves-learning-on.md\n"
    assert (root / done.stdout.strip()).is_file()


def test_it_never_overwrites(tmp_path: Path) -> None:
    root = write_project(tmp_path, {})
    before = (root / "content/practice/case.md").read_text()
    done = run(root, "practice", "Case")
    assert done.returncode == 2
    assert done.stderr == ("openpractice: error: the title must be 5 to 120 characters long "
                           "(it has 4)\n")
    done = run(root, "practice", "Case.")  # the id 'case' is taken
    assert done.returncode == 2
    assert done.stderr == ("openpractice: error: content/practice/case.md already exists; "
                           "choose another title (the file name is made from it), or edit "
                           "that page\n")
    assert (root / "content/practice/case.md").read_text() == before
    (root / "content/research/sub").mkdir()
    (root / "content/research/sub/deep-dive.md").write_text("x")
    done = run(root, "research", "Deep dive")
    assert done.returncode == 2
    assert "content/research/sub/deep-dive.md already exists" in done.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--school", "brok"],
     "--school 'brok' is not a school in content/_data/schools.yml; did you mean 'brook'?\n"
     "The schools are: brook, castle"),
    (["--theme", "sen"],
     "--theme 'sen' is not a theme in taxonomy.yml; did you mean 'send'?\n"
     "The themes are: reading, send, behaviour"),
    (["--phase", "ks9"],
     "--phase 'ks9' is not a phase in taxonomy.yml; did you mean 'ks3'?\n"
     "The phases are: primary, ks3"),
    (["--subject", "zzz"],
     "--subject 'zzz' is not a subject in taxonomy.yml\nThe subjects are: english"),
])
def test_unknown_ids_are_refused_with_the_valid_ones(tmp_path: Path, args: list[str],
                                                     message: str) -> None:
    root = write_project(tmp_path, {"content/_data/schools.yml": SCHOOLS})
    done = run(root, "practice", "Retrieval quizzes", *args)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"openpractice: error: {message}\n"
    assert not (root / "content/practice/retrieval-quizzes.md").exists()


def test_a_practice_write_up_needs_a_school(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"content/_data/schools.yml": "[]\n"})
    for item in VALID:  # the mini project's items name its school
        (root / item).unlink()
    with pytest.raises(NewPageError, match="lists no school yet"):
        new_page(root, "practice", "Retrieval quizzes", Choices(), TODAY)
    with pytest.raises(NewPageError, match=r"there are no schools in content/_data/schools\.yml"):
        new_page(root, "research", "Retrieval quizzes", Choices(schools=["brook"]), TODAY)
    new_page(root, "research", "Retrieval quizzes", Choices(), TODAY)  # research needs none
    new_page(root, "policy", "Retrieval quizzes", Choices(), TODAY)
    assert errors(root) == []


@pytest.mark.parametrize(("title", "message"), [
    ("Index", "the title makes the file name 'index.md', which is kept for the generated "
     "lists; choose another title"),
    ("Page 2", "the title makes the file name 'page-2.md', which is kept for the generated "
     "lists; choose another title"),
    ("!!!!!", "the title must hold some letters or digits: the file name is made from them"),
    ("A bell\x07 title", "the title holds a control character; type it again"),
    ("x" * 121, "the title must be 5 to 120 characters long (it has 121)"),
])
def test_titles_that_cannot_be_used(tmp_path: Path, title: str, message: str) -> None:
    root = write_project(tmp_path, {})
    with pytest.raises(NewPageError) as refused:
        new_page(root, "policy", title, Choices(), TODAY)
    assert str(refused.value) == message
    assert list((root / "content/policies").iterdir()) == [root / "content/policies/behaviour.md"]


def test_quotes_and_colons_in_titles_survive(tmp_path: Path) -> None:
    root = write_project(tmp_path, {})
    title = 'Homework: "why", and #how - yes'
    path = new_page(root, "policy", title, Choices(), TODAY)
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n")[0][4:])
    assert meta["title"] == title
    assert errors(root) == []
