"""The demo pole's needs: open ones the catalogue can serve, and a few fulfilled or
withdrawn. Days count from the Monday of the current week; times are the pole's."""

# Each need: owner, kind, text, then optional category, tags, window (first day, first hour,
# last day, last hour), hours, people, items, town, open for (days), what was booked from
# its matches (offer, first day, hour, day and hour it is brought back), outcome.
NEEDS = [
    dict(owner="Le Fournil d'Eybens SARL", kind="premises", category="Salle de réunion",
         text="On cherche une salle pour une formation de 12 personnes jeudi prochain, "
              "avec vidéoprojecteur.",
         tags=["formation", "projecteur"], window=(10, 9, 10, 17), hours="3", people=12,
         town="Grenoble"),
    dict(owner="Le Fournil d'Eybens SARL", kind="skill", category="Ressources humaines",
         text="Nous voulons embaucher notre premier salarié : aide pour la fiche de poste et "
              "le recrutement.", tags=["recrutement", "embauche"], hours="4"),
    dict(owner="Épicerie solidaire Le Panier Fontainois", kind="skill",
         category="Comptabilité et gestion",
         text="Besoin d'un coup de main pour la paie et la clôture des comptes avant "
              "notre assemblée générale.", tags=["paie", "compta"], hours="3",
         window=(3, 9, 17, 18)),
    dict(owner="Les Jardins Solidaires du Drac", kind="tool", category="Véhicule",
         text="Un camion ou un utilitaire pour le week-end, pour déménager la serre et "
              "le matériel de jardinage.", tags=["déménagement", "utilitaire"],
         window=(12, 8, 13, 19), items=1, town="Échirolles"),
    dict(owner="Maison des Aidants du Sud Grenoblois", kind="skill", category="Juridique",
         text="Conseil RGPD : comment protéger les données personnelles de notre fichier "
              "d'adhérents et de bénévoles ?", tags=["rgpd", "données personnelles"],
         hours="2"),
    dict(owner="Tremplin Emploi Agglo", kind="skill", category="Mise à disposition de personnel",
         text="Un·e professeur·e de FLE (français langue étrangère) pour un atelier "
              "hebdomadaire avec des personnes réfugiées qui parlent dari et pachto.",
         tags=["fle", "français", "atelier"], hours="2,5", town="Grenoble"),
    dict(owner="Compagnie Les Corps Mêlés", kind="premises", category="Salle polyvalente",
         text="Une grande salle pour répéter un spectacle avec 30 personnes, un soir de "
              "semaine.", tags=["répétition", "spectacle"], window=(7, 18, 11, 22),
         hours="3", people=30),
    dict(owner="Compost'Ère", kind="tool", category="Matériel événementiel",
         text="Des barnums et une sono pour la fête du compost du quartier.",
         tags=["barnum", "sonorisation", "fête"], window=(18, 9, 18, 18), items=4,
         town="Grenoble"),
    dict(owner="Entraide à Domicile Sud Isère", kind="skill",
         category="Informatique et numérique",
         text="Mettre en place des sauvegardes automatiques de nos postes et de notre "
              "serveur de fichiers.", tags=["sauvegarde", "informatique"], hours="3"),
    # Needs already met, and one no longer needed.
    dict(owner="Le Fournil d'Eybens SARL", kind="tool", category="Matériel événementiel",
         text="Barnums pour le marché de Noël de la boulangerie.", tags=["barnum"], items=4,
         booked=dict(offer="Barnums 3×3 m", day=25, start=9, back=28, end=18),
         outcome="fulfilled"),
    dict(owner="Ressourcerie La Remise", kind="skill", category="Communication et graphisme",
         text="Une affiche et des flyers pour notre journée portes ouvertes.",
         tags=["affiche", "flyers"], hours="5", outcome="fulfilled"),
    dict(owner="Théâtre du Pont-Levis", kind="premises", category="Cuisine",
         text="Une cuisine pour préparer le repas de fin de saison de 40 personnes.",
         people=40, hours="5", outcome="fulfilled"),
    dict(owner="Mobil'Idées", kind="tool", category="Véhicule",
         text="Un minibus pour une sortie avec un groupe de jeunes.", items=1,
         outcome="withdrawn"),
]

