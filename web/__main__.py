"""`hallq-web [--db URL] [--bind HOST:PORT]`: the same as `hallq web serve`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from shared.cli.main import main as hallq_main


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-h", "--help"):
        parser = argparse.ArgumentParser(prog="hallq-web", description=__doc__)
        from shared.cli.cmd_web import add_serve_options

        add_serve_options(parser)
        parser.print_help()
        return 0
    return hallq_main(["web", "serve", *args])


if __name__ == "__main__":
    sys.exit(main())
