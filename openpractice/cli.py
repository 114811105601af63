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


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(path)
        files += sorted(path.rglob("*.md")) + sorted(path.rglob("*.yml")) if path.is_dir() \
            else [path]
    return files


def validate_command(args: argparse.Namespace) -> int:
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    root = args.root
    if not root.is_dir():
        print(f"openpractice: error: {root} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        only = _expand(args.paths) if args.paths else None
        result = validate_project(root, today=args.today, only=only)
    except FileNotFoundError as exc:
        print(f"openpractice: error: no such file or folder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        print(f"openpractice: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:  # a PATH outside the project folder
        print(f"openpractice: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    output = REPORTERS[fmt](result.problems)
    if output or fmt == "json":
        print(output)
    if fmt == "text" and not result.problems:
        print(f"No problems found in {len(result.sources)} file(s).", file=sys.stderr)
    return EXIT_ERRORS if result.errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        for path in write_schemas(args.out):
            print(path)
        return EXIT_OK
    return validate_command(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