# What the benchmark pole's generated needs ask for: kind, category (or None), what is
# needed, and tags; a purpose is drawn from PURPOSES and a town from the pole's places.
# Premises' texts say how many people ({people}).
GENERATED_NEEDS = [
    ("premises", "Salle de réunion", "Une salle de réunion pour {people} personnes",
     ["réunion"]),
    ("premises", "Salle de réunion", "Salle équipée d'un vidéoprojecteur pour une formation "
     "de {people} stagiaires", ["formation", "projecteur"]),
    ("premises", "Salle polyvalente", "Une grande salle pour notre assemblée générale, "
     "{people} adhérents attendus", ["AG"]),
    ("premises", "Salle polyvalente", "Un lieu pour répéter un spectacle avec {people} "
     "personnes", ["répétition"]),
    ("premises", "Cuisine", "Une cuisine professionnelle pour préparer un repas de "
     "{people} couverts", ["cuisine", "traiteur"]),
    ("premises", "Bureau", "Un bureau pour tenir des permanences d'accueil", ["permanence"]),
    ("premises", "Atelier", "Un atelier avec établis pour {people} bénévoles", ["bricolage"]),
    ("premises", "Stockage", "Un local de stockage au sec pour des cartons de livres", []),
    ("premises", None, "Un local calme pour des entretiens individuels", ["entretiens"]),
    ("premises", None, "Une salle accessible en fauteuil pour un atelier de {people} "
     "personnes", ["accessible"]),
    ("tool", "Véhicule", "Un camion avec hayon pour un déménagement", ["déménagement"]),
    ("tool", "Véhicule", "Un minibus pour emmener un groupe de jeunes en sortie",
     ["minibus"]),
    ("tool", "Véhicule", "Des vélos cargos pour livrer des paniers de légumes", ["livraison"]),
    ("tool", "Matériel événementiel", "Des barnums et des tables pour une fête de quartier",
     ["barnum", "fête"]),
    ("tool", "Matériel événementiel", "Une sono et des micros pour un concert en plein air",
     ["sonorisation"]),
    ("tool", "Matériel événementiel", "Des jeux géants en bois pour animer une kermesse",
     ["jeux"]),
    ("tool", "Informatique et audiovisuel", "Un vidéoprojecteur et un écran pour une "
     "projection-débat", ["projection"]),
    ("tool", "Informatique et audiovisuel", "Une imprimante d'étiquettes pour l'épicerie",
     ["étiquettes"]),
    ("tool", "Machine et outillage", "Une perceuse-visseuse et une caisse à outils pour "
     "des petites réparations", ["bricolage"]),
    ("tool", "Machine et outillage", "Une débroussailleuse pour entretenir le jardin "
     "partagé", ["jardin"]),
    ("skill", "Comptabilité et gestion", "Aide pour la clôture des comptes annuels et le "
     "bilan", ["compta", "bilan"]),
    ("skill", "Comptabilité et gestion", "Quelqu'un pour nous former à la paie et aux "
     "déclarations sociales", ["paie"]),
    ("skill", "Comptabilité et gestion", "Relecture de notre dossier de subvention et du "
     "budget prévisionnel", ["subvention"]),
    ("skill", "Juridique", "Un conseil juridique pour modifier nos statuts", ["statuts"]),
    ("skill", "Juridique", "Mise en conformité RGPD de notre fichier d'adhérents", ["rgpd"]),
    ("skill", "Communication et graphisme", "Conception d'une affiche et de flyers pour "
     "notre journée portes ouvertes", ["affiche", "flyers"]),
    ("skill", "Communication et graphisme", "Refaire notre site internet et notre logo",
     ["site web"]),
    ("skill", "Informatique et numérique", "Mettre en place des sauvegardes automatiques "
     "de nos ordinateurs", ["sauvegarde"]),
    ("skill", "Informatique et numérique", "Installer un réseau wifi dans nos locaux",
     ["réseau"]),
    ("skill", "Ressources humaines", "Nous voulons recruter notre premier salarié : fiche "
     "de poste et entretiens", ["recrutement", "embauche"]),
    ("skill", "Mise à disposition de personnel", "Une personne pour l'entretien des locaux "
     "quelques heures par semaine", ["ménage"]),
    ("skill", None, "Un·e traducteur·rice qui parle arabe pour un accueil de familles",
     ["traduction"]),
]

PURPOSES = {
    "premises": ["", " en semaine.", " un samedi.", ", de préférence le matin.",
                 " près du tram.", " pour une journée entière."],
    "tool": ["", " pour le week-end.", " pour deux jours.", ", à retirer sur place.",
             " en début de mois."],
    "skill": ["", " : quelques heures suffiront.", ", en visio ou sur place.",
              " avant la fin du trimestre.", " pour une petite association."],
}
