"""A real trust can adopt the project: `openpractice remove-samples` leaves a project that
validates and builds (strict) with no items, and pages made with `openpractice new` for the
trust's own schools, once filled in, validate and build too."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from openpractice.newpage import PLACEHOLDERS, SECTIONS
from openpractice.samples import SCHOOLS_TEMPLATE, SamplesError, remove_samples

from ..support import FIXTURE_CONTENT, ROOT, TODAY, build, build_env, copy_project

KINDS = ("practice", "research", "policies")

# The pages that must survive with no items, as built (use_directory_urls).
STRUCTURAL = (
    "index.html", "explore/index.html", "practice/index.html", "research/index.html",
    "policies/index.html", "policy-register/index.html", "research-register/index.html",
    "champions-desk/index.html", "themes/index.html", "schools/index.html",
    "about/index.html", "about/licence/index.html", "about/open-source/index.html",
    "about/academy-improvement/index.html", "contributing/index.html",
    "accessibility/index.html", "privacy/index.html", "404.html",
)

OUR_SCHOOLS = """\
- id: kelsall-primary
  name: Kelsall Primary School
  urn: "111111"
  phase: primary
  age_range: "4-11"
  pupils: 210
  disadvantaged_percent: 12
  contact: research.kelsall@trust.example
  reviewers: [k-champion]
- id: tarporley-high
  name: Tarporley High School
  urn: "222222"
  phase: secondary
  reviewers: [t-champion]
- id: hebden-green
  name: Hebden Green School
  phase: special
