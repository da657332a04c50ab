"""Keep a policy briefing as structured YAML and print it as a sourced PDF."""

__version__ = "0.1.0"
