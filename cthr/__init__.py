"""cthr-kg: a knowledge graph of counter-terrorism human-rights engagement."""

__version__ = "0.1.0"