"""


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "openpractice", *args], cwd=root,
                          capture_output=True, text=True, env=build_env(), timeout=300)


def sample_names() -> list[str]:
    """The sample trust's name, its schools' names and its people, as its pages write them."""
    schools = yaml.safe_load((FIXTURE_CONTENT / "_data/schools.yml").read_text(encoding="utf-8"))
    names = ["Exampleshire", "trust.example", "Brookside", "Castle Hill", "Oakfield",
             "Willow Lane", "Northgate", "Orchard", "01632"]
    names += [re.sub(r"\s*\(.*?\)", "", s["research_champion"]) for s in schools]
    names += [s["id"] for s in schools]
    return names


def pages(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((root / "content").rglob("*.md"))}


def fill_in(path: Path, kind: str) -> None:
    """What an author does with a new page: write each section, replace each placeholder,
    and delete 'status: draft'."""
    text = path.read_text(encoding="utf-8")
    for section in SECTIONS[kind]:
        text = text.replace(f"_{section.prompt}_", f"What our {section.heading.lower()} was, "
                            "in a few sentences for a busy teacher in another school.")
    text = text.replace(PLACEHOLDERS["summary"], "How three of our schools made this work, "
                        "and what we would change next time.")
    text = text.replace(PLACEHOLDERS["author"], "Jo Bloggs")
    text = text.replace("status: draft", "# (published)")
    text = text.replace("# evidence:", "evidence:")
    path.write_text(text, encoding="utf-8")


@pytest.mark.build
def test_remove_the_samples_then_adopt(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    before = pages(root)
    items = sorted(rel for rel in (p.relative_to(root).as_posix()
                                   for p in (root / "content").rglob("*"))
                   if rel.split("/")[1] in KINDS and (root / rel).is_file())
    assert items

    done = cli(root, "remove-samples")
    assert (done.returncode, done.stderr) == (0, "")
    listed = re.findall(r"^  (content/\S+)$", done.stdout, re.MULTILINE)
    assert set(items) <= set(listed)
    assert "Removed 6 sample school(s) from the schools file: brookside-primary," in done.stdout
    for kind in KINDS:
        assert (root / "content" / kind).is_dir()
        assert list((root / "content" / kind).iterdir()) == []
    schools_file = (root / "content/_data/schools.yml").read_text(encoding="utf-8")
    assert schools_file == SCHOOLS_TEMPLATE
    assert yaml.safe_load(schools_file) == []

    after = pages(root)
    assert set(after) == {rel for rel in before if rel.split("/")[1] not in KINDS}
    for rel, text in after.items():
        for name in sample_names():
            assert name not in text, (rel, name)
        assert text.startswith(before[rel][: before[rel].index("---", 4) + 3])  # title kept
    assert "[Your trust's name]" in after["content/privacy.md"]
    assert "[Check this page against your trust's own arrangements" in after[
        "content/contributing.md"]

    again = cli(root, "remove-samples")  # idempotent: nothing more to do
    assert (again.returncode, again.stdout) == (
        0, "The sample trust has already been removed; nothing to do.\n")
    assert pages(root) == after

    checked = cli(root, "validate", "--today", TODAY)
    assert (checked.returncode, checked.stdout) == (0, "")
    assert checked.stderr == f"No problems found in {len(after)} file(s).\n"
    empty = build(root)
    assert empty.returncode == 0, empty.output
    for page in STRUCTURAL:
        assert (empty.site / page).is_file(), page
    assert "Exampleshire" not in empty.all_text()

    # The trust adds its schools, then a page of each type for them.
    (root / "content/_data/schools.yml").write_text(
        schools_file.replace("\n[]\n", "\n") + OUR_SCHOOLS, encoding="utf-8")
    made = {}
    for kind, word, options in (
        ("research", "research", ["--theme", "feedback", "--phase", "primary"]),
        ("practice", "practice", ["--school", "kelsall-primary", "--school", "hebden-green",
                                  "--theme", "feedback", "--theme", "send", "--subject",
                                  "english", "--phase", "ks2"]),
        ("policies", "policy", ["--school", "tarporley-high", "--theme", "behaviour"]),
    ):
        new = cli(root, "new", word, f"Our first {word} page: feedback that works", *options)
        assert (new.returncode, new.stderr) == (0, ""), new.stderr
        path = root / new.stdout.strip()
        assert path.parent == root / "content" / kind
        assert cli(root, "validate", "--today", TODAY).returncode == 0
        fill_in(path, kind)
        made[kind] = path
    assert "evidence: [our-first-research-page-feedback-that-works]" in made[
        "practice"].read_text(encoding="utf-8")

    checked = cli(root, "validate", "--today", TODAY)
    assert (checked.returncode, checked.stdout) == (0, ""), checked.stdout
    adopted = build(root)
    assert adopted.returncode == 0, adopted.output
    for kind, path in made.items():
        assert (adopted.site / kind / path.stem / "index.html").is_file()
    for school in ("kelsall-primary", "tarporley-high", "hebden-green"):
        assert (adopted.site / "schools" / school / "index.html").is_file()
    practice = adopted.html(f"practice/{made['practice'].stem}/index.html")
    assert "Kelsall Primary School" in practice and "Jo Bloggs" in practice


def test_it_refuses_a_project_without_the_sample_marker(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    schools = root / "content/_data/schools.yml"
    schools.write_text(OUR_SCHOOLS, encoding="utf-8")  # a trust's own file: no marker
    before = pages(root)
    done = cli(root, "remove-samples")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "openpractice: error: content/_data/schools.yml has no line '# openpractice-sample: "
        "true', so this is not the bundled sample trust; nothing was removed (remove-samples "
        "never deletes a trust's own pages)\n")
    assert pages(root) == before
    assert schools.read_text(encoding="utf-8") == OUR_SCHOOLS
    with pytest.raises(SamplesError):
        remove_samples(root)


def test_the_sample_trust_carries_the_marker() -> None:
    """The sample the project ships with (kept for the tests in tests/fixture/)."""
    text = (FIXTURE_CONTENT / "_data/schools.yml").read_text(encoding="utf-8")
    assert re.search(r"^# openpractice-sample: true$", text, re.MULTILINE)


@pytest.mark.build
def test_the_suite_passes_in_an_adopted_clone(tmp_path: Path) -> None:
    """The repository as a trust gets it, samples removed: the non-browser layers of the
    suite pass there, because they build their own fixture sites and never read content/."""
    clone = tmp_path / "clone"
    files = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True,
                           check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        source = ROOT / rel
        if source.is_file():
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / rel)
    assert cli(clone, "remove-samples").returncode == 0
    assert not list((clone / "content/practice").iterdir())
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/core",
         "tests/search", "tests/hostile", "tests/build/test_site_pages.py",
         "tests/build/test_fail_closed.py"],
        cwd=clone, capture_output=True, text=True, timeout=1200,
        env={**build_env(), "PYTHONWARNINGS": ""})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert re.search(r"\d+ passed", proc.stdout)
