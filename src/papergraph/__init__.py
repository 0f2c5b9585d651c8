"""papergraph: research-paper digests -> one knowledge graph (NetworkX, RDF, HTML, Neo4j)."""

__version__ = "0.1.0"
