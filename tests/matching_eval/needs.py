"""The needs of the matching evaluation, as members type them, each with the offer a person
would pick in the fixed catalogue (`catalogue.py`).

Days count from the evaluation's Monday (day 0; day 7 is the Monday after); times are the
pole's wall clock. Each need belongs to one kind of hard case:

- TRAP: the best text match cannot serve (booked, too small, closed then, beyond its
  provider's hours, or the requester's own offer); `trap` names it and why, and BOOKINGS
  holds what fills it;
- PARAPHRASE: the need shares no meaningful word with the offer it should find;
- SPELLING: missing accents, typos, plurals and word forms;
- DISTRACTOR: near-duplicate offers or offers of the wrong kind with the same words;
- JARGON: abbreviations and the pole's jargon (RGPD, CSE, FLE, DLA, AG, SST...).
"""

from __future__ import annotations

from dataclasses import dataclass

TRAP, PARAPHRASE, SPELLING, DISTRACTOR, JARGON = (
    "trap", "paraphrase", "spelling", "distractor", "jargon")
CASES = (TRAP, PARAPHRASE, SPELLING, DISTRACTOR, JARGON)

# Why a trap's best text match cannot serve the need.
BOOKED, TOO_SMALL, CLOSED, OWN, PROVIDER_HOURS = (
    "booked", "too_small", "closed", "own", "provider_hours")


@dataclass(frozen=True)
class Window:
    from_day: int
    from_time: str
    to_day: int
    to_time: str


@dataclass(frozen=True)
class Trap:
    offer: str  # the offer the text points to, which cannot serve
    reason: str  # BOOKED (or out of stock), TOO_SMALL, CLOSED, OWN or PROVIDER_HOURS


@dataclass(frozen=True)
class NeedSpec:
    key: str
    org: str  # the requesting organisation's key
    kind: str  # skill, premises or tool
    text: str
    expected: str  # the offer a person would pick
    case: str
    window: Window | None = None  # None: whenever
    duration_hours: float | None = None
    capacity: int | None = None  # people (premises)
    quantity: int | None = None  # items (tools)
    town: str = ""
    alternatives: tuple[str, ...] = ()  # offers just as good, rare on purpose
    trap: Trap | None = None


@dataclass(frozen=True)
class BookingSpec:
    offer: str
    org: str  # the organisation that booked it
    from_day: int
    from_time: str
    to_day: int
    to_time: str
    quantity: int = 1


P, T, S = "premises", "tool", "skill"


def day(n: int, start: str, end: str) -> Window:
    """A window within one day."""
    return Window(n, start, n, end)


