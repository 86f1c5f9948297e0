"""darksite: crisis-communication dark sites from one YAML file per incident.

Layers, each importing only those before it:
model <- loader <- checks / render / outputs <- ops <- plugin / cli.
"""

__version__ = "0.1.0"
