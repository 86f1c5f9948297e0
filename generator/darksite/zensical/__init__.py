"""Everything that runs Zensical: the second renderer behind the port (issue 10)."""
