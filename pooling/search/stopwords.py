"""The French words that carry no meaning for a search: « une salle pour nous » is « salle »."""

from stop_words import get_stop_words

from pooling.db import search_key

# The package's French list holds a few words that name what members share or ask for
# (« pièce », « essai », « état »...): those stay searchable.
KEPT = frozenset({"piece", "essai", "force", "valeur", "etat", "mine", "haut", "droite", "debut",
                  "dos", "parole", "sujet", "mot", "nom", "nouveau", "nouveaux", "grande",
                  "chose", "choses", "point", "personne", "personnes"})

STOP_WORDS = frozenset(search_key(word).strip(".'") for word in get_stop_words("fr")) - KEPT
