"""The fixed catalogue of the matching evaluation: 26 organisations of a PTCE and what they share.

Written as members write their offers: in French, with varied words, some typos and missing
accents. Organisations and several offers come from the demo pole (`pooling.demo`). Each
offer has a stable key that the needs (`needs.py`) name as the offer a person would pick.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Weekly opening hours, by name: (weekday, opens, closes), Monday is 0.
HOURS: dict[str, list[tuple[int, str, str]]] = {
    "office": [(d, "09:00", "12:00") for d in range(5)] + [(d, "14:00", "18:00") for d in range(5)],
    "weekdays": [(d, "08:00", "18:00") for d in range(5)],
    "daytime": [(d, "08:00", "20:00") for d in range(6)],
    "evenings": [(d, "18:00", "22:00") for d in range(5)] + [(5, "09:00", "18:00")],
    "afternoons": [(d, "14:00", "18:00") for d in range(5)],
    "mornings": [(d, "08:00", "12:00") for d in range(5)],
    "weekend": [(5, "09:00", "19:00"), (6, "09:00", "19:00")],
    "everyday": [(d, "07:00", "22:00") for d in range(7)],
}


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    legal_form: str  # a pooling.members.models.LegalForm value
    circle: str  # a pooling.members.models.Circle value
    town: str
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfferSpec:
    key: str
    org: str  # Organisation.key
    kind: str  # skill, premises or tool
    category: str  # a category seeded by the migrations
    title: str
    description: str
    tags: tuple[str, ...] = ()
    hours: str = "office"  # a key of HOURS
    capacity: int | None = None  # premises: people
    quantity: int | None = None  # tools: items in stock
    hours_per_week: int | None = None  # skills: the provider's hours a week
    town: str = ""  # the organisation's town when empty
    min_duration_minutes: int = 30
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ClosureSpec:
    offer: str  # OfferSpec.key
    from_day: int  # days after the evaluation's Monday
    to_day: int  # last day closed (inclusive)
    reason: str


ORGANISATIONS = [
    Organisation("coop", "Coopér'Actions", "association", "animation-cell", "Grenoble",
                 ("employment",)),
    Organisation("remise", "Ressourcerie La Remise", "association", "founding-member",
                 "Saint-Martin-d'Hères", ("eco-activities", "employment")),
    Organisation("enercit", "SCIC Énergies Citoyennes de l'Isère", "scic", "founding-member",
                 "Grenoble", ("eco-activities",)),
    Organisation("echirolles", "Mairie d'Échirolles", "local-authority", "founding-member",
                 "Échirolles", ("employment",)),
    Organisation("jardins", "Les Jardins Solidaires du Drac", "association", "founding-member",
                 "Pont-de-Claix", ("food", "employment")),
    Organisation("regie", "Régie de quartier Villeneuve – Village Olympique", "association",
                 "founding-member", "Grenoble", ("employment",)),
    Organisation("bois", "Scop Bois & Toits", "scop", "founding-member", "Fontaine",
                 ("eco-activities",)),
    Organisation("theatre", "Théâtre du Pont-Levis", "association", "founding-member",
                 "Fontaine", ("culture",)),
    Organisation("uga", "Université Grenoble Alpes – Service Partenariats", "university",
                 "founding-member", "Saint-Martin-d'Hères", ("culture",)),
    Organisation("cae", "Alpes Entreprendre – Coopérative d'activité et d'emploi", "other",
                 "founding-member", "Grenoble", ("employment",)),
    Organisation("mobil", "Mobil'Idées", "association", "founding-member", "Échirolles",
                 ("mobility",)),
    Organisation("fournil", "Le Fournil d'Eybens SARL", "sarl", "partner", "Eybens", ("food",)),
    Organisation("fablab", "Fablab Les Bidouilleurs Alpins", "association", "partner",
                 "Grenoble", ("digital",)),
    Organisation("fontaine", "Mairie de Fontaine", "local-authority", "partner", "Fontaine",
                 ("culture",)),
    Organisation("corps", "Compagnie Les Corps Mêlés", "association", "partner", "Grenoble",
                 ("culture",)),
    Organisation("imprimerie", "Imprimerie Coopérative Alpine", "scop", "partner",
                 "Seyssinet-Pariset", ("culture",)),
    Organisation("recyclbat", "Recycl'Bât Isère SAS", "sas", "partner", "Pont-de-Claix",
                 ("eco-activities",)),
    Organisation("traiteur", "Traiteur Saveurs Partagées", "sas", "partner", "Échirolles",
                 ("food", "employment")),
    Organisation("numerik", "Numérik'Alpes Conseil SARL", "sarl", "partner", "Meylan",
                 ("digital",)),
    Organisation("entraide", "Entraide à Domicile Sud Isère", "association", "partner",
                 "Vizille", ("care",)),
    Organisation("curiosites", "Curiosités Numériques", "association", "partner", "Eybens",
                 ("digital",)),
    Organisation("festival", "Festival Les Voix du Drac", "association", "partner",
                 "Pont-de-Claix", ("culture",)),
    Organisation("cuisine", "La Cuisine des Trois Quartiers", "association", "partner",
                 "Grenoble", ("food",)),
    Organisation("tremplin", "Tremplin Emploi Agglo", "association", "partner", "Fontaine",
                 ("employment",)),
    Organisation("groupement", "Alpes Partage – Groupement d'employeurs", "association",
                 "partner", "Meylan", ("employment",)),
    Organisation("grange", "SCIC La Grange Numérique", "scic", "partner", "Sassenage",
                 ("digital", "culture")),
]

P, T, S = "premises", "tool", "skill"

OFFERS = [
    # --- Coopér'Actions (the animation cell) -------------------------------------------
    OfferSpec("coop-salle-conseil", "coop", P, "Salle de réunion", "Salle du Conseil",
              "Grande salle lumineuse pour les comités, formations et assemblées. Tables "
              "modulables en U ou en îlots, visio sur grand écran.",
              ("visio", "projecteur", "formation"), "office", capacity=24),
    OfferSpec("coop-bureau-permanence", "coop", P, "Bureau", "Bureau partagé pour permanences",
              "Petit bureau au calme pour tenir une permanence ou recevoir un rendez-vous.",
              ("permanence",), "office", capacity=3),
    OfferSpec("coop-cloture-comptes", "coop", S, "Comptabilité et gestion",
              "Aide à la clôture des comptes associatifs",
              "Notre chargée de gestion accompagne les petites associations du pôle pour leur "
              "clôture annuelle : bilan, compte de résultat, annexe, relecture avant l'AG.",
              ("comptabilité", "association", "bilan"), hours_per_week=4),
    OfferSpec("coop-subventions", "coop", S, "Communication et graphisme",
              "Relecture de dossiers de subvention",
              "Relecture avant dépôt, budget prévisionnel et indicateurs, par la chargée de "
              "mission mutualisation.", ("subvention", "financement"), hours_per_week=3),
    OfferSpec("coop-animation-reunion", "coop", S, "Ressources humaines",
              "Animation de réunions participatives",
              "On anime vos séminaires, journées d'équipe ou réunions de bénévoles avec des "
              "méthodes d'intelligence collective (world café, forum ouvert...).",
              ("facilitation", "intelligence collective", "séminaire"), hours_per_week=6),
    OfferSpec("coop-paperboard", "coop", T, "Matériel événementiel",
              "Paperboards et kit d'animation",
              "Deux chevalets de conférence, feutres, post-it, gommettes et minuteur.",
              ("animation", "atelier"), "office", quantity=2),

    # --- Ressourcerie La Remise -----------------------------------------------------------
    OfferSpec("remise-camion", "remise", T, "Véhicule", "Camion 20 m³ avec hayon",
              "Camion pour déménagements, collectes et livraisons. Permis B suffit, plein à "
              "refaire.", ("déménagement", "hayon"), "weekdays", quantity=1),
    OfferSpec("remise-atelier-menuiserie", "remise", P, "Atelier",
              "Atelier de réparation de meubles",
              "Espace de 60 m² avec établis et outillage portatif pour retaper du mobilier. "
              "Une encadrante peut être présente.", ("réparation", "meubles", "relooking"),
              "weekdays", capacity=6),
    OfferSpec("remise-stockage", "remise", P, "Stockage", "Zone de stockage en entrepôt",
              "Quelques palettes de place dans notre entrepot, accès quai de chargement.",
              ("entrepôt", "palettes"), "weekdays", capacity=None),
    OfferSpec("remise-tri-textile", "remise", S, "Mise à disposition de personnel",
              "Équipe de tri et de manutention",
              "Deux salariés en insertion et leur encadrante pour vider un local, trier et "
              "évacuer vers les bonnes filières.", ("débarras", "insertion", "manutention"),
              "weekdays", hours_per_week=14),
    OfferSpec("remise-diable", "remise", T, "Machine et outillage",
              "Diables et transpalette manuel",
              "Deux diables pliants et un transpalette pour déplacer charges lourdes et "
              "palettes.", ("manutention",), "weekdays", quantity=3),
    OfferSpec("remise-vaisselle", "remise", T, "Matériel événementiel",
              "Vaisselle de récup pour 100 couverts",
              "Assiettes, verres et couverts dépareillés mais propres, en caisses. Lavage au "
              "retour svp.", ("vaisselle", "zéro déchet", "repas"), "weekdays", quantity=1),

    # --- SCIC Énergies Citoyennes ---------------------------------------------------------
    OfferSpec("enercit-diag-energie", "enercit", S, "Informatique et numérique",
              "Diagnostic énergétique de vos locaux",
              "Visite, relevé des consommations et pistes d'économies chiffrées pour votre "
              "batiment (chauffage, éclairage, isolation).", ("énergie", "économies", "bâtiment"),
              hours_per_week=6),
    OfferSpec("enercit-societariat", "enercit", S, "Juridique",
              "Accompagnement au sociétariat multi-parties",
              "Notre animateur partage l'expérience de la SCIC : collèges de vote, parts "
              "sociales, assemblée des associés.", ("coopérative", "gouvernance", "scic"),
              hours_per_week=3),
    OfferSpec("enercit-salle-reunion", "enercit", P, "Salle de réunion", "Petite salle Soleil",
              "Salle de réunion de 8 places avec écran, au 2e étage sans ascenseur.",
              ("réunion",), "office", capacity=8),
    OfferSpec("enercit-camera-thermique", "enercit", T, "Machine et outillage",
              "Caméra thermique", "Pour repérer les ponts thermiques et fuites de chaleur "
              "d'un bâtiment. Notice et prise en main fournies.", ("isolation", "thermique"),
              "office", quantity=1),
    OfferSpec("enercit-wattmetres", "enercit", T, "Machine et outillage",
              "Wattmètres prêtés", "Cinq prises wattmètres pour mesurer ce que consomment "
              "frigos, serveurs et chauffages d'appoint.", ("électricité", "mesure"), "office",
              quantity=5),

    # --- Mairie d'Échirolles -------------------------------------------------------------
    OfferSpec("echirolles-salle-fetes", "echirolles", P, "Salle polyvalente",
              "Salle des fêtes Jean-Vilar",
              "Grande salle municipale prêtée aux membres du pôle pour leurs assemblées et "
              "événements. Scène, cuisine attenante, 150 chaises et 25 tables.",
              ("événement", "assemblée", "spectacle"), "evenings", capacity=150),
    OfferSpec("echirolles-salle-reunion-30", "echirolles", P, "Salle de réunion",
              "Salle Marie-Curie (30 places)",
              "Salle de réunion en mairie annexe, tables en U, vidéoprojecteur fixe, accessible "
              "PMR.", ("réunion", "accessible"), "office", capacity=30),
    OfferSpec("echirolles-salle-reunion-12", "echirolles", P, "Salle de réunion",
              "Salle Marie-Curie (petite salle 12 places)",
              "La petite salle attenante, pour les réunions en comité restreint.",
              ("réunion",), "office", capacity=12),
    OfferSpec("echirolles-local-activite", "echirolles", P, "Bureau",
              "Local d'activité en pied d'immeuble",
              "Local de 35 m² avec vitrine, idéal pour une permanence d'accueil du public ou "
              "une boutique éphémère.", ("boutique", "accueil du public"), "weekdays",
              capacity=10),
    OfferSpec("echirolles-podium", "echirolles", T, "Matériel événementiel",
              "Podium mobile 6 x 4 m", "Scène démontable avec escalier et garde-corps, "
              "livrée et montée par les services techniques.", ("scène", "plein air"),
              "weekdays", quantity=1),
    OfferSpec("echirolles-marches-publics", "echirolles", S, "Juridique",
              "Répondre à un marché public",
              "Le service de la commande publique explique comment lire un DCE, constituer "
              "un dossier de candidature et chiffrer une offre.", ("appel d'offres", "dce"),
              hours_per_week=2),

    # --- Les Jardins Solidaires du Drac ---------------------------------------------------
    OfferSpec("jardins-chambre-froide", "jardins", P, "Stockage", "Chambre froide du jardin",
              "6 m² à 4 °C pour stocker légumes, fromages ou plats préparés quelques jours.",
              ("froid", "légumes"), "daytime", capacity=None),
    OfferSpec("jardins-conditionnement", "jardins", P, "Atelier", "Salle de conditionnement",
              "Pièce carrelée avec tables inox, balance et évier pour laver et mettre en "
              "cagettes.", ("légumes", "paniers"), "daytime", capacity=8),
    OfferSpec("jardins-motoculteur", "jardins", T, "Machine et outillage", "Motoculteur",
              "Motoculteur thermique avec fraise, pour préparer les parcelles au printemps.",
              ("jardinage", "potager"), "weekdays", quantity=1),
    OfferSpec("jardins-maraichage", "jardins", S, "Mise à disposition de personnel",
              "Conseils en maraîchage bio",
              "Notre encadrant maraîcher aide à lancer un potager collectif : rotations, "
              "semis, arrosage économe.", ("potager", "bio", "jardin partagé"),
              hours_per_week=4),
    OfferSpec("jardins-insertion", "jardins", S, "Ressources humaines",
              "Accompagnement socio-professionnel",
              "Notre conseillère en insertion partage ses outils pour suivre des salariés en "
              "parcours : entretiens, levée des freins, lien avec France Travail.",
              ("insertion", "parcours", "accompagnement"), hours_per_week=3),

    # --- Régie de quartier ---------------------------------------------------------------
    OfferSpec("regie-salle-info", "regie", P, "Salle de réunion",
              "Salle de formation informatique (12 postes)",
              "Salle équipée de douze PC récents, d'un vidéoprojecteur et d'un tableau blanc.",
              ("informatique", "formation", "ordinateurs"), "office", capacity=12),
    OfferSpec("regie-peinture", "regie", T, "Machine et outillage",
              "Outillage de peinture", "Rouleaux, perches, bâches, escabeaux et une ponceuse "
              "girafe pour refaire un local.", ("peinture", "travaux"), "weekdays", quantity=2),
    OfferSpec("regie-nettoyage", "regie", T, "Machine et outillage",
              "Autolaveuse et aspirateur eau et poussiere",
              "Pour un grand ménage après travaux ou un évènement.", ("ménage", "nettoyage"),
              "weekdays", quantity=1),
    OfferSpec("regie-entretien", "regie", S, "Mise à disposition de personnel",
              "Petits travaux de second oeuvre",
              "Une équipe encadrée pour poser des étagères, repeindre, changer des "
              "serrures.", ("bricolage", "travaux"), "weekdays", hours_per_week=10),
    OfferSpec("regie-compta", "regie", S, "Comptabilité et gestion",
              "Saisie comptable et rapprochements bancaires",
              "Notre comptable peut tenir la saisie de petites associations : factures, "
              "banque, TVA.", ("comptabilité", "saisie", "tva"), hours_per_week=5),
    OfferSpec("regie-utilitaire", "regie", T, "Véhicule", "Utilitaire 12 m³",
              "Fourgon Renault Master, idéal pour un petit déménagement ou un transport de "
              "matériel.", ("déménagement", "fourgon"), "daytime", quantity=1),

    # --- Scop Bois & Toits ---------------------------------------------------------------
    OfferSpec("bois-atelier", "bois", P, "Atelier", "Atelier bois avec machines",
              "Atelier de menuiserie prêté aux structures formées aux machines : scie à "
              "format, dégauchisseuse, raboteuse.", ("menuiserie", "machines"), "office",
              capacity=6, min_duration_minutes=180),
    OfferSpec("bois-echafaudage", "bois", T, "Machine et outillage",
              "Échafaudage roulant", "Échafaudage alu jusqu'à 6 m de hauteur de travail, "
              "livraison possible.", ("hauteur", "travaux"), "office", quantity=2),
    OfferSpec("bois-scie-onglet", "bois", T, "Machine et outillage",
              "Scie à onglet radiale", "Pour couper des tasseaux et des plinthes bien "
              "d'équerre.", ("coupe", "bois"), "office", quantity=1),
    OfferSpec("bois-conception", "bois", S, "Informatique et numérique",
              "Plans et modélisation 3D d'aménagements",
              "Notre dessinateur réalise les plans d'un mobilier ou d'une mezzanine sur "
              "SketchUp avant fabrication.", ("plans", "sketchup", "aménagement"),
              hours_per_week=4),
    OfferSpec("bois-securite", "bois", S, "Ressources humaines",
              "Évaluation des risques professionnels",
              "Notre référent sécurité aide à rédiger le document unique et le plan "
              "d'actions de prévention.", ("prévention", "sécurité", "document unique"),
              hours_per_week=3),

    # --- Théâtre du Pont-Levis ------------------------------------------------------------
    OfferSpec("theatre-salle-repet", "theatre", P, "Salle polyvalente", "Salle de répétition",
              "Salle noire équipée pour répétitions, réunions publiques et spectacles de "
              "petite forme, plancher de danse.", ("spectacle", "son", "danse"), "evenings",
              capacity=40),
    OfferSpec("theatre-loge", "theatre", P, "Bureau", "Loge et bureau de production",
              "Petite pièce avec miroir et portant, sert aussi de bureau d'appoint.",
              ("loge",), "evenings", capacity=4),
    OfferSpec("theatre-lumiere", "theatre", T, "Matériel événementiel",
              "Kit lumière scénique", "8 projecteurs LED, pieds et console DMX.",
              ("éclairage", "spectacle"), "office", quantity=1),
    OfferSpec("theatre-regie", "theatre", S, "Mise à disposition de personnel",
              "Régisseur son et lumière",
              "Notre régisseur installe et fait tourner la technique de votre soirée.",
              ("technique", "régie", "spectacle"), "evenings", hours_per_week=8),
    OfferSpec("theatre-prise-parole", "theatre", S, "Communication et graphisme",
              "Atelier prise de parole en public",
              "Une comédienne de la troupe entraîne vos équipes à parler devant un public ou "
              "un jury.", ("oral", "confiance", "pitch"), "evenings", hours_per_week=4),

    # --- Université ----------------------------------------------------------------------
    OfferSpec("uga-amphi", "uga", P, "Salle de réunion", "Amphithéâtre 120 places",
              "Amphithéâtre disponible hors périodes d'examens pour les conférences du pôle.",
              ("conférence", "captation"), "office", capacity=120),
    OfferSpec("uga-salle-td", "uga", P, "Salle de réunion", "Salle de TD 35 places",
              "Salle de cours classique, tables mobiles, tableau et vidéoprojecteur.",
              ("cours", "formation"), "weekdays", capacity=35),
    OfferSpec("uga-salle-info", "uga", P, "Salle de réunion", "Salle informatique 20 postes",
              "Salle équipée de vingt ordinateurs sous Linux et Windows, accès Wi-Fi "
              "eduroam.", ("informatique", "ordinateurs"), "weekdays", capacity=20),
    OfferSpec("uga-etudes", "uga", S, "Informatique et numérique",
              "Enquête et analyse de données par des étudiants",
              "Un groupe d'étudiants de master conduit une étude ou un questionnaire pour "
              "votre structure, encadré par un enseignant.", ("étude", "statistiques",
                                                              "questionnaire"),
              hours_per_week=10),
    OfferSpec("uga-traduction", "uga", S, "Communication et graphisme",
              "Interprétariat dari et pachto",
              "Des étudiants du centre de langues accompagnent vos rendez-vous avec des "
              "personnes qui ne comprennent que le dari ou le pachto.", ("langues", "interprète"),
              hours_per_week=6),
    OfferSpec("uga-sociologie", "uga", S, "Informatique et numérique",
              "Évaluation d'impact social",
              "Une chercheuse aide à définir les indicateurs et à mesurer les effets de votre "
              "projet sur le territoire.", ("impact", "évaluation", "indicateurs"),
              hours_per_week=2),

    # --- Alpes Entreprendre (CAE) ---------------------------------------------------------
    OfferSpec("cae-juridique", "cae", S, "Juridique",
              "Premier conseil juridique (statuts, contrats)",
              "Une juriste de la coopérative répond à vos questions et relit statuts "
              "associatifs, conventions et contrats simples.", ("statuts", "contrats"),
              hours_per_week=2),
    OfferSpec("cae-controle-gestion", "cae", S, "Comptabilité et gestion",
              "Contrôle de gestion et tableaux de bord",
              "Construire un budget par activité, suivre la marge et les coûts de revient, "
              "mettre en place des indicateurs de pilotage.", ("budget", "pilotage", "marge"),
              hours_per_week=4),
    OfferSpec("cae-creation", "cae", S, "Juridique",
              "Accompagnement à la création d'activité",
              "Tester son activité dans un cadre sécurisé : étude de marché, prix, premiers "
              "clients, choix du statut.", ("création", "entrepreneuriat", "statut"),
              hours_per_week=6),
    OfferSpec("cae-bureau", "cae", P, "Bureau", "Poste en coworking",
              "Bureau en open space avec casier, imprimante et café, à la journée.",
              ("coworking",), "weekdays", capacity=1),
    OfferSpec("cae-paie", "cae", S, "Comptabilité et gestion",
              "Aide aux fiches de paie",
              "Notre gestionnaire aide les petits employeurs à établir les bulletins de "
              "salaire et la DSN mensuelle.", ("paie", "salaires", "dsn"), hours_per_week=4),

    # --- Mobil'Idées -----------------------------------------------------------------------
    OfferSpec("mobil-minibus", "mobil", T, "Véhicule", "Minibus 9 places",
              "Minibus pour sorties collectives et transports d'équipes. Permis B depuis 3 "
              "ans.", ("transport", "sortie"), "daytime", quantity=1),
    OfferSpec("mobil-voiture", "mobil", T, "Véhicule", "Voiture électrique Zoé",
              "Petite citadine électrique, 250 km d'autonomie, pour les rendez-vous et "
              "déplacements du quotidien.", ("voiture", "électrique"), "daytime", quantity=1),
    OfferSpec("mobil-velos", "mobil", T, "Véhicule", "Vélos à assistance électrique",
              "Six VAE pour les salariés qui n'ont pas de moyen de transport.",
              ("vélo", "mobilité"), "daytime", quantity=6),
    OfferSpec("mobil-code", "mobil", S, "Ressources humaines",
              "Préparation au code de la route",
              "Séances collectives pour les personnes éloignées de l'emploi qui préparent le "
              "permis, supports en français facile.", ("permis", "code", "mobilité"),
              hours_per_week=6),
    OfferSpec("mobil-diag-mobilite", "mobil", S, "Ressources humaines",
              "Diagnostic mobilité des salariés",
              "On étudie comment vos équipes viennent travailler et on propose un plan de "
              "déplacements.", ("plan de mobilité", "trajets"), hours_per_week=3),

    # --- Le Fournil d'Eybens --------------------------------------------------------------
    OfferSpec("fournil-fournil", "fournil", P, "Cuisine",
              "Fournil pour ateliers pain et viennoiserie",
              "Le fournil est libre l'après-midi, après la fournée du matin : ateliers pain, "
              "formations et préparations d'événements.", ("boulangerie", "atelier"),
              "afternoons", capacity=10, min_duration_minutes=120),
    OfferSpec("fournil-petrin", "fournil", T, "Machine et outillage", "Pétrin 20 litres",
              "Pétrin à spirale pour pâte à pain, à pizza ou à brioche.", ("boulangerie",),
              "afternoons", quantity=1),
    OfferSpec("fournil-hygiene", "fournil", S, "Ressources humaines",
              "Formation hygiène alimentaire",
              "Le boulanger transmet les règles d'hygiène en cuisine : méthode des 5M, "
              "traçabilité, plan de nettoyage.", ("hygiène", "cuisine", "traçabilité"),
              "afternoons", hours_per_week=3),

    # --- Fablab ---------------------------------------------------------------------------
    OfferSpec("fablab-imprimante-3d", "fablab", T, "Machine et outillage",
              "Imprimante 3D Prusa", "Impression de pièces en PLA ou PETG, bobines au prix "
              "coûtant.", ("impression 3d", "prototypage"), "daytime", quantity=1),
    OfferSpec("fablab-decoupe-laser", "fablab", T, "Machine et outillage",
              "Découpeuse laser 60 W", "Gravure et découpe de bois, carton, acrylique jusqu'à "
              "6 mm.", ("laser", "gravure"), "daytime", quantity=1),
    OfferSpec("fablab-projecteur", "fablab", T, "Informatique et audiovisuel",
              "Kit vidéoprojecteur et écran",
              "Vidéoprojecteur lumineux, écran sur pied, câbles HDMI et adaptateurs.",
              ("projecteur", "écran"), "daytime", quantity=2),
    OfferSpec("fablab-atelier", "fablab", P, "Atelier", "Atelier fablab",
              "Grande salle avec établis électroniques, soudure et machines numériques.",
              ("électronique", "fabrication"), "daytime", capacity=15),
    OfferSpec("fablab-arduino", "fablab", S, "Informatique et numérique",
              "Initiation électronique et Arduino",
              "Un fabmanager anime des ateliers de découverte pour jeunes et adultes.",
              ("électronique", "arduino", "atelier"), "daytime", hours_per_week=6),

    # --- Mairie de Fontaine ---------------------------------------------------------------
    OfferSpec("fontaine-salle-eluard", "fontaine", P, "Salle de réunion",
              "Salle Paul-Éluard", "Salle de 30 places avec tables, chaises et écran, en "
              "rez-de-chaussée, proche tram A.", ("réunion", "formation"), "weekdays",
              capacity=30),
    OfferSpec("fontaine-gymnase", "fontaine", P, "Salle polyvalente",
              "Gymnase Jean-Moulin (créneaux libres)",
              "Grand gymnase avec vestiaires, pour tournois, forums et journées sportives.",
              ("sport", "vestiaires"), "everyday", capacity=200),
    OfferSpec("fontaine-barnums", "fontaine", T, "Matériel événementiel",
              "Tentes de réception 3x3", "Dix tentes pliantes blanches avec poids de lestage.",
              ("tente", "plein air"), "weekdays", quantity=10),
    OfferSpec("fontaine-grilles", "fontaine", T, "Matériel événementiel",
              "Grilles d'exposition", "30 grilles caddie pour accrocher photos et affiches.",
              ("exposition",), "weekdays", quantity=30),
    OfferSpec("fontaine-bureau-5", "fontaine", P, "Bureau", "Bureau partagé 5 postes",
              "Bureau en maison des associations, cinq postes de travail et une armoire "
              "fermée.", ("associations",), "weekdays", capacity=5),
    OfferSpec("fontaine-chaises", "fontaine", T, "Matériel événementiel",
              "Chaises pliantes", "Lot de 100 chaises pliantes en plastique.",
              ("mobilier",), "weekdays", quantity=100),

    # --- Compagnie Les Corps Mêlés ---------------------------------------------------------
    OfferSpec("corps-studio", "corps", P, "Salle polyvalente", "Studio de danse",
              "Petit studio avec parquet, miroirs et barres, enceinte bluetooth.",
              ("danse", "yoga"), "daytime", capacity=15),
    OfferSpec("corps-costumes", "corps", T, "Matériel événementiel",
              "Costumes et accessoires de scène",
              "Une malle de costumes de toutes époques, en prêt pour fêtes et spectacles.",
              ("déguisement", "spectacle"), "office", quantity=1),
    OfferSpec("corps-mediation", "corps", S, "Communication et graphisme",
              "Ateliers de médiation culturelle",
              "Nos danseuses interviennent auprès de publics éloignés de la culture : écoles, "
              "EHPAD, centres sociaux.", ("danse", "médiation", "publics"), "daytime",
              hours_per_week=6),
    OfferSpec("corps-bien-etre", "corps", S, "Ressources humaines",
              "Séances d'étirements au travail",
              "Une danseuse vient faire bouger vos équipes 30 min : dos, nuque, posture devant "
              "l'écran.", ("posture", "santé"), "daytime", hours_per_week=3),

    # --- Imprimerie Coopérative Alpine ---------------------------------------------------
    OfferSpec("imprimerie-affiches", "imprimerie", S, "Communication et graphisme",
              "Conception d'affiches et flyers",
              "Notre graphiste met en page vos supports d'événement : maquette, charte, "
              "préparation à l'impression.", ("graphisme", "affiche"), hours_per_week=6),
    OfferSpec("imprimerie-etiquettes", "imprimerie", T, "Machine et outillage",
              "Imprimante d'étiquettes",
              "Machine à étiqueter pour bocaux et produits alimentaires, rouleaux fournis au "
              "coût.", ("étiquettes", "alimentaire"), "office", quantity=1),
    OfferSpec("imprimerie-traceur", "imprimerie", T, "Informatique et audiovisuel",
              "Traceur grand format", "Impression de kakémonos, plans et affiches jusqu'à "
              "A0.", ("impression", "a0"), "office", quantity=1),
    OfferSpec("imprimerie-identite", "imprimerie", S, "Communication et graphisme",
              "Création de logo et charte graphique",
              "Pour une nouvelle structure ou un rafraîchissement : logo, couleurs, "
              "typographies, déclinaisons.", ("logo", "identité visuelle"), hours_per_week=4),
    OfferSpec("imprimerie-massicot", "imprimerie", T, "Machine et outillage",
              "Massicot et relieuse", "Couper des piles de papier droit et relier des "
              "rapports à spirale.", ("reliure", "papier"), "office", quantity=1),

    # --- Recycl'Bât ---------------------------------------------------------------------
    OfferSpec("recyclbat-benne", "recyclbat", T, "Véhicule", "Camion benne 3,5 t",
              "Benne basculante pour évacuer gravats et déchets de chantier vers la "
              "déchetterie.", ("gravats", "chantier"), "weekdays", quantity=1),
    OfferSpec("recyclbat-materiaux", "recyclbat", P, "Stockage",
              "Plateforme de réemploi de matériaux",
              "Un hangar où déposer portes, fenêtres, carrelage et bois de récupération "
              "avant leur réutilisation.", ("réemploi", "matériaux"), "weekdays"),
    OfferSpec("recyclbat-diag", "recyclbat", S, "Informatique et numérique",
              "Diagnostic ressources avant démolition",
              "On inventorie ce qui peut être réemployé dans un bâtiment avant travaux.",
              ("réemploi", "démolition", "pemd"), hours_per_week=4),
    OfferSpec("recyclbat-perforateur", "recyclbat", T, "Machine et outillage",
              "Perforateur burineur SDS", "Pour percer béton et démolir du carrelage.",
              ("perçage", "béton"), "weekdays", quantity=2),
    OfferSpec("recyclbat-perceuses", "recyclbat", T, "Machine et outillage",
              "Perceuse-visseuse sans fil", "Lot de perceuses-visseuses 18 V avec deux "
              "batteries chacune et coffret d'embouts.", ("bricolage", "visserie"),
              "weekdays", quantity=4),

    # --- Traiteur Saveurs Partagées ---------------------------------------------------------
    OfferSpec("traiteur-chambre-froide", "traiteur", P, "Stockage",
              "Chambre froide positive", "Stockage réfrigéré ponctuel pour denrées "
              "d'événements.", ("froid", "stockage"), "daytime", capacity=None),
    OfferSpec("traiteur-labo", "traiteur", P, "Cuisine", "Laboratoire de cuisine",
              "Cuisine professionnelle pour préparer buffets et plateaux repas, avec "
              "cellule de refroidissement.", ("traiteur", "buffet"), "weekdays", capacity=6),
    OfferSpec("traiteur-chafing", "traiteur", T, "Matériel événementiel",
              "Chafing dish et plats de service",
              "Dix réchauds chafing dish pour garder les plats au chaud pendant un buffet.",
              ("buffet", "réchaud"), "weekdays", quantity=10),
    OfferSpec("traiteur-camion-frigo", "traiteur", T, "Véhicule",
              "Camionnette frigorifique",
              "Pour transporter des repas ou des produits frais en respectant la chaine du "
              "froid.", ("froid", "livraison"), "weekdays", quantity=1),
    OfferSpec("traiteur-haccp", "traiteur", S, "Ressources humaines",
              "Mise en place du plan de maîtrise sanitaire",
              "Notre cheffe aide à écrire les procédures, les fiches de relevé de "
              "température et l'analyse des dangers.", ("sanitaire", "cuisine"),
              hours_per_week=3),

    # --- Numérik'Alpes Conseil -------------------------------------------------------------
    OfferSpec("numerik-assistance", "numerik", S, "Informatique et numérique",
              "Assistance informatique et sauvegardes",
              "Diagnostic et dépannage à distance ou sur place pour les petites structures : "
              "postes, messagerie, sauvegardes.", ("informatique", "dépannage"),
              hours_per_week=8),
    OfferSpec("numerik-donnees", "numerik", S, "Juridique",
              "Protection des données personnelles",
              "Registre des traitements, mentions d'information, durées de conservation : on "
              "vous aide à vous mettre en conformité.", ("données", "conformité", "cnil"),
              hours_per_week=4),
    OfferSpec("numerik-site-web", "numerik", S, "Informatique et numérique",
              "Création de site internet",
              "Un site simple sous WordPress, que vous pourrez mettre à jour vous-même.",
              ("site", "wordpress"), hours_per_week=6),
    OfferSpec("numerik-cyber", "numerik", S, "Informatique et numérique",
              "Sensibilisation à la cybersécurité",
              "Mots de passe, hameçonnage, sauvegardes : une heure pour que toute l'équipe "
              "adopte les bons réflexes.", ("sécurité informatique", "phishing"),
              hours_per_week=3),
    OfferSpec("numerik-portables", "numerik", T, "Informatique et audiovisuel",
              "Ordinateurs portables de prêt",
              "Huit portables reconditionnés, suite bureautique installée.",
              ("ordinateur", "pc"), "office", quantity=8),
    OfferSpec("numerik-sirh", "numerik", S, "Ressources humaines",
              "Choix d'un logiciel de gestion du personnel",
              "On compare avec vous les outils de congés, plannings, entretiens et dossiers "
              "salariés, puis on les paramètre.", ("logiciel", "plannings", "congés"),
              hours_per_week=2),

    # --- Entraide à Domicile ----------------------------------------------------------------
    OfferSpec("entraide-salle", "entraide", P, "Salle de réunion",
              "Salle de réunion de l'agence", "Salle pour 14 personnes, au calme, avec "
              "machine à café.", ("réunion",), "office", capacity=14),
    OfferSpec("entraide-aidants", "entraide", S, "Mise à disposition de personnel",
              "Soutien aux aidants familiaux",
              "Une psychologue anime des groupes de parole pour les proches de personnes "
              "âgées ou malades.", ("aidants", "écoute", "groupe de parole"),
              hours_per_week=4),
    OfferSpec("entraide-gestes", "entraide", S, "Ressources humaines",
              "Formation gestes et postures",
              "Prévenir le mal de dos : porter, se pencher, aider une personne à se lever "
              "sans se blesser.", ("dos", "prévention", "manutention"), hours_per_week=3),
    OfferSpec("entraide-fauteuil", "entraide", T, "Machine et outillage",
              "Fauteuil roulant et déambulateur",
              "Matériel médical de prêt pour un événement ou un dépannage de quelques jours.",
              ("handicap", "mobilité réduite"), "office", quantity=2),

    # --- Curiosités Numériques ------------------------------------------------------------
    OfferSpec("curiosites-salle-multimedia", "curiosites", P, "Salle de réunion",
              "Espace multimédia 10 postes",
              "Salle avec dix ordinateurs, imprimante et connexion fibre, dans le centre "
              "social.", ("ordinateurs", "numérique"), "daytime", capacity=10),
    OfferSpec("curiosites-inclusion", "curiosites", S, "Informatique et numérique",
              "Formation aux outils numériques",
              "Notre conseillère numérique apprend à utiliser un smartphone, la messagerie et "
              "les démarches en ligne.", ("numérique", "démarches en ligne", "smartphone"),
              "daytime", hours_per_week=8),
    OfferSpec("curiosites-tablettes", "curiosites", T, "Informatique et audiovisuel",
              "Valise de 10 tablettes", "Tablettes Android en valise de recharge, pour des "
              "ateliers mobiles.", ("tablette", "atelier"), "daytime", quantity=1),
    OfferSpec("curiosites-projecteur", "curiosites", T, "Informatique et audiovisuel",
              "Videoprojecteur portable", "Petit projecteur avec enceinte intégrée et "
              "rallonge.", ("projection", "cinéma"), "daytime", quantity=1),
    OfferSpec("curiosites-video", "curiosites", S, "Communication et graphisme",
              "Tournage et montage de petites vidéos",
              "Un animateur filme et monte une vidéo de 2 minutes pour présenter votre "
              "projet sur les réseaux.", ("vidéo", "montage", "réseaux sociaux"), "daytime",
              hours_per_week=5),

    # --- Festival Les Voix du Drac -----------------------------------------------------------
    OfferSpec("festival-barnums", "festival", T, "Matériel événementiel", "Barnums 3×3 m",
              "Douze barnums blancs avec lestage.", ("barnum", "plein air"), "office",
              quantity=12),
    OfferSpec("festival-sono", "festival", T, "Matériel événementiel",
              "Sonorisation mobile 2 × 500 W",
              "Enceintes amplifiées, table de mixage, deux micros sans fil.", ("son", "micro"),
              "office", quantity=2),
    OfferSpec("festival-benevoles", "festival", S, "Ressources humaines",
              "Coordination de bénévoles",
              "Notre coordinatrice partage sa méthode pour recruter, planifier et fidéliser "
              "les bénévoles d'un événement.", ("bénévolat", "planning"), hours_per_week=3),
    OfferSpec("festival-gobelets", "festival", T, "Matériel événementiel",
              "Gobelets réutilisables", "2000 gobelets consignés aux couleurs du pôle.",
              ("éco-événement", "zéro déchet"), "office", quantity=2000),
    OfferSpec("festival-groupe-electrogene", "festival", T, "Machine et outillage",
              "Groupe électrogène 5 kVA", "Pour alimenter une scène ou une buvette loin de "
              "toute prise.", ("électricité", "plein air"), "office", quantity=1),
    OfferSpec("festival-securite", "festival", S, "Juridique",
              "Dossier de sécurité d'une manifestation",
              "Déclaration en préfecture, plan de secours, arrêté municipal : on vous "
              "explique les démarches pour un événement public.", ("sécurité", "préfecture"),
              hours_per_week=2),

    # --- La Cuisine des Trois Quartiers ---------------------------------------------------------
    OfferSpec("cuisine-partagee", "cuisine", P, "Cuisine",
              "Cuisine professionnelle partagée",
              "Cuisine aux normes pour traiteurs débutants, ateliers cuisine et préparations "
              "d'événements : piano, four mixte, plonge.", ("traiteur", "cuisine"), "daytime",
              capacity=8, min_duration_minutes=120),
    OfferSpec("cuisine-pedagogique", "cuisine", P, "Cuisine", "Cuisine pédagogique",
              "Cuisine familiale avec grand îlot, pour ateliers avec des habitants ou des "
              "enfants.", ("atelier", "habitants"), "daytime", capacity=12),
    OfferSpec("cuisine-ateliers", "cuisine", S, "Mise à disposition de personnel",
              "Animation d'ateliers cuisine anti-gaspi",
              "Une animatrice cuisine avec vos publics les invendus et les légumes moches.",
              ("anti-gaspillage", "alimentation"), "daytime", hours_per_week=6),
    OfferSpec("cuisine-robot", "cuisine", T, "Machine et outillage", "Robot coupe et batteur",
              "Robot multifonction professionnel et batteur mélangeur 10 L.",
              ("cuisine", "pâtisserie"), "daytime", quantity=1),

    # --- Tremplin Emploi Agglo -----------------------------------------------------------
    OfferSpec("tremplin-recrutement", "tremplin", S, "Ressources humaines",
              "Recrutement et intégration",
              "Une chargée de recrutement vous aide à rédiger la fiche de poste et l'annonce, "
              "à mener les entretiens et à préparer l'arrivée de la personne.",
              ("recrutement", "rh", "fiche de poste"), hours_per_week=4),
    OfferSpec("tremplin-cv", "tremplin", S, "Ressources humaines",
              "Ateliers CV et lettre de motivation",
              "Pour les personnes que vous accompagnez : CV, lettre, simulation d'entretien.",
              ("cv", "emploi"), hours_per_week=6),
    OfferSpec("tremplin-salle-entretien", "tremplin", P, "Bureau", "Bureau d'entretien",
              "Petit bureau fermé pour des entretiens individuels confidentiels.",
              ("entretien", "confidentiel"), "office", capacity=2),
    OfferSpec("tremplin-salle-collective", "tremplin", P, "Salle de réunion",
              "Salle d'information collective",
              "Salle de 20 chaises avec écran, pour réunions d'information et sessions "
              "de recrutement.", ("réunion", "information"), "office", capacity=20),
    OfferSpec("tremplin-fle", "tremplin", S, "Ressources humaines",
              "Cours de français pour adultes étrangers",
              "Une formatrice anime des cours de français langue étrangère orientés vers "
              "l'emploi, du niveau A1 au B1.", ("langue", "alphabétisation", "emploi"),
              hours_per_week=6),
    OfferSpec("tremplin-vae", "tremplin", S, "Ressources humaines",
              "Faire reconnaître son expérience par un diplôme",
              "Accompagnement des salariés qui veulent valider les acquis de leur expérience : "
              "recevabilité, livret 2, jury.", ("diplôme", "certification"), hours_per_week=2),

    # --- Alpes Partage (groupement d'employeurs) ---------------------------------------------
    OfferSpec("groupement-entretien", "groupement", S, "Mise à disposition de personnel",
              "Agent d'entretien mis à disposition",
              "Un salarié du groupement mis à disposition quelques jours par mois pour "
              "l'entretien des locaux.", ("entretien", "emploi partagé", "ménage"), "weekdays",
              hours_per_week=14),
    OfferSpec("groupement-paie", "groupement", S, "Comptabilité et gestion",
              "Gestion de la paie et déclarations sociales",
              "Bulletins de salaire, DSN, soldes de tout compte : notre gestionnaire paie "
              "prend en charge vos salariés.", ("paie", "salaires", "social"),
              hours_per_week=6),
    OfferSpec("groupement-secretariat", "groupement", S, "Mise à disposition de personnel",
              "Secrétaire à temps partagé",
              "Une assistante administrative une ou deux demi-journées par semaine : "
              "courrier, agenda, classement.", ("secrétariat", "administratif"), "weekdays",
              hours_per_week=10),
    OfferSpec("groupement-dialogue-social", "groupement", S, "Ressources humaines",
              "Mise en place des instances représentatives du personnel",
              "Élections professionnelles, calendrier, protocole préélectoral, premières "
              "réunions avec les élus.", ("élections", "représentants du personnel"),
              hours_per_week=2),
    OfferSpec("groupement-droit-travail", "groupement", S, "Juridique",
              "Questions de droit du travail",
              "Contrats, temps partiel, convention collective, rupture conventionnelle : une "
              "juriste RH répond à vos questions.", ("contrat de travail", "juridique"),
              hours_per_week=3),
    OfferSpec("groupement-comptable", "groupement", S, "Comptabilité et gestion",
              "Comptable à temps partagé",
              "Tenue de la compta, déclarations de TVA et préparation du bilan avec votre "
              "expert-comptable.", ("comptabilité", "tva", "bilan"), hours_per_week=7),

    # --- SCIC La Grange Numérique -----------------------------------------------------------
    OfferSpec("grange-imprimante-3d", "grange", T, "Machine et outillage",
              "Imprimante 3D grand format",
              "Imprimante à dépôt de filament, plateau 30 x 30 cm, prise en main sur place.",
              ("impression 3d", "prototype"), "daytime", quantity=1),
    OfferSpec("grange-salle-seminaire", "grange", P, "Salle polyvalente",
              "Grange de séminaire", "Salle en bois sous charpente avec vue sur le Vercors, "
              "pour séminaires et journées au vert, ouverte aussi le week-end.",
              ("séminaire", "nature"), "everyday", capacity=50),
    OfferSpec("grange-coworking", "grange", P, "Bureau", "Bureaux partagés de la Grange",
              "Six postes en coworking, une cabine téléphonique, la fibre et du café.",
              ("coworking", "télétravail"), "weekdays", capacity=6),
    OfferSpec("grange-studio", "grange", P, "Atelier", "Studio d'enregistrement",
              "Cabine insonorisée et régie pour enregistrer des podcasts ou des voix off.",
              ("podcast", "audio"), "daytime", capacity=4),
    OfferSpec("grange-micros", "grange", T, "Informatique et audiovisuel",
              "Kit podcast nomade", "Enregistreur, quatre micros-cravates et casques.",
              ("podcast", "enregistrement"), "daytime", quantity=1),
    OfferSpec("grange-camera", "grange", T, "Informatique et audiovisuel",
              "Caméra et trépied", "Caméra 4K, trépied, micro canon et éclairage LED.",
              ("vidéo", "tournage"), "daytime", quantity=1),
    OfferSpec("grange-formateur", "grange", S, "Informatique et numérique",
              "Logiciels libres pour les associations",
              "Passer à Nextcloud, LibreOffice et aux outils collaboratifs libres, avec une "
              "demi-journée de prise en main.", ("logiciel libre", "nextcloud", "outils"),
              "daytime", hours_per_week=4),
]

# Offers added so that every organisation shares a fair part and the near-duplicates are many.
OFFERS += [
    OfferSpec("coop-salle-ateliers", "coop", P, "Salle de réunion", "Salle des ateliers",
              "Salle de 12 places au 1er étage, murs effaçables pour travailler en "
              "sous-groupes.", ("atelier", "sous-groupes"), "office", capacity=12),
    OfferSpec("remise-velos-recup", "remise", T, "Véhicule", "Remorque vélo",
              "Remorque de 100 kg de charge utile à atteler à n'importe quel vélo.",
              ("vélo", "remorque"), "weekdays", quantity=2),
    OfferSpec("echirolles-formation-elus", "echirolles", S, "Juridique",
              "Relations avec les collectivités",
              "Comprendre qui décide quoi entre commune, métropole et département, et à qui "
              "s'adresser pour un projet.", ("collectivités", "partenariat public"),
              hours_per_week=2),
    OfferSpec("jardins-broyeur", "jardins", T, "Machine et outillage", "Broyeur de végétaux",
              "Broyeur thermique pour branches jusqu'à 7 cm, pour faire son paillage.",
              ("broyage", "paillage", "jardin"), "weekdays", quantity=1),
    OfferSpec("regie-salle-quartier", "regie", P, "Salle polyvalente", "Salle de quartier",
              "Salle de 60 places au rez-de-chaussée, avec coin cuisine, pour fêtes de "
              "voisins et réunions d'habitants. Ouverte le samedi.", ("habitants", "fête"),
              "daytime", capacity=60),
    OfferSpec("theatre-gradins", "theatre", T, "Matériel événementiel",
              "Praticables et gradins", "Plateaux praticables 2 x 1 m et petits gradins "
              "pour 60 spectateurs.", ("scène", "gradins"), "office", quantity=1),
    OfferSpec("uga-labo-langues", "uga", S, "Communication et graphisme",
              "Traduction de documents (anglais, espagnol, arabe)",
              "Des étudiants en master de traduction traduisent vos plaquettes et "
              "formulaires.", ("traduction", "langues"), hours_per_week=5),
    OfferSpec("cae-salle", "cae", P, "Salle de réunion", "Salle de réunion de la coopérative",
              "Salle de 16 places avec écran tactile, à deux pas de la gare.",
              ("réunion", "visio"), "weekdays", capacity=16),
    OfferSpec("mobil-sieges-auto", "mobil", T, "Véhicule", "Sièges auto enfants",
              "Rehausseurs et sièges bébé à prêter avec le minibus ou la voiture.",
              ("enfants", "sécurité"), "daytime", quantity=4),
    OfferSpec("fournil-chambre-pousse", "fournil", T, "Machine et outillage",
              "Four ventilé professionnel", "Four à convection 10 niveaux sur chariot, "
              "pour cuissons de gros volumes.", ("cuisson", "four"), "afternoons", quantity=1),
    OfferSpec("fablab-brodeuse", "fablab", T, "Machine et outillage",
              "Brodeuse numérique", "Brodeuse pilotée par ordinateur pour personnaliser "
              "textiles et écussons.", ("textile", "broderie"), "daytime", quantity=1),
    OfferSpec("fontaine-salle-spectacle", "fontaine", P, "Salle polyvalente",
              "Salle de spectacle L'Ilyade (petite jauge)",
              "Salle de 90 places assises avec régie, pour concerts et spectacles.",
              ("spectacle", "concert"), "evenings", capacity=90),
    OfferSpec("corps-sono-portable", "corps", T, "Matériel événementiel",
              "Enceinte portable sur batterie", "Une enceinte avec micro main, autonomie "
              "8 h, pour une animation en extérieur.", ("son", "micro"), "daytime", quantity=1),
    OfferSpec("imprimerie-impression", "imprimerie", S, "Communication et graphisme",
              "Impression offset et numérique",
              "Flyers, brochures, rapports d'activité : papier recyclé, encres végétales.",
              ("impression", "papier recyclé"), hours_per_week=10),
    OfferSpec("recyclbat-formation", "recyclbat", S, "Ressources humaines",
              "Formation au réemploi sur chantier",
              "Une demi-journée pour apprendre à déposer soigneusement les éléments "
              "réemployables.", ("réemploi", "chantier", "formation"), hours_per_week=3),
    OfferSpec("traiteur-nappes", "traiteur", T, "Matériel événementiel",
              "Nappes et mange-debout", "Huit mange-debout avec housses blanches et des "
              "nappes en tissu.", ("réception", "cocktail"), "weekdays", quantity=8),
    OfferSpec("numerik-visio", "numerik", T, "Informatique et audiovisuel",
              "Caméra de visioconférence 360°", "Caméra et micro de salle pour des "
              "réunions hybrides.", ("visio", "hybride"), "office", quantity=1),
    OfferSpec("entraide-vehicule", "entraide", T, "Véhicule", "Véhicule adapté TPMR",
              "Voiture avec rampe pour transporter une personne en fauteuil.",
              ("fauteuil", "transport adapté"), "weekdays", quantity=1),
    OfferSpec("curiosites-salle-reunion", "curiosites", P, "Salle de réunion",
              "Petite salle du centre social", "Salle de 8 places avec table ronde.",
              ("réunion",), "daytime", capacity=8),
    OfferSpec("festival-talkies", "festival", T, "Matériel événementiel",
              "Talkies-walkies", "Douze talkies avec oreillettes pour l'organisation d'un "
              "événement.", ("communication", "organisation"), "office", quantity=12),
    OfferSpec("cuisine-vaisselle", "cuisine", T, "Matériel événementiel",
              "Marmites et faitouts géants", "Pour cuisiner pour 200 : marmites 50 L, "
              "louches, bacs gastro.", ("grande quantité", "cuisine"), "daytime", quantity=4),
    OfferSpec("tremplin-mecenat", "tremplin", S, "Communication et graphisme",
              "Recherche de mécènes",
              "Identifier les fondations et entreprises qui pourraient soutenir votre projet, "
              "et préparer la rencontre.", ("mécénat", "fondations"), hours_per_week=2),
    OfferSpec("groupement-salle", "groupement", P, "Salle de réunion",
              "Salle de formation du groupement",
              "Salle de 18 places avec tables individuelles et vidéoprojecteur, à Meylan.",
              ("formation", "réunion"), "weekdays", capacity=18),
    OfferSpec("grange-cuisine", "grange", P, "Cuisine", "Cuisine de la Grange",
              "Cuisine équipée attenante à la salle de séminaire, pour repas de groupe "
              "jusqu'à 50 couverts.", ("repas", "séminaire"), "everyday", capacity=6),
    OfferSpec("bois-chantier-participatif", "bois", S, "Mise à disposition de personnel",
              "Encadrement de chantier participatif",
              "Un compagnon charpentier encadre vos bénévoles pour construire une cabane, "
              "un abri ou du mobilier d'extérieur.", ("construction", "bénévoles"),
              "office", hours_per_week=8),
    OfferSpec("enercit-sensibilisation", "enercit", S, "Communication et graphisme",
              "Animation sur les éco-gestes",
              "Un atelier ludique pour réduire la facture d'électricité au bureau ou à la "
              "maison.", ("énergie", "économies", "sensibilisation"), hours_per_week=3),
    OfferSpec("theatre-impro", "theatre", S, "Ressources humaines",
              "Théâtre-forum sur les situations de travail",
              "Des comédiens rejouent avec vos équipes des situations difficiles pour "
              "chercher ensemble d'autres façons de faire.", ("théâtre", "équipe"),
              "evenings", hours_per_week=4),
    OfferSpec("fablab-decoupe-vinyle", "fablab", T, "Machine et outillage",
              "Plotter de découpe vinyle", "Pour lettrages de vitrine, stickers et flocage "
              "de tee-shirts.", ("vinyle", "flocage"), "daytime", quantity=1),
    OfferSpec("remise-mobilier", "remise", T, "Matériel événementiel",
              "Mobilier de salon pour stand", "Canapés, fauteuils et tapis chinés pour "
              "donner un air de salon à votre stand.", ("décoration", "stand"), "weekdays",
              quantity=1),
    OfferSpec("groupement-sst", "groupement", S, "Ressources humaines",
              "Formation aux premiers secours au travail",
              "Une formatrice certifiée forme vos salariés à porter secours en cas "
              "d'accident, recyclage tous les deux ans.", ("secourisme", "santé"),
              hours_per_week=4),
    OfferSpec("uga-sport-salle", "uga", P, "Salle polyvalente", "Salle de sport universitaire",
              "Salle de 300 m² avec tapis et agrès, pour activités physiques encadrées.",
              ("sport", "activité physique"), "weekdays", capacity=40),
    OfferSpec("uga-educateur-sportif", "uga", S, "Mise à disposition de personnel",
              "Éducateur sportif diplômé",
              "Un éducateur titulaire du brevet professionnel de la jeunesse, de l'éducation "
              "populaire et du sport encadre des séances d'activité physique adaptée pour vos "
              "équipes ou vos publics.", ("activité physique", "encadrement"), "weekdays",
              hours_per_week=6),
    OfferSpec("coop-formation-gouvernance", "coop", S, "Juridique",
              "Gouvernance associative",
              "Le rôle du bureau et du conseil d'administration, préparer les assemblées, "
              "rédiger un règlement intérieur.", ("bureau", "conseil d'administration"),
              hours_per_week=3),
    OfferSpec("cae-financement", "cae", S, "Comptabilité et gestion",
              "Plan de financement et prévisionnel",
              "Bâtir un prévisionnel sur trois ans et trouver les bons financeurs "
              "(prêts d'honneur, France Active, banques).", ("prévisionnel", "financement"),
              hours_per_week=3),
    OfferSpec("jardins-serre", "jardins", P, "Atelier", "Serre pédagogique",
              "Serre de 80 m² pour des ateliers semis et rempotage avec des groupes.",
              ("semis", "jardin", "pédagogie"), "daytime", capacity=15),
]

CLOSURES = [
    ClosureSpec("cuisine-partagee", 0, 11, "Travaux de mise aux normes de la hotte"),
    ClosureSpec("fablab-imprimante-3d", 7, 13, "Inventaire et maintenance des machines"),
    ClosureSpec("uga-salle-td", 2, 4, "Examens"),
    ClosureSpec("regie-salle-quartier", 14, 20, "Rénovation des peintures"),
]
