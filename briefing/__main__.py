"""Run the command-line interface with ``python -m briefing``."""

from briefing.cli import main

main()
