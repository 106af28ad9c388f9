"""The French words that carry no meaning for a search: « une salle pour nous » is « salle »."""

from stop_words import get_stop_words

from pooling.db import search_key

# The package's French list holds a few words that name what members share or ask for
# (« pièce », « essai », « état »...): those stay searchable.
KEPT = frozenset({"piece", "essai", "force", "valeur", "etat", "mine", "haut", "droite", "debut",
                  "dos", "parole", "sujet", "mot", "nom", "nouveau", "nouveaux", "grande",
                  "chose", "choses", "point", "personne", "personnes"})

STOP_WORDS = frozenset(search_key(word).strip(".'") for word in get_stop_words("fr")) - KEPT

# Words that say how a need is asked, not what is needed: « on voudrait », « il nous
# faudrait », « quelqu'un pourrait-il », « besoin de ». Compared by stem, so that every form
# of these verbs goes (« pourraient », « pourrez »).
ASKING_WORDS = frozenset("""
    besoin besoins cherche cherchons cherchez cherchent chercher recherchons
    voudrais voudrait voudrions voudraient vouloir veux veut voulons voulez veulent
    aimerais aimerait aimerions aimeraient souhaite souhaitons souhaiterions souhaiterait
    pouvoir peux peut pouvons pouvez peuvent pourra pourrait pourrions pourraient pourrez
    puisse devoir dois doit devons doivent devrait devrions devraient
    faut faudra faudrait falloir faire fait faisons mettre trouver
    quelqu'un quelqu quelque quelques plusieurs beaucoup vraiment svp merci urgent
    un deux trois quatre cinq six sept huit dix douze quinze vingt trente cent ans
    petit petite petits petites gens
""".split())

# Words that say when: a need's window holds its dates, so in its text they are not what is
# looked for (« mercredi toute la journée » does not ask for an offer that names days).
TIME_WORDS = frozenset("""
    lundi mardi mercredi jeudi vendredi samedi dimanche week-end weekend
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    jour jours journee journees matin matinee matinees apres-midi soir soiree nuit
    semaine semaines mois annee heure heures minute minutes demain aujourd'hui prochain
    prochaine prochains prochaines toute tout tous toutes
""".split())
