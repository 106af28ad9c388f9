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