NEEDS = [
    # --- constraint traps -----------------------------------------------------------------
    NeedSpec("t01", "theatre", T,
             "Il nous faudrait le camion avec hayon pour déménager des décors mardi, toute la "
             "journée", "regie-utilitaire", TRAP, day(1, "08:00", "18:00"), 8, quantity=1,
             trap=Trap("remise-camion", BOOKED)),
    NeedSpec("t02", "jardins", P,
             "On cherche une grande salle lumineuse pour notre assemblée générale, on attend "
             "une soixantaine d'adhérents, samedi", "echirolles-salle-fetes", TRAP,
             day(5, "09:00", "18:00"), 3, capacity=60, alternatives=("regie-salle-quartier",),
             trap=Trap("coop-salle-conseil", TOO_SMALL)),
    NeedSpec("t03", "festival", P,
             "On aimerait la cuisine pro partagée mercredi pour préparer le repas des "
             "bénévoles, environ 5 heures", "traiteur-labo", TRAP,
             day(2, "08:00", "18:00"), 5, capacity=4,
             trap=Trap("cuisine-partagee", CLOSED)),
    NeedSpec("t04", "traiteur", P,
             "On cherche de la place en chambre froide pour stocker les denrées du buffet de "
             "vendredi", "jardins-chambre-froide", TRAP, day(4, "08:00", "18:00"), 6,
             trap=Trap("traiteur-chambre-froide", OWN)),
    NeedSpec("t05", "coop", T,
             "Il nous faut 6 barnums pour la fête du pôle, du vendredi matin au lundi matin",
             "fontaine-barnums", TRAP, Window(4, "09:00", 7, "09:00"), 72, quantity=6,
             trap=Trap("festival-barnums", BOOKED)),
    NeedSpec("t06", "fournil", S,
             "Besoin d'aide pour faire les fiches de paie de nos deux salariés cette semaine, "
             "3 h devraient suffire", "groupement-paie", TRAP, Window(0, "09:00", 4, "18:00"), 3,
             trap=Trap("cae-paie", PROVIDER_HOURS)),
    NeedSpec("t07", "curiosites", T,
             "Besoin de l'imprimante 3D Prusa la semaine prochaine pour imprimer des pièces "
             "de robot, deux jours", "grange-imprimante-3d", TRAP,
             Window(7, "08:00", 11, "20:00"), 48, quantity=1,
             trap=Trap("fablab-imprimante-3d", CLOSED)),
    NeedSpec("t08", "mobil", P,
             "On cherche une salle de réunion près de la gare pour une douzaine de personnes "
             "samedi matin, pour notre conseil d'administration", "regie-salle-quartier", TRAP,
             day(12, "09:00", "12:00"), 3, capacity=12, town="Grenoble",
             trap=Trap("cae-salle", CLOSED)),
    NeedSpec("t09", "regie", P,
             "Il nous faut un bureau pour 4 personnes pour une permanence emploi mardi matin",
             "echirolles-local-activite", TRAP, day(1, "08:00", "12:00"), 3, capacity=4,
             alternatives=("fontaine-bureau-5",),
             trap=Trap("coop-bureau-permanence", TOO_SMALL)),
    NeedSpec("t10", "numerik", P,
             "Besoin d'une salle de formation informatique pour 15 stagiaires lundi toute la "
             "journée", "uga-salle-info", TRAP, day(7, "08:00", "18:00"), 7, capacity=15,
             trap=Trap("regie-salle-info", TOO_SMALL)),
    NeedSpec("t11", "enercit", T,
             "Besoin d'un vidéoprojecteur avec écran pour une présentation mardi de 9 h à "
             "midi", "curiosites-projecteur", TRAP, day(1, "09:00", "12:00"), 3, quantity=1,
             trap=Trap("fablab-projecteur", BOOKED)),
    NeedSpec("t12", "regie", P,
             "Il nous faut une salle équipée d'ordinateurs pour un atelier recherche d'emploi "
             "avec 8 personnes jeudi matin", "curiosites-salle-multimedia", TRAP,
             day(3, "08:00", "12:00"), 3, capacity=8, alternatives=("uga-salle-info",),
             trap=Trap("regie-salle-info", OWN)),
    NeedSpec("t13", "bois", S,
             "Notre comptabilité a besoin d'un coup de main pour la saisie comptable de mars, "
             "environ 4 heures cette semaine", "groupement-comptable", TRAP,
             Window(0, "09:00", 4, "18:00"), 4, trap=Trap("regie-compta", PROVIDER_HOURS)),
    NeedSpec("t14", "entraide", P,
             "Salle de cours pour 30 stagiaires mercredi toute la journée", "fontaine-salle-eluard",
             TRAP, day(2, "08:00", "18:00"), 7, capacity=30,
             trap=Trap("uga-salle-td", CLOSED)),

    # --- paraphrases with no shared word --------------------------------------------------
    NeedSpec("p01", "fournil", S,
             "On va embaucher notre premier salarié et on ne sait pas par où commencer",
             "tremplin-recrutement", PARAPHRASE),
    NeedSpec("p02", "entraide", S,
             "Quelqu'un qui parle afghan pour aider une famille chez le médecin",
             "uga-traduction", PARAPHRASE),
    NeedSpec("p03", "grange", S,
             "Plusieurs de nos magasiniers se plaignent des lombaires après les livraisons, on "
             "aimerait une sensibilisation", "entraide-gestes", PARAPHRASE),
    NeedSpec("p04", "theatre", S,
             "Notre facture de gaz a doublé cet hiver, on aimerait que quelqu'un vienne voir où "
             "part la chaleur du théâtre", "enercit-diag-energie", PARAPHRASE),
    NeedSpec("p05", "corps", S,
             "Une collègue a cliqué sur un faux mail de la banque, il faudrait apprendre aux "
             "salariés à repérer les arnaques par courriel", "numerik-cyber", PARAPHRASE),
    NeedSpec("p06", "jardins", T,
             "Il nous faut un véhicule qui garde nos paniers de légumes à 4 degrés jusqu'au "
             "marché jeudi matin", "traiteur-camion-frigo", PARAPHRASE,
             day(3, "08:00", "13:00"), 4, quantity=1),
    NeedSpec("p07", "coop", S,
             "On voudrait prouver à nos financeurs que notre action change vraiment la vie des "
             "habitants", "uga-sociologie", PARAPHRASE),
    NeedSpec("p08", "tremplin", S,
             "On veut faire venir les familles du quartier à un spectacle, mais elles n'osent "
             "pas pousser la porte d'un théâtre", "corps-mediation", PARAPHRASE),
    NeedSpec("p09", "jardins", S,
             "Des jeunes que nous suivons rêvent de conduire mais échouent à l'examen théorique",
             "mobil-code", PARAPHRASE),
    NeedSpec("p10", "entraide", S,
             "Nos bénéficiaires jettent beaucoup de restes ; quelqu'un pourrait-il leur montrer "
             "des recettes avec ce qui traîne au frigo ?", "cuisine-ateliers", PARAPHRASE),
    NeedSpec("p11", "festival", P,
             "Pour une émission radio avec trois invités, il nous faut une pièce sans bruit ni "
             "écho", "grange-studio", PARAPHRASE, capacity=4),
    NeedSpec("p12", "regie", S,
             "Les papiers s'empilent et personne ne décroche le téléphone : on aimerait un "
             "renfort pour tenir le bureau quelques matinées", "groupement-secretariat",
             PARAPHRASE),
    NeedSpec("p13", "traiteur", S,
             "Notre petite entreprise n'a pas d'image : on voudrait un dessin qui nous "
             "représente sur la devanture, les menus et les réseaux", "imprimerie-identite",
             PARAPHRASE),
    NeedSpec("p14", "remise", S,
             "Un de nos gars est menuisier depuis 15 ans mais n'a aucun papier qui le prouve",
             "tremplin-vae", PARAPHRASE),

    # --- missing accents, typos, plurals ------------------------------------------------------
    NeedSpec("s01", "regie", T, "on cherche des perceuses pour poser des etageres",
             "recyclbat-perceuses", SPELLING, quantity=2),
    NeedSpec("s02", "fablab", T, "cherche une camera termique pour l'isolation du local",
             "enercit-camera-thermique", SPELLING),
    NeedSpec("s03", "cuisine", T, "besoin d'un petrin pour des ateliers pizzas mercredi aprem",
             "fournil-petrin", SPELLING, day(2, "14:00", "18:00"), 3, quantity=1),
    NeedSpec("s04", "theatre", T,
             "il nous faudrai des tentes de recepetion pour un spectacle en plein air",
             "fontaine-barnums", SPELLING, alternatives=("festival-barnums",)),
    NeedSpec("s05", "mobil", T,
             "Besoin de rechauds pour garder les plats chauds pendant le buffet de "
             "l'inauguration", "traiteur-chafing", SPELLING),
    NeedSpec("s06", "corps", T, "on voudrait des gradin pour 50 spectateur",
             "theatre-gradins", SPELLING),
    NeedSpec("s07", "tremplin", T,
             "decoupe lazer pour faire des badges en bois avec les jeunes",
             "fablab-decoupe-laser", SPELLING),
    NeedSpec("s08", "jardins", T,
             "on a besoin d'un echaffaudage pour réparer le toit de la serre",
             "bois-echafaudage", SPELLING),
    NeedSpec("s09", "coop", S,
             "Qui pourrait nous faire des affices et des flyer pour la fete du pole ?",
             "imprimerie-affiches", SPELLING),
    NeedSpec("s10", "fontaine", T, "besoin de talkie walkie pour l'organisation du carnaval",
             "festival-talkies", SPELLING),
    NeedSpec("s11", "grange", T,
             "qq1 aurait un broyeur de vegetaux a preter ? on a des tas de branchages",
             "jardins-broyeur", SPELLING),
    NeedSpec("s12", "corps", T,
             "On cherche un groupe electrogene pour une danse en foret, y a pas d'electricite",
             "festival-groupe-electrogene", SPELLING),
    NeedSpec("s13", "numerik", P,
             "reservation d'une salle de seminaire pour 40 personnes en pleine nature, samedi",
             "grange-salle-seminaire", SPELLING, day(12, "09:00", "18:00"), 8, capacity=40),
    NeedSpec("s14", "uga", S,
             "cherche videaste pour filmer et monter une petite video de presentation du labo",
             "curiosites-video", SPELLING),

    # --- near-duplicates and wrong-kind distractors ----------------------------------------
    NeedSpec("d01", "regie", T,
             "Besoin d'une petite voiture pour aller à des rendez-vous en ville mardi",
             "mobil-voiture", DISTRACTOR, day(1, "08:00", "18:00"), 4, quantity=1),
    NeedSpec("d02", "bois", S,
             "On voudrait un tableau de bord pour suivre la rentabilité de chaque chantier",
             "cae-controle-gestion", DISTRACTOR),
    NeedSpec("d03", "entraide", P,
             "Nous cherchons une salle de formation à Meylan pour accueillir 15 stagiaires "
             "jeudi", "groupement-salle", DISTRACTOR, day(10, "09:00", "17:00"), 7, capacity=15,
             town="Meylan"),
    NeedSpec("d04", "jardins", S,
             "Quelqu'un pour former nos salariés en insertion au smartphone et aux démarches en "
             "ligne", "curiosites-inclusion", DISTRACTOR),
    NeedSpec("d05", "traiteur", P,
             "Réunion d'équipe de 10 personnes lundi matin à Échirolles, une petite salle suffit",
             "echirolles-salle-reunion-12", DISTRACTOR, day(7, "09:00", "12:00"), 2,
             capacity=10, town="Échirolles"),
    NeedSpec("d06", "mobil", P,
             "Il nous faut une salle de réunion à Échirolles pour 25 personnes, mardi de 9h à "
             "11h", "echirolles-salle-reunion-30", DISTRACTOR, day(8, "09:00", "11:00"), 2,
             capacity=25, town="Échirolles"),
    NeedSpec("d07", "festival", T,
             "On doit évacuer les gravats après la démolition de l'ancienne buvette",
             "recyclbat-benne", DISTRACTOR),
    NeedSpec("d08", "corps", S,
             "Besoin de quelqu'un pour gérer le son et les lumières de notre spectacle vendredi "
             "soir", "theatre-regie", DISTRACTOR, day(4, "18:00", "22:00"), 4),
    NeedSpec("d09", "cae", S, "Nous aimerions imprimer 500 flyers sur papier recyclé",
             "imprimerie-impression", DISTRACTOR),
    NeedSpec("d10", "coop", T,
             "On cherche une enceinte avec micro, sur batterie, pour animer une balade en "
             "extérieur", "corps-sono-portable", DISTRACTOR),
    NeedSpec("d11", "enercit", P,
             "Besoin d'un local pour entreposer 10 palettes de panneaux solaires pendant deux "
             "semaines", "remise-stockage", DISTRACTOR),
    NeedSpec("d12", "tremplin", S,
             "Nous voudrions faire traduire notre plaquette de présentation en arabe et en "
             "anglais", "uga-labo-langues", DISTRACTOR),
    NeedSpec("d13", "theatre", S,
             "Nos comptes annuels : on a besoin d'aide pour boucler le bilan avant l'assemblée "
             "générale de l'association", "coop-cloture-comptes", DISTRACTOR,
             alternatives=("groupement-comptable",)),
    NeedSpec("d14", "grange", T,
             "Besoin d'un ordinateur portable pour une nouvelle stagiaire pendant un mois",
             "numerik-portables", DISTRACTOR),

    # --- abbreviations and jargon -------------------------------------------------------
    NeedSpec("j01", "cuisine", S,
             "On doit se mettre en conformité RGPD pour le fichier de nos adhérents",
             "numerik-donnees", JARGON),
    NeedSpec("j02", "fournil", S,
             "On passe à 11 salariés : comment on organise l'élection du CSE ?",
             "groupement-dialogue-social", JARGON),
    NeedSpec("j03", "entraide", S,
             "Cherche formatrice FLE pour nos aides à domicile allophones", "tremplin-fle",
             JARGON),
    NeedSpec("j04", "theatre", S,
             "On sort d'un DLA et on doit revoir notre modèle éco, besoin d'un coup de main sur "
             "le prévi à 3 ans", "cae-financement", JARGON),
    NeedSpec("j05", "recyclbat", S,
             "Besoin d'aide pour le DUERP, on a embauché 3 personnes sur les chantiers",
             "bois-securite", JARGON),
    NeedSpec("j06", "corps", P,
             "Salle pour notre AG de juin à Échirolles, une quarantaine de personnes, un samedi",
             "echirolles-salle-fetes", JARGON, day(5, "09:00", "18:00"), 3, capacity=40,
             town="Échirolles"),
    NeedSpec("j07", "remise", S,
             "Notre CIP part en congé maternité, qui peut nous prêter main forte sur le suivi "
             "des salariés en parcours ?", "jardins-insertion", JARGON),
    NeedSpec("j08", "festival", S,
             "Besoin d'un SIRH simple pour gérer les plannings et congés des saisonniers",
             "numerik-sirh", JARGON),
    NeedSpec("j09", "regie", S,
             "On cherche un animateur BPJEPS pour une séance de sport avec nos salariés",
             "uga-educateur-sportif", JARGON),
    NeedSpec("j10", "grange", S,
             "Qui peut m'expliquer comment répondre à un AO de la métropole ?",
             "echirolles-marches-publics", JARGON),
    NeedSpec("j11", "traiteur", S, "Besoin d'une formation HACCP pour deux commis",
             "fournil-hygiene", JARGON),
    NeedSpec("j12", "coop", S,
             "Nos salariés n'ont jamais fait la formation SST, qui peut s'en charger ?",
             "groupement-sst", JARGON),
    NeedSpec("j13", "fablab", S, "Besoin d'un coup de main pour la PAO de notre plaquette",
             "imprimerie-affiches", JARGON),
    NeedSpec("j14", "echirolles", T,
             "Le service veut tester des VAE pour les agents avant d'en acheter",
             "mobil-velos", JARGON),
]

# What fills the traps' best text matches: booked by other organisations than the requester.
BOOKINGS = [
    BookingSpec("remise-camion", "jardins", 1, "08:00", 1, "18:00"),
    BookingSpec("festival-barnums", "theatre", 4, "09:00", 7, "12:00", quantity=8),
    BookingSpec("cae-paie", "tremplin", 0, "09:00", 0, "11:00"),
    BookingSpec("cae-paie", "tremplin", 1, "09:00", 1, "11:00"),
    BookingSpec("fablab-projecteur", "uga", 1, "08:00", 1, "20:00", quantity=2),
    BookingSpec("regie-compta", "cuisine", 0, "09:00", 0, "11:00"),
    BookingSpec("regie-compta", "cuisine", 2, "14:00", 2, "16:00"),
]
