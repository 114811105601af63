"""`openpractice validate` and `openpractice schema`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .config import ConfigError
from .reporters import REPORTERS
from .schema import write_schemas
from .validate import validate_project

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
    schema = sub.add_parser("schema", help="write JSON Schema for each content type")
    schema.add_argument("--out", type=Path, default=Path("schema"),
                        help="folder to write *.schema.json into (default: schema)")
    return parser


def _expand(path: Path) -> list[Path]:
    if not path.exists():
        raise FileNotFoundError(path)
    if path.is_dir():
        return sorted(path.rglob("*.md")) + sorted(path.rglob("*.yml"))
    return [path]


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
    output = REPORTERS[fmt](problems)
    if output or fmt == "json":
        print(output)
    if fmt == "text" and not problems:
        print(f"No problems found in {files} file(s).", file=sys.stderr)
    return EXIT_ERRORS if any(p.is_error for p in problems) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        for path in write_schemas(args.out):
            print(path)
        return EXIT_OK
    return validate_command(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
