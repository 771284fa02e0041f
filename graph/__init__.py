"""The graph: mapping to RDF, the store, validation, queries, exports and analysis."""
