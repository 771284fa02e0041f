"""Loaders: press-release text and curated records into the common fact model."""
