"""The `openpractice` command: validate, reviews, report, plan, new, remove-samples, schema,
cms-config, editor-feedback."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from . import editor_feedback
from .cms import write_cms_config
from .config import ConfigError
from .newpage import TYPES as NEW_TYPES
from .newpage import Choices, NewPageError, new_page
from .plan import PlanError, SitePlan, make_plan, write_plan
from .report import FORMATS as REPORT_FORMATS
from .report import report as make_report
from .reporters import REPORTERS
from .reviews import FORMATS as REVIEW_FORMATS
from .reviews import reviews_due
from .samples import SamplesError, remove_samples
from .schema import write_schemas
from .step_summary import append_summary, errors_first, summary_markdown
from .validate import ValidationResult, build_date, validate_project

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"openpractice: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="openpractice", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check content and data files")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="files or folders to report on (default: the whole project)")
    check.add_argument("--format", choices=sorted(REPORTERS), default=None,
                       help="output format (default: text, or github under GitHub Actions)")
    check.add_argument("--root", type=Path, default=Path("."),
                       help="the project folder, holding mkdocs.yml (default: .)")
    check.add_argument("--today", type=date.fromisoformat, default=None,
                       help="compute review status against this date (YYYY-MM-DD)")
    check.add_argument("--summary", type=Path, default=None, metavar="FILE",
                       help="append the report as a Markdown table to FILE (a GitHub job "
                       "summary; with --format github, $GITHUB_STEP_SUMMARY is used when set)")
    reviews = sub.add_parser("reviews", help="list policy reviews and research re-checks due "
                             "soon or overdue")
    reviews.add_argument("--format", choices=sorted(REVIEW_FORMATS), default="text")
    reviews.add_argument("--root", type=Path, default=Path("."),
                         help="the project folder, holding mkdocs.yml (default: .)")
    reviews.add_argument("--today", type=date.fromisoformat, default=None,
                         help="compute what is due against this date (YYYY-MM-DD)")
    report = sub.add_parser("report", help="the research champions' report: practice by "
                            "school, stage and evidence, the evidence gap map, practice "
                            "citing no research, re-checks due (see openpractice/report.py)")
    report.add_argument("--format", choices=sorted(REPORT_FORMATS), default="text",
                        help="text (default), json or csv (the tables of counts only)")
    report.add_argument("--root", type=Path, default=Path("."),
                        help="the project folder, holding mkdocs.yml (default: .)")
    report.add_argument("--today", type=date.fromisoformat, default=None,
                        help="compute what is due against this date (YYYY-MM-DD)")
    plan = sub.add_parser("plan", help="validate, then write the site's plan (the vetted pages "
                          "and files) into mkdocs.yml's docs_dir, for an engine that runs no "
                          "plugins; `mkdocs build` does this itself")
    plan.add_argument("--root", type=Path, default=Path("."),
                      help="the project folder, holding mkdocs.yml (default: .)")
    plan.add_argument("--today", type=date.fromisoformat, default=None,
                      help="compute review status against this date (YYYY-MM-DD)")
    new = sub.add_parser("new", help="start a practice write-up, research summary or policy: "
                         "a draft, with every required field and a template to fill in")
    new.add_argument("type", choices=list(NEW_TYPES), help="the type of page")
    new.add_argument("title", help="its title, in quotes; the file name is made from it")
    for option, noun in (("school", "school"), ("theme", "theme"), ("phase", "phase"),
                         ("subject", "subject")):
        new.add_argument(f"--{option}", action="append", default=[], metavar="ID",
                         dest=f"{option}s", help=f"a {noun} id (repeat for more than one)")
    new.add_argument("--root", type=Path, default=Path("."),
                     help="the project folder, holding mkdocs.yml (default: .)")
    samples = sub.add_parser("remove-samples", help="remove the bundled sample trust: its "
                             "items, schools and sample text (only where schools.yml has "
                             "the line '# openpractice-sample: true')")
    samples.add_argument("--root", type=Path, default=Path("."),
                         help="the project folder, holding mkdocs.yml (default: .)")
    schema = sub.add_parser("schema", help="write JSON Schema for each content type")
    schema.add_argument("--out", type=Path, default=Path("schema"),
                        help="folder to write *.schema.json into (default: schema)")
    cms = sub.add_parser("cms-config", help="write the web editor's configuration (Decap "
                         "CMS config.yml) from the schema, taxonomy.yml and schools.yml")
    cms.add_argument("--root", type=Path, default=Path("."),
                     help="the project folder, holding mkdocs.yml (default: .)")
    cms.add_argument("--out", type=Path, default=None, metavar="FILE",
                     help="write it to FILE (default: print it)")
    editor_feedback.add_parser(sub)
    return parser


def _expand(path: Path) -> list[Path]:
    if not path.exists():
        raise FileNotFoundError(path)
    if path.is_dir():
        return _files_under(path)
    return [path]


def _files_under(folder: Path) -> list[Path]:
    """The .md and .yml files in a folder tree, links not followed: a loop, not recursion
    (Path.rglob recurses, and a tree a thousand folders deep would end in RecursionError)."""
    found: list[Path] = []
    folders = [folder]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:  # unreadable, or a path too long: the validation reports what it can
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
            elif entry.name.endswith((".md", ".yml")):
                found.append(Path(entry.path))
    return sorted(found, key=lambda p: (p.suffix == ".yml", p))


def project_root_of(path: Path) -> Path | None:
    """The nearest folder at or above `path` holding mkdocs.yml or a content/ folder."""
    path = path.resolve()
    for candidate in [path, *path.parents] if path.is_dir() else list(path.parents):
        if (candidate / "mkdocs.yml").is_file() or (candidate / "content").is_dir():
            return candidate
    return None


def _targets(root: Path, paths: list[Path]) -> dict[Path, list[Path] | None]:
    """Project root -> the files to report on (None: the whole project)."""
    if not paths:
        return {root.resolve(): None}
    targets: dict[Path, list[Path] | None] = {}
    for path in paths:
        project = project_root_of(path) or root.resolve()
        if path.resolve() == project:
            targets[project] = None
        elif targets.get(project, []) is not None:
            targets[project] = [*(targets.get(project) or []), *_expand(path)]
    return targets


def validate_command(args: argparse.Namespace) -> int:
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if not args.root.is_dir():
        print(f"openpractice: error: {args.root} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    problems, files = [], 0
    try:
        for project, only in _targets(args.root, args.paths).items():
            result = validate_project(project, today=args.today, only=only)
            problems += result.problems
            files += len(result.sources)
    except FileNotFoundError as exc:
        print(f"openpractice: error: no such file or folder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        print(f"openpractice: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # GitHub shows only the first 10 annotations of each severity: errors first.
    output = REPORTERS[fmt](errors_first(problems) if fmt == "github" else problems)
    if output or fmt == "json":
        print(output)
    summary = args.summary or (os.environ.get("GITHUB_STEP_SUMMARY") if fmt == "github" else None)
    failed = append_summary(summary, summary_markdown(problems)) if summary else None
    if failed:
        print(f"openpractice: {'error' if args.summary else 'warning'}: {failed}", file=sys.stderr)
        if args.summary:
            return EXIT_USAGE
    if fmt == "text" and not problems:
        print(f"No problems found in {files} file(s).", file=sys.stderr)
    return EXIT_ERRORS if any(p.is_error for p in problems) else EXIT_OK


def report_command(args: argparse.Namespace) -> int:
    """As `reviews`: exit 0, or 1 when some files have errors (they are left out)."""
    def output(result: ValidationResult) -> str:
        assert result.catalogue is not None  # reviews_command stops before, without one
        return REPORT_FORMATS[args.format](make_report(result.catalogue))

    return reviews_command(args, output)


def reviews_command(args: argparse.Namespace,
                    output: Callable[[ValidationResult], str] | None = None) -> int:
    """Exit 0, or 1 when some files have errors (they are left out of the list)."""
    try:
        result = validate_project(args.root, today=args.today)
    except ConfigError as exc:
        print(f"openpractice: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if result.catalogue is None:
        print("openpractice: error: the taxonomy cannot be read; run 'openpractice validate'",
              file=sys.stderr)
        return EXIT_ERRORS
    print(output(result) if output else
          REVIEW_FORMATS[args.format](reviews_due(result.catalogue, result.config)))
    bad = len({p.path for p in result.errors})
    if bad:
        print(f"openpractice: {bad} file(s) with errors are left out; run 'openpractice "
              "validate'", file=sys.stderr)
    return EXIT_ERRORS if bad else EXIT_OK


def plan_command(args: argparse.Namespace) -> int:
    """Exit 0 with the plan written; 1 on content errors (the folder is then emptied, so no
    engine publishes an old plan); 2 on a usage error."""
    try:
        result = validate_project(args.root, today=args.today)
        folder = result.config.plan_dir
        if folder is None:
            raise ConfigError("mkdocs.yml has no docs_dir")
        if not result.ok or result.catalogue is None:
            print(REPORTERS["text"](result.errors), file=sys.stderr)
            write_plan(SitePlan(), folder)
            return EXIT_ERRORS
        plan = make_plan(result.sources, result.catalogue, result.attachments, result.config)
        write_plan(plan, folder)
    except (ConfigError, PlanError) as exc:
        print(f"openpractice: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Wrote the plan of {len(plan.pages)} page(s) and {len(plan.files)} file(s) to "
          f"{folder}", file=sys.stderr)
    return EXIT_OK


def new_command(args: argparse.Namespace) -> int:
    """Exit 0 with the new page's path printed; 2 when it cannot be made as asked."""
    choices = Choices(schools=args.schools, themes=args.themes, phases=args.phases,
                      subjects=args.subjects)
    try:
        path = new_page(args.root, args.type, args.title, choices, build_date())
    except (NewPageError, ConfigError) as exc:
        print(f"openpractice: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(Path(os.path.relpath(path)) if path.is_relative_to(Path.cwd()) else path)
    return EXIT_OK


def remove_samples_command(args: argparse.Namespace) -> int:
    """Exit 0 when the samples are removed (or were already); 2 without the sample marker."""
    try:
        removal = remove_samples(args.root)
    except (SamplesError, ConfigError) as exc:
        print(f"openpractice: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if removal.already:
        print("The sample trust has already been removed; nothing to do.")
        return EXIT_OK
    print(f"Removed {len(removal.files)} file(s) of the sample trust's items:")
    print("".join(f"  {path}\n" for path in removal.files), end="")
    print(f"Removed {len(removal.schools)} sample school(s) from the schools file: "
          f"{', '.join(removal.schools) or 'none'}")
    print("Replaced the sample text with placeholders in square brackets in:")
    print("".join(f"  {path}\n" for path in removal.pages), end="")
    print("Next: fill in the placeholders, add your schools, and set the site's name and "
          "address in mkdocs.yml (docs/ADOPTING.md).")
    return EXIT_OK


EXIT_BROKEN_PIPE = 128 + 13  # as a shell reports a command ended by SIGPIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; output cut short by its reader (`openpractice validate | head -1`) ends
    the command quietly, as the Python documentation recommends (signal module, SIGPIPE)."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, where a closed pipe can still be caught
    except BrokenPipeError:
        # Python flushes stdout again on exit: point it at /dev/null so that it cannot fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return code


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        for path in write_schemas(args.out):
            print(path)
        return EXIT_OK
    if args.command == "reviews":
        return reviews_command(args)
    if args.command == "report":
        return report_command(args)
    if args.command == "plan":
        return plan_command(args)
    if args.command == "new":
        return new_command(args)
    if args.command == "remove-samples":
        return remove_samples_command(args)
    if args.command == "cms-config":
        return write_cms_config(args.root, args.out)
    if args.command == "editor-feedback":
        return editor_feedback.run(args)
    return validate_command(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
