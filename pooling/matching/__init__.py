"""French text analysis, the pole's thesaurus and relevance ranking, for search and matching."""
