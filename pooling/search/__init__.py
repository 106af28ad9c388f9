"""French text analysis shared by the catalogue search and the matching engine: one
analyser, the pole's thesaurus, and relevance ranking of the offers."""
