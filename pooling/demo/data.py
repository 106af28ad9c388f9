"""Fixed data for the demo pole "Pôle Coopér'Actions" and name parts for the benchmark pole.

The demo organisations, people and addresses are fictional; the towns are real.
"""

EXTRA_DOMAINS = [
    ("digital", "Numérique et tiers-lieux", "Digital and third places"),
    ("mobility", "Mobilité durable", "Sustainable mobility"),
    ("care", "Services à la personne et santé", "Care and health"),
]

ORGANISATIONS = [
    {
        "name": "Coopér'Actions",
        "legal_form": "association",
        "circle": "animation-cell",
        "domains": ["employment"],
        "description": (
            "Association porteuse du Pôle Coopér'Actions, elle anime la coopération entre les "
            "membres, organise les comités de pilotage et tient l'annuaire des ressources "
            "partagées. Elle coordonne les achats groupés, les prêts de salles et de matériel, "
            "et accompagne les nouveaux partenaires dans leurs premiers échanges. Son bureau "
            "accueille aussi les permanences des membres."
        ),
        "address": "22 rue des Coopérateurs",
        "postcode": "38000",
        "city": "Grenoble",
        "email": "contact@cooperactions.example.org",
        "phone": "04 76 21 48 30",
        "website": "https://cooperactions.example.org",
        "staff_fte": 3.5,
        "joined_on": "2014-03-14",
        "people": [
            ("Maëlle Guérin-Faure", "Coordinatrice du pôle", "cell"),
            ("Karim Bensaïd", "Chargé de mission mutualisation", "cell"),
            ("Solène Perrier", "Assistante administrative", "cell"),
            ("Thibault Revol", "Chargé de développement territorial", "cell"),
        ],
    },
    {
        "name": "Ressourcerie La Remise",
        "legal_form": "association",
        "circle": "founding-member",
        "domains": ["eco-activities", "employment"],
        "description": (
            "Ressourcerie qui collecte, trie et revend à petits prix meubles, vaisselle, "
            "textiles et petit électroménager, avec une équipe en chantier d'insertion. Elle "
            "peut prêter son camion de 20 m³ avec chauffeur le vendredi et partager son atelier "
            "de menuiserie pour des réparations."
        ),
        "address": "41 chemin des Mûriers",
        "postcode": "38400",
        "city": "Saint-Martin-d'Hères",
        "email": "contact@laremise.example.org",
        "phone": "04 76 42 17 85",
        "website": "https://laremise.example.org",
        "staff_fte": 25.0,
        "joined_on": "2014-03-14",
        "people": [
            ("Nadège Combaz", "Directrice", "member-admin"),
            ("Yannick Berthet", "Responsable logistique", "member"),
            ("Fatoumata Diallo", "Encadrante technique d'insertion", "member"),
            ("Loïc Mercier", "Agent valoriste", "member"),
            ("Ophélie Carrel", "Chargée de communication", "member"),
        ],
    },
    {
        "name": "SCIC Énergies Citoyennes de l'Isère",
        "legal_form": "scic",
        "circle": "founding-member",
        "domains": ["eco-activities"],
        "description": (
            "Coopérative qui finance et exploite des centrales photovoltaïques sur les toits "
            "publics et associatifs avec l'épargne des habitants. Elle propose aux membres du "
            "pôle des diagnostics énergétiques de leurs locaux et partage son expérience du "
            "sociétariat multi-parties."
        ),
        "address": "5 rue des Fontaines-Vives",
        "postcode": "38000",
        "city": "Grenoble",
        "email": "contact@enercit38.example.org",
        "phone": "04 76 85 02 64",
        "website": "https://enercit38.example.org",
        "staff_fte": 15.0,
        "joined_on": "2014-04-22",
        "people": [
            ("Bertrand Chapuis", "Directeur", "member-admin"),
            ("Anaïs Vallet", "Chargée de projets photovoltaïques", "member"),
            ("Hugo Rey-Gorrez", "Animateur sociétariat", "member"),
        ],
    },
    {
        "name": "Mairie d'Échirolles",
        "legal_form": "local-authority",
        "circle": "founding-member",
        "domains": ["employment"],
        "description": (
            "La ville soutient le pôle depuis sa création à travers sa direction du "
            "développement économique et de l'emploi. Elle met à disposition des salles "
            "municipales pour les réunions et les formations, ainsi qu'un local d'activité à "
            "loyer modéré pour les projets d'économie sociale et solidaire."
        ),
        "address": "1 place du Marché-Neuf",
        "postcode": "38130",
        "city": "Échirolles",
        "email": "contact@echirolles.example.org",
        "phone": "04 76 20 63 00",
        "website": "https://echirolles.example.org",
        "staff_fte": 850.0,
        "joined_on": "2014-03-14",
        "people": [
            ("Sylvie Arnaud-Goddet", "Directrice du développement économique", "member-admin"),
            ("Rachid Hamdani", "Chargé de mission économie sociale et solidaire", "member"),
            ("Claire Pellissier", "Responsable des équipements municipaux", "member"),
            ("Mamadou Cissé", "Gestionnaire de salles", "member"),
        ],
    },
    {
        "name": "Les Jardins Solidaires du Drac",
        "legal_form": "association",
        "circle": "founding-member",
        "domains": ["food", "employment"],
        "description": (
            "Chantier d'insertion en maraîchage biologique qui produit chaque semaine environ "
            "250 paniers de légumes pour ses adhérents. Les salariés en parcours y préparent "
            "aussi leur projet professionnel avec une conseillère dédiée. Le jardin prête sa "
            "chambre froide et sa salle de conditionnement aux autres structures alimentaires du "
            "pôle."
        ),
        "address": "12 chemin du Bac",
        "postcode": "38800",
        "city": "Pont-de-Claix",
        "email": "contact@jardins-drac.example.org",
        "phone": "04 76 98 31 47",
        "website": "https://jardins-drac.example.org",
        "staff_fte": 25.0,
        "joined_on": "2014-05-06",
        "people": [
            ("Gaëlle Rochas", "Directrice", "member-admin"),
            ("Florent Bouvier", "Encadrant maraîcher", "member"),
            ("Aïcha Benali", "Conseillère en insertion professionnelle", "member"),
            ("Pierre-Yves Jacquier", "Responsable de la distribution des paniers", "member"),
        ],
    },
    {
        "name": "Régie de quartier Villeneuve – Village Olympique",
        "legal_form": "association",
        "circle": "founding-member",
        "domains": ["employment"],
        "description": (
            "Régie de quartier qui assure l'entretien des parties communes, le second œuvre et "
            "de petits travaux chez les habitants, en embauchant en priorité des personnes du "
            "quartier. Elle peut partager son outillage de peinture et de nettoyage, ainsi que "
            "sa salle de formation équipée de douze postes informatiques."
        ),
        "address": "7 allée des Peupliers",
        "postcode": "38100",
        "city": "Grenoble",
        "email": "contact@regie-vvo.example.org",
        "phone": "04 76 33 58 12",
        "website": "https://regie-vvo.example.org",
        "staff_fte": 25.0,
        "joined_on": "2014-06-17",
        "people": [
            ("Jean-Marc Teyssier", "Directeur", "member-admin"),
            ("Samia Ouali", "Coordinatrice des chantiers", "member"),
            ("Dylan Faure-Brac", "Encadrant technique", "member"),
            ("Marie-Hélène Drevon", "Comptable", "member"),
        ],
    },
    {
        "name": "Scop Bois & Toits",
        "legal_form": "scop",
        "circle": "founding-member",
        "domains": ["eco-activities"],
        "description": (
            "Coopérative de charpente et de construction bois qui réalise des extensions, des "
            "ossatures et des aménagements intérieurs en bois des forêts alpines. Son atelier "
            "dispose d'une scie à format et d'une raboteuse qu'elle ouvre à d'autres structures "
            "sur réservation, avec un compagnon pour encadrer."
        ),
        "address": "18 rue des Charpentiers",
        "postcode": "38600",
        "city": "Fontaine",
        "email": "contact@boisettoits.example.org",
        "phone": "04 76 26 74 09",
        "website": "https://boisettoits.example.org",
        "staff_fte": 32.0,
        "joined_on": "2014-09-30",
        "people": [
            ("Julien Gachet", "Gérant", "member-admin"),
            ("Baptiste Ravix", "Chef d'atelier", "member"),
            ("Élodie Sappey", "Assistante de gestion", "member"),
        ],
    },
    {
        "name": "Théâtre du Pont-Levis",
        "legal_form": "association",
        "circle": "founding-member",
        "domains": ["culture"],
        "description": (
            "Lieu de création et de diffusion de spectacle vivant de 180 places qui accueille "
            "des compagnies en résidence toute l'année. Hors soirs de représentation, la salle "
            "de répétition et le parc de projecteurs peuvent être prêtés aux associations du "
            "pôle. L'équipe partage aussi son savoir-faire sur la billetterie et l'accueil du "
            "public."
        ),
        "address": "9 rue des Saules",
        "postcode": "38600",
        "city": "Fontaine",
        "email": "contact@pontlevis.example.org",
        "phone": "04 76 53 90 26",
        "website": "https://pontlevis.example.org",
        "staff_fte": 11.5,
        "joined_on": "2014-11-04",
        "people": [
            ("Camille Trouilloud", "Administratrice", "member-admin"),
            ("Romain Achard", "Régisseur général", "member"),
            ("Inès Khelifi", "Chargée des relations publiques", "member"),
        ],
    },
    {
        "name": "Épicerie solidaire Le Panier Fontainois",
        "legal_form": "association",
        "circle": "founding-member",
        "domains": ["food"],
        "description": (
            "Épicerie solidaire qui propose des produits alimentaires et d'hygiène à 20 % du "
            "prix courant à des familles orientées par les services sociaux. Elle souhaite "
            "mutualiser ses achats de produits frais avec d'autres épiceries et peut prêter sa "
            "camionnette réfrigérée le mercredi."
        ),
        "address": "27 rue des Alpins",
        "postcode": "38600",
        "city": "Fontaine",
        "email": "contact@panier-fontainois.example.org",
        "phone": "04 76 27 15 93",
        "website": "https://panier-fontainois.example.org",
        "staff_fte": 6.5,
        "joined_on": "2015-01-20",
        "people": [
            ("Monique Blanc-Tailleur", "Présidente", "member-admin"),
            ("Lucas Ferrand", "Responsable de l'épicerie", "member"),
        ],
    },
    {
        "name": "Université Grenoble Alpes – Service Partenariats",
        "legal_form": "university",
        "circle": "founding-member",
        "domains": ["culture"],
        "description": (
            "Le service fait le lien entre l'université et les acteurs du territoire : stages, "
            "projets tutorés, chantiers étudiants et recherche-action. Il peut ouvrir des "
            "amphithéâtres et des salles de séminaire aux événements du pôle et oriente les "
            "membres vers les laboratoires et les associations étudiantes, notamment pour des "
            "projets culturels."
        ),
        "address": "455 avenue Centrale, Domaine universitaire",
        "postcode": "38400",
        "city": "Saint-Martin-d'Hères",
        "email": "contact@uga-partenariats.example.org",
        "phone": "04 76 82 54 71",
        "website": "https://uga-partenariats.example.org",
        "staff_fte": 1500.0,
        "joined_on": "2015-03-10",
        "people": [
            ("Frédérique Lambert-Morel", "Directrice du service partenariats", "member-admin"),
            ("Benoît Giraud", "Chargé de partenariats territoriaux", "member"),
            ("Lina Haddad", "Chargée de projets culturels", "member"),
            ("Vincent Rostaing", "Responsable de la réservation des salles", "member"),
            ("Mai Nguyen", "Chargée de la vie étudiante", "member"),
        ],
    },
    {
        "name": "Alpes Entreprendre – Coopérative d'activité et d'emploi",
        "legal_form": "other",
        "circle": "founding-member",
        "domains": ["employment"],
        "description": (
            "Coopérative d'activité et d'emploi qui permet à une centaine de porteurs de projet "
            "de tester et de développer leur activité sous le statut d'entrepreneur-salarié. "
            "Elle mutualise la comptabilité, la paie et les assurances, et propose aux membres "
            "du pôle des ateliers de gestion et un service de tenue des comptes."
        ),
        "address": "16 rue des Artisans",
        "postcode": "38000",
        "city": "Grenoble",
        "email": "contact@alpes-entreprendre.example.org",
        "phone": "04 76 46 29 38",
        "website": "https://alpes-entreprendre.example.org",
        "staff_fte": 38.0,
        "joined_on": "2015-06-02",
        "people": [
            ("Stéphane Rolland", "Co-gérant", "member-admin"),
            ("Laure Eymard", "Chargée d'accompagnement", "member"),
            ("Mehdi Saadi", "Comptable", "member"),
            ("Agnès Buisson", "Formatrice en gestion", "member"),
        ],
    },
    {
        "name": "Mobil'Idées",
        "legal_form": "association",
        "circle": "founding-member",
        "domains": ["mobility"],
        "description": (
            "Plateforme de mobilité qui aide les personnes en recherche d'emploi à se déplacer : "
            "auto-école solidaire, location de scooters et de voitures à petit prix, ateliers "
            "pour apprendre à utiliser les transports en commun. Elle peut prêter deux véhicules "
            "utilitaires aux membres le week-end et former leurs équipes à l'écoconduite."
        ),
        "address": "6 rue des Mésanges",
        "postcode": "38130",
        "city": "Échirolles",
        "email": "contact@mobilidees.example.org",
        "phone": "04 76 09 41 20",
        "website": "https://mobilidees.example.org",
        "staff_fte": 16.0,
        "joined_on": "2015-10-13",
        "people": [
            ("Patricia Fayolle", "Directrice", "member-admin"),
            ("Kévin Baudin", "Moniteur d'auto-école solidaire", "member"),
            ("Nour Chaabane", "Conseillère mobilité", "member"),
        ],
    },
    {
        "name": "Le Fournil d'Eybens SARL",
        "legal_form": "sarl",
        "circle": "partner",
        "domains": ["food"],
        "description": (
            "Boulangerie artisanale qui travaille des farines biologiques de meuniers de la "
            "Drôme et de l'Isère. Elle livre déjà plusieurs cantines et pourrait fournir le pain "
            "des événements du pôle ; son fournil est libre l'après-midi pour des ateliers de "
            "formation."
        ),
        "address": "4 place du Vieux-Village",
        "postcode": "38320",
        "city": "Eybens",
        "email": "contact@fournil-eybens.example.org",
        "phone": "04 76 24 87 56",
        "website": "https://fournil-eybens.example.org",
        "staff_fte": 14.0,
        "joined_on": "2016-02-09",
        "people": [
            ("Matthieu Brunet-Manquat", "Gérant", "member-admin"),
            ("Océane Rivière", "Boulangère", "member"),
        ],
    },
    {
        "name": "Fablab Les Bidouilleurs Alpins",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["digital"],
        "description": (
            "Atelier de fabrication numérique ouvert au public, avec imprimantes 3D, découpe "
            "laser, brodeuse numérique et postes d'électronique. Les membres du pôle peuvent y "
            "prototyper des pièces, réparer du matériel ou organiser des séances de découverte "
            "pour leurs publics."
        ),
        "address": "52 cours des Ateliers",
        "postcode": "38000",
        "city": "Grenoble",
        "email": "contact@bidouilleurs.example.org",
        "phone": "04 76 70 13 44",
        "website": "https://bidouilleurs.example.org",
        "staff_fte": 5.0,
        "joined_on": "2016-05-24",
        "people": [
            ("Arnaud Cottin", "Président", "member-admin"),
            ("Zoé Lemaire", "Fabmanageuse", "member"),
            ("Théo Vuillermoz", "Animateur numérique", "member"),
        ],
    },
    {
        "name": "SCIC Roule Ensemble",
        "legal_form": "scic",
        "circle": "partner",
        "domains": ["mobility"],
        "description": (
            "Coopérative d'autopartage qui gère une flotte d'une soixantaine de voitures et de "
            "vélos cargos en stations dans l'agglomération. Elle propose aux structures du pôle "
            "un abonnement mutualisé et peut installer une station près de leurs locaux si "
            "l'usage le justifie."
        ),
        "address": "19 rue des Ponts-Couverts",
        "postcode": "38100",
        "city": "Grenoble",
        "email": "contact@roule-ensemble.example.org",
        "phone": "04 76 49 66 02",
        "website": "https://roule-ensemble.example.org",
        "staff_fte": 27.0,
        "joined_on": "2016-11-15",
        "people": [
            ("Céline Bouchet-Roux", "Directrice", "member-admin"),
            ("Grégory Mollard", "Responsable de flotte", "member"),
            ("Yasmine Amrani", "Chargée de relation sociétaires", "member"),
        ],
    },
    {
        "name": "Mairie de Fontaine",
        "legal_form": "local-authority",
        "circle": "partner",
        "domains": ["culture"],
        "description": (
            "La commune s'est rapprochée du pôle pour développer les projets culturels et "
            "associatifs de ses quartiers. Elle prête ses salles polyvalentes, son podium mobile "
            "et ses barnums pour les événements, et relaie les appels à projets municipaux "
            "auprès des membres."
        ),
        "address": "2 place de la République",
        "postcode": "38600",
        "city": "Fontaine",
        "email": "contact@ville-fontaine.example.org",
        "phone": "04 76 28 75 00",
        "website": "https://ville-fontaine.example.org",
        "staff_fte": 420.0,
        "joined_on": "2017-01-17",
        "people": [
            ("Isabelle Corréard", "Directrice des affaires culturelles", "member-admin"),
            ("Olivier Blanchet", "Chargé de mission vie associative", "member"),
            ("Sandrine Gauthier", "Responsable du prêt de matériel", "member"),
            ("Abdelkader Meziane", "Régisseur des salles municipales", "member"),
        ],
    },
    {
        "name": "Mairie de Vizille",
        "legal_form": "local-authority",
        "circle": "partner",
        "domains": ["food"],
        "description": (
            "La ville porte un projet alimentaire territorial avec les communes voisines du sud "
            "de l'agglomération. Sa cuisine centrale, qui prépare 900 repas par jour, travaille "
            "avec les producteurs et les structures d'insertion du pôle pour servir davantage de "
            "produits locaux."
        ),
        "address": "5 place de la Mairie",
        "postcode": "38220",
        "city": "Vizille",
        "email": "contact@ville-vizille.example.org",
        "phone": "04 76 78 06 00",
        "website": "https://ville-vizille.example.org",
        "staff_fte": 110.0,
        "joined_on": "2017-06-06",
        "people": [
            ("Christophe Magnin", "Directeur général des services", "member-admin"),
            ("Emmanuelle Jourdan", "Chargée du projet alimentaire territorial", "member"),
            ("Nicolas Perret", "Responsable de la restauration scolaire", "member"),
        ],
    },
    {
        "name": "Atelier Vélo La Roue Libre",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["mobility", "eco-activities"],
        "description": (
            "Atelier participatif où chacun apprend à réparer son vélo avec l'aide de "
            "mécaniciens bénévoles et salariés. L'association récupère les vélos abandonnés pour "
            "les remettre en état et les revendre, et peut animer des ateliers de réparation "
            "dans les locaux des membres."
        ),
        "address": "23 rue des Cheminots",
        "postcode": "38400",
        "city": "Saint-Martin-d'Hères",
        "email": "contact@roue-libre.example.org",
        "phone": "04 76 51 22 79",
        "website": "https://roue-libre.example.org",
        "staff_fte": 8.5,
        "joined_on": "2017-09-19",
        "people": [
            ("Antoine Sibille", "Coordinateur", "member-admin"),
            ("Léa Marchal", "Mécanicienne cycles", "member"),
            ("Issa Traoré", "Animateur d'atelier", "member"),
        ],
    },
    {
        "name": "Compagnie Les Corps Mêlés",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["culture"],
        "description": (
            "Compagnie de danse contemporaine qui mêle danseurs professionnels et habitants dans "
            "des créations jouées en salle et dans l'espace public. Elle prête son plancher de "
            "danse démontable et peut intervenir auprès des publics des autres membres."
        ),
        "address": "11 rue des Tisserands",
        "postcode": "38000",
        "city": "Grenoble",
        "email": "contact@corps-meles.example.org",
        "phone": "04 76 87 39 51",
        "website": "https://corps-meles.example.org",
        "staff_fte": 3.0,
        "joined_on": "2018-03-13",
        "people": [
            ("Margaux Delorme", "Chargée de production", "member-admin"),
            ("Yacine Belkacem", "Chorégraphe", "member"),
        ],
    },
    {
        "name": "Terres Partagées de Sassenage",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["food"],
        "description": (
            "Association qui gère quatre jardins partagés et un verger conservatoire sur des "
            "terrains prêtés par la commune. Elle organise des trocs de graines et des ateliers "
            "de cuisine de saison, et prête volontiers son broyeur à végétaux et ses outils de "
            "jardinage."
        ),
        "address": "31 chemin des Vergers",
        "postcode": "38360",
        "city": "Sassenage",
        "email": "contact@terres-partagees.example.org",
        "phone": "04 76 27 93 18",
        "website": "https://terres-partagees.example.org",
        "staff_fte": 1.5,
        "joined_on": "2018-06-26",
        "people": [
            ("Gilles Chabert", "Président", "member-admin"),
            ("Alice Robin", "Animatrice maraîchage", "member"),
        ],
    },
    {
        "name": "Imprimerie Coopérative Alpine",
        "legal_form": "scop",
        "circle": "partner",
        "domains": ["culture"],
        "description": (
            "Imprimerie en coopérative qui produit affiches, livres et supports de communication "
            "sur papier recyclé avec des encres végétales. Elle accorde des tarifs groupés aux "
            "membres du pôle et ouvre son atelier de sérigraphie aux compagnies et aux "
            "festivals."
        ),
        "address": "14 rue de l'Industrie",
        "postcode": "38170",
        "city": "Seyssinet-Pariset",
        "email": "contact@imprimerie-alpine.example.org",
        "phone": "04 76 21 06 87",
        "website": "https://imprimerie-alpine.example.org",
        "staff_fte": 30.0,
        "joined_on": "2018-10-09",
        "people": [
            ("Philippe Tardy", "Gérant", "member-admin"),
            ("Sophie Raffin", "Infographiste", "member"),
            ("Nathan Guillot", "Conducteur offset", "member"),
        ],
    },
    {
        "name": "Recycl'Bât Isère SAS",
        "legal_form": "sas",
        "circle": "partner",
        "domains": ["eco-activities"],
        "description": (
            "Entreprise de déconstruction sélective qui récupère portes, parquets, sanitaires et "
            "matériaux sur les chantiers de rénovation pour les revendre sur sa plateforme de "
            "réemploi. Elle dispose d'un entrepôt de 1 200 m² dont une partie peut être louée "
            "aux membres pour du stockage."
        ),
        "address": "8 rue du Pré-Brun",
        "postcode": "38800",
        "city": "Pont-de-Claix",
        "email": "contact@recyclbat.example.org",
        "phone": "04 76 40 58 23",
        "website": "https://recyclbat.example.org",
        "staff_fte": 36.0,
        "joined_on": "2019-02-05",
        "people": [
            ("Damien Collomb", "Président", "member-admin"),
            ("Estelle Roux-Piot", "Responsable de la plateforme de réemploi", "member"),
            ("Samir Boukhalfa", "Chef de chantier déconstruction", "member"),
            ("Joël Ginier", "Comptable", "member"),
        ],
    },
    {
        "name": "Traiteur Saveurs Partagées",
        "legal_form": "sas",
        "circle": "partner",
        "domains": ["food", "employment"],
        "description": (
            "Entreprise d'insertion de restauration qui prépare des buffets et des "
            "plateaux-repas avec des salariés en parcours vers l'emploi. Sa cuisine "
            "professionnelle, agréée par les services vétérinaires, peut être louée à la "
            "demi-journée par d'autres projets alimentaires. Elle forme aussi au métier de "
            "commis de cuisine."
        ),
        "address": "45 avenue des Tilleuls",
        "postcode": "38130",
        "city": "Échirolles",
        "email": "contact@saveurs-partagees.example.org",
        "phone": "04 76 23 41 96",
        "website": "https://saveurs-partagees.example.org",
        "staff_fte": 40.0,
        "joined_on": "2019-05-21",
        "people": [
            ("Leïla Mansouri", "Directrice", "member-admin"),
            ("Franck Béguin", "Chef de cuisine", "member"),
            ("Aurélie Chavant", "Chargée d'accompagnement socioprofessionnel", "member"),
            ("Bilal Haddou", "Responsable logistique", "member"),
        ],
    },
    {
        "name": "Alpes Habitat Solidaire SA d'HLM",
        "legal_form": "sa",
        "circle": "partner",
        "domains": ["eco-activities"],
        "description": (
            "Bailleur social qui gère environ 6 000 logements dans l'agglomération grenobloise "
            "et conduit un programme de rénovation énergétique de son parc. Il loue à prix "
            "réduit des locaux en pied d'immeuble aux associations du pôle et confie une partie "
            "de l'entretien de ses résidences à des structures d'insertion."
        ),
        "address": "10 boulevard des Tilleuls",
        "postcode": "38000",
        "city": "Grenoble",
        "email": "contact@alpes-habitat.example.org",
        "phone": "04 76 86 12 40",
        "website": "https://alpes-habitat.example.org",
        "staff_fte": 120.0,
        "joined_on": "2019-11-12",
        "people": [
            ("Hervé Gontier", "Directeur du patrimoine", "member-admin"),
            ("Valérie Sestier", "Chargée de développement social urbain", "member"),
            ("Raphaël Combe", "Responsable rénovation énergétique", "member"),
            ("Kadiatou Keïta", "Gestionnaire des locaux d'activité", "member"),
        ],
    },
    {
        "name": "Numérik'Alpes Conseil SARL",
        "legal_form": "sarl",
        "circle": "partner",
        "domains": ["digital"],
        "description": (
            "Société de services informatiques spécialisée dans les logiciels libres pour les "
            "petites structures. Elle propose aux membres un contrat de maintenance groupé, "
            "l'hébergement de leurs sites et de leurs fichiers, et des formations courtes à la "
            "bureautique."
        ),
        "address": "2 chemin du Vieux-Chêne",
        "postcode": "38240",
        "city": "Meylan",
        "email": "contact@numerikalpes.example.org",
        "phone": "04 76 90 35 62",
        "website": "https://numerikalpes.example.org",
        "staff_fte": 18.0,
        "joined_on": "2020-02-18",
        "people": [
            ("Jérôme Pasquier", "Gérant", "member-admin"),
            ("Manon Ginet", "Développeuse web", "member"),
            ("Adrien Lacroix", "Technicien systèmes et réseaux", "member"),
        ],
    },
    {
        "name": "Cafés Éthiques du Dauphiné SARL",
        "legal_form": "sarl",
        "circle": "partner",
        "domains": ["food"],
        "description": (
            "Torréfacteur qui achète son café en direct à des coopératives de producteurs au "
            "Pérou et en Éthiopie. Il fournit les cafés associatifs et les lieux culturels du "
            "pôle et peut accueillir des visites de son atelier de torréfaction."
        ),
        "address": "3 rue des Marronniers",
        "postcode": "38170",
        "city": "Seyssinet-Pariset",
        "email": "contact@cafes-ethiques.example.org",
        "phone": "04 76 48 70 35",
        "website": "https://cafes-ethiques.example.org",
        "staff_fte": 12.0,
        "joined_on": "2020-09-29",
        "people": [
            ("Amandine Reynaud", "Gérante", "member-admin"),
            ("Moussa Koné", "Torréfacteur", "member"),
        ],
    },
    {
        "name": "Écohabitat 38 SARL",
        "legal_form": "sarl",
        "circle": "partner",
        "domains": ["eco-activities"],
        "description": (
            "Bureau d'études thermiques qui accompagne particuliers, bailleurs et collectivités "
            "dans la rénovation énergétique des bâtiments. Il réalise des audits à tarif réduit "
            "pour les locaux des membres et prête sa caméra thermique et son matériel de mesure."
        ),
        "address": "27 avenue du Granier",
        "postcode": "38240",
        "city": "Meylan",
        "email": "contact@ecohabitat38.example.org",
        "phone": "04 76 41 89 14",
        "website": "https://ecohabitat38.example.org",
        "staff_fte": 20.0,
        "joined_on": "2021-01-26",
        "people": [
            ("Sébastien Vincendon", "Gérant", "member-admin"),
            ("Pauline Bernardin", "Thermicienne", "member"),
            ("Quentin Jay", "Dessinateur-projeteur", "member"),
        ],
    },
    {
        "name": "Entraide à Domicile Sud Isère",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["care"],
        "description": (
            "Service d'aide à domicile qui intervient auprès de personnes âgées et de personnes "
            "en situation de handicap dans une vingtaine de communes. L'association cherche à "
            "partager des véhicules de service pour ses aides à domicile et peut prêter sa salle "
            "de formation en soirée."
        ),
        "address": "12 rue des Remparts",
        "postcode": "38220",
        "city": "Vizille",
        "email": "contact@entraide-domicile.example.org",
        "phone": "04 76 68 24 51",
        "website": "https://entraide-domicile.example.org",
        "staff_fte": 25.0,
        "joined_on": "2021-06-15",
        "people": [
            ("Brigitte Cuynat", "Directrice", "member-admin"),
            ("Farida Zerrouki", "Responsable de secteur", "member"),
            ("Thomas Giroud", "Responsable planning", "member"),
            ("Nathalie Vial", "Comptable", "member"),
        ],
    },
    {
        "name": "Santé Partagée Échirolles",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["care"],
        "description": (
            "Association qui porte un centre de santé communautaire et des actions de prévention "
            "dans les quartiers sud d'Échirolles. Elle détache ses médiateurs santé pour des "
            "permanences chez les membres et peut prêter sa salle d'animation pour des ateliers "
            "bien-être."
        ),
        "address": "3 allée des Glycines",
        "postcode": "38130",
        "city": "Échirolles",
        "email": "contact@sante-partagee.example.org",
        "phone": "04 76 22 57 08",
        "website": "https://sante-partagee.example.org",
        "staff_fte": 9.5,
        "joined_on": "2021-10-05",
        "people": [
            ("Lucie Marion", "Coordinatrice du centre de santé", "member-admin"),
            ("Hamid Aït-Ouarab", "Médiateur santé", "member"),
            ("Clémence Berger", "Infirmière en santé publique", "member"),
        ],
    },
    {
        "name": "Curiosités Numériques",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["digital"],
        "description": (
            "Association de médiation numérique qui aide les habitants à faire leurs démarches "
            "en ligne et à se servir d'un ordinateur ou d'un téléphone. Elle prête une valise de "
            "dix tablettes et anime des ateliers dans les locaux des autres membres."
        ),
        "address": "15 avenue Jean-Jaurès",
        "postcode": "38320",
        "city": "Eybens",
        "email": "contact@curiosites-num.example.org",
        "phone": "04 76 25 63 97",
        "website": "https://curiosites-num.example.org",
        "staff_fte": 8.0,
        "joined_on": "2022-03-08",
        "people": [
            ("Rémi Chaix", "Coordinateur", "member-admin"),
            ("Salomé Perrin", "Conseillère numérique", "member"),
        ],
    },
    {
        "name": "Les Sentiers de Belledonne",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["employment", "eco-activities"],
        "description": (
            "Chantier d'insertion qui entretient les sentiers de randonnée, les berges et les "
            "espaces naturels pour les communes du sud de l'agglomération. Les salariés y "
            "passent des habilitations utiles pour trouver un emploi, comme le certificat de "
            "bûcheronnage. Le chantier prête son fourgon de neuf places et son outillage "
            "forestier."
        ),
        "address": "8 route de la Romanche",
        "postcode": "38220",
        "city": "Vizille",
        "email": "contact@sentiers-belledonne.example.org",
        "phone": "04 76 68 91 32",
        "website": "https://sentiers-belledonne.example.org",
        "staff_fte": 25.0,
        "joined_on": "2022-06-21",
        "people": [
            ("Didier Mounier", "Directeur", "member-admin"),
            ("Charlotte Eyraud", "Accompagnatrice socioprofessionnelle", "member"),
            ("Mathis Rochette", "Encadrant technique espaces naturels", "member"),
            ("Rose Nkounkou", "Assistante administrative", "member"),
        ],
    },
    {
        "name": "Festival Les Voix du Drac",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["culture"],
        "description": (
            "Association qui organise chaque juin un festival de chanson et de musiques du monde "
            "au bord du Drac, avec près de 150 bénévoles. Elle prête sa scène mobile, ses "
            "barrières et sa sonorisation, et voudrait partager un poste de régisseur avec "
            "d'autres événements."
        ),
        "address": "4 rue des Papeteries",
        "postcode": "38800",
        "city": "Pont-de-Claix",
        "email": "contact@voix-du-drac.example.org",
        "phone": "04 76 40 17 66",
        "website": "https://voix-du-drac.example.org",
        "staff_fte": 2.5,
        "joined_on": "2022-11-22",
        "people": [
            ("Jeanne Poncet", "Directrice artistique", "member-admin"),
            ("Malik Diop", "Chargé de production", "member"),
        ],
    },
    {
        "name": "Compost'Ère",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["eco-activities"],
        "description": (
            "Association qui installe et suit des composteurs collectifs en pied d'immeuble et "
            "dans les écoles. Elle forme des guides composteurs, récupère le broyat des espaces "
            "verts et peut installer un bac de compostage dans les locaux des membres."
        ),
        "address": "40 rue Marie-Curie",
        "postcode": "38100",
        "city": "Grenoble",
        "email": "contact@compostere.example.org",
        "phone": "04 76 09 82 43",
        "website": "https://compostere.example.org",
        "staff_fte": 5.0,
        "joined_on": "2023-03-14",
        "people": [
            ("Cyril Favre", "Président", "member-admin"),
            ("Justine Fontanel", "Maître-composteuse", "member"),
        ],
    },
    {
        "name": "La Cuisine des Trois Quartiers",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["food"],
        "description": (
            "Cuisine solidaire où habitants, bénévoles et personnes accompagnées préparent "
            "ensemble des repas à prix libre trois midis par semaine. Elle récupère les invendus "
            "des commerces du quartier et partage sa salle de quarante couverts pour des "
            "réunions ou des repas d'équipe."
        ),
        "address": "18 rue des Pervenches",
        "postcode": "38100",
        "city": "Grenoble",
        "email": "contact@cuisine-3q.example.org",
        "phone": "04 76 96 30 74",
        "website": "https://cuisine-3q.example.org",
        "staff_fte": 13.5,
        "joined_on": "2023-09-12",
        "people": [
            ("Souad Belhadj", "Coordinatrice", "member-admin"),
            ("Maxime Durieux", "Cuisinier formateur", "member"),
            ("Hélène Pichat", "Animatrice", "member"),
        ],
    },
    {
        "name": "Tremplin Emploi Agglo",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["employment"],
        "description": (
            "Association intermédiaire qui met des salariés en insertion à disposition de "
            "particuliers, d'entreprises et de collectivités pour des missions ponctuelles. Elle "
            "accompagne ensuite chaque personne vers un emploi durable ou une formation. Les "
            "membres peuvent faire appel à elle pour des renforts lors d'événements ou de "
            "déménagements."
        ),
        "address": "36 rue des Écoles",
        "postcode": "38600",
        "city": "Fontaine",
        "email": "contact@tremplin-emploi.example.org",
        "phone": "04 76 53 28 89",
        "website": "https://tremplin-emploi.example.org",
        "staff_fte": 19.0,
        "joined_on": "2024-01-16",
        "people": [
            ("Laurent Vachon", "Directeur", "member-admin"),
            ("Sarah Benhamou", "Conseillère en insertion", "member"),
            ("Guillaume Berthier", "Chargé de relations entreprises", "member"),
            ("Ndeye Fall", "Chargée d'accueil", "member"),
        ],
    },
    {
        "name": "Ludothèque Le Dé Bleu",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["culture"],
        "description": (
            "Ludothèque associative qui prête plus de 2 000 jeux et anime des soirées jeux pour "
            "tous les âges. Elle peut prêter des malles de jeux géants pour les fêtes des "
            "membres et intervenir dans les centres sociaux."
        ),
        "address": "7 rue du Moucherotte",
        "postcode": "38170",
        "city": "Seyssinet-Pariset",
        "email": "contact@de-bleu.example.org",
        "phone": "04 76 21 74 05",
        "website": "https://de-bleu.example.org",
        "staff_fte": 2.0,
        "joined_on": "2024-05-28",
        "people": [
            ("Coralie Dumas", "Ludothécaire", "member-admin"),
            ("Victor Albert", "Animateur", "member"),
        ],
    },
    {
        "name": "Alpes Partage – Groupement d'employeurs",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["employment"],
        "description": (
            "Groupement d'employeurs qui recrute des salariés partagés entre plusieurs "
            "structures : comptables, chargés de communication, agents d'entretien. Il permet "
            "aux petites associations du pôle d'accéder à des compétences à temps partiel tout "
            "en offrant des contrats stables aux salariés."
        ),
        "address": "9 allée des Érables",
        "postcode": "38240",
        "city": "Meylan",
        "email": "contact@alpes-partage.example.org",
        "phone": "04 76 90 47 28",
        "website": "https://alpes-partage.example.org",
        "staff_fte": 24.0,
        "joined_on": "2024-10-08",
        "people": [
            ("Éric Chevallier", "Directeur", "member-admin"),
            ("Tiphaine Morand", "Chargée de recrutement", "member"),
            ("Wassim Jaziri", "Gestionnaire de paie", "member"),
        ],
    },
    {
        "name": "SCIC La Grange Numérique",
        "legal_form": "scic",
        "circle": "partner",
        "domains": ["digital", "culture"],
        "description": (
            "Tiers-lieu installé dans une ancienne grange rénovée, avec un espace de coworking, "
            "un studio d'enregistrement et une salle de spectacle de 80 places. La coopérative "
            "loue ses bureaux à la journée aux membres et organise des résidences d'artistes "
            "autour des arts numériques."
        ),
        "address": "24 chemin des Granges",
        "postcode": "38360",
        "city": "Sassenage",
        "email": "contact@grange-numerique.example.org",
        "phone": "04 76 27 52 61",
        "website": "https://grange-numerique.example.org",
        "staff_fte": 9.0,
        "joined_on": "2025-02-11",
        "people": [
            ("Marion Tissot", "Coordinatrice du tiers-lieu", "member-admin"),
            ("Jonathan Pelloux", "Régisseur", "member"),
            ("Ambre Dufour", "Chargée de médiation culturelle", "member"),
        ],
    },
    {
        "name": "Repair Café Eybens",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["eco-activities"],
        "description": (
            "Collectif de bénévoles qui aide chaque mois les habitants à réparer leurs appareils "
            "électriques, leurs vêtements et leurs vélos plutôt que de les jeter. Il peut animer "
            "une séance de réparation lors des événements du pôle et prête ses outils de "
            "diagnostic électrique."
        ),
        "address": "5 rue des Peupliers",
        "postcode": "38320",
        "city": "Eybens",
        "email": "contact@repaircafe-eybens.example.org",
        "phone": "04 76 24 19 72",
        "website": "https://repaircafe-eybens.example.org",
        "staff_fte": 0.5,
        "joined_on": "2025-06-17",
        "people": [
            ("Gérard Sauvageon", "Président", "member-admin"),
            ("Louise Bonnard", "Trésorière", "member"),
        ],
    },
    {
        "name": "Maison des Aidants du Sud Grenoblois",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["care"],
        "description": (
            "Association qui accueille et soutient les proches aidants de personnes âgées, "
            "malades ou handicapées : écoute, groupes de parole, formations et séjours de répit. "
            "Elle partage sa salle d'entretien au calme et peut former les équipes des membres "
            "au repérage de l'épuisement des aidants."
        ),
        "address": "21 rue des Genêts",
        "postcode": "38800",
        "city": "Pont-de-Claix",
        "email": "contact@aidants-sud.example.org",
        "phone": "04 76 98 65 30",
        "website": "https://aidants-sud.example.org",
        "staff_fte": 7.0,
        "joined_on": "2026-03-10",
        "people": [
            ("Véronique Allemand", "Directrice", "member-admin"),
            ("Paul Mathieu", "Psychologue", "member"),
            ("Amina Sissoko", "Animatrice", "member"),
        ],
    },
    {
        "name": "Les Ateliers du Trièves",
        "legal_form": "association",
        "circle": "partner",
        "domains": ["culture"],
        "description": (
            "Association d'éducation populaire du Trièves : ateliers de poterie, de couture et "
            "de vannerie pour les habitants, dans une ancienne grange de Mens. Elle a rejoint "
            "le pôle pour trouver des salles et du matériel plus près de Grenoble."
        ),
        "address": "3 route de la Croix",
        "postcode": "38710",
        "city": "Mens",
        "email": "contact@ateliers-trieves.example.org",
        "phone": "04 76 34 12 58",
        "website": "https://ateliers-trieves.example.org",
        "staff_fte": 1.5,
        "joined_on": "2025-09-15",
        "people": [
            ("Hélène Caillat", "Coordinatrice", "member-admin"),
            ("Baptiste Orcel", "Animateur", "member"),
        ],
    },
]

FIRST_NAMES = [
    "Adèle", "Adrien", "Agathe", "Aïcha", "Alexandre", "Alice", "Amandine", "Amine", "Anaïs",
    "Antoine", "Arthur", "Aurélie", "Axel", "Baptiste", "Bastien", "Benoît", "Bérénice", "Bilal",
    "Camille", "Capucine", "Carla", "Céline", "Chloé", "Clara", "Clément", "Corentin", "Damien",
    "Delphine", "Djamila", "Dylan", "Éléonore", "Élise", "Emma", "Enzo", "Éric", "Estelle",
    "Fabien", "Fanny", "Farid", "Fatima", "Florian", "Gabriel", "Gaëlle", "Gaspard", "Hélène",
    "Hugo", "Ibrahim", "Inès", "Isabelle", "Jade", "Jérémie", "Joël", "Jordan", "Juliette",
    "Justine", "Kader", "Karima", "Kenza", "Laetitia", "Laurent", "Léa", "Léon", "Lina", "Louis",
    "Louise", "Luc", "Lucas", "Lucie", "Maël", "Malik", "Manon", "Marc", "Margot", "Marie",
    "Marius", "Mathilde", "Maxime", "Mélanie", "Mohamed", "Myriam", "Nadia", "Nathan", "Nina",
    "Noah", "Noémie", "Océane", "Olivier", "Paul", "Pauline", "Quentin", "Rachid", "Raphaël",
    "Rémi", "Romane", "Rose", "Salomé", "Samuel", "Sarah", "Sébastien", "Simon", "Sofiane",
    "Sophie", "Thomas", "Timothée", "Valentin", "Victor", "Yanis", "Yasmine", "Yves", "Zoé",
    "Aminata", "Awa", "Moussa", "Fatou", "Mamadou", "Ousmane", "Binta", "Linh", "Minh", "Thanh",
    "Tiago", "Carmen", "Pablo", "Giulia", "Matteo", "Emre", "Elif", "Aram", "Anouch", "Gwenaëlle",
    "Yann", "Maëlys", "Erwan", "Nolwenn", "Solène", "Thibault", "Clémence", "Apolline", "Côme",
    "Léandre", "Marguerite", "Monique", "Gérard", "Sylvie", "Chantal", "Didier", "Josiane",
    "Yasmina", "Hamza", "Kévin",
]

LAST_NAMES = [
    "Achard", "Allemand", "Arnaud", "Barbier", "Baudin", "Bernard", "Berthet", "Blanc", "Bonnet",
    "Bouvier", "Brun", "Buisson", "Carrel", "Chabert", "Chapuis", "Charvet", "Chevalier",
    "Collomb", "Combe", "Cottin", "Dumas", "Durand", "Eymard", "Faure", "Favre", "Ferrand",
    "Fournier", "Gachet", "Garnier", "Gauthier", "Gay", "Girard", "Giraud", "Guérin", "Guillot",
    "Jacquier", "Jay", "Lambert", "Lefebvre", "Lemaire", "Magnin", "Marchand", "Martin", "Masson",
    "Mercier", "Michel", "Morel", "Mounier", "Nicolas", "Pellet", "Perret", "Perrin", "Petit",
    "Pichon", "Poncet", "Reynaud", "Rey", "Richard", "Robert", "Rochas", "Roux", "Royer",
    "Sibille", "Tardy", "Teyssier", "Thomas", "Tissot", "Vallet", "Vial", "Vincent", "Benali",
    "Bouzid", "Cherif", "Diallo", "Diop", "Fall", "Haddad", "Kaci", "Keïta", "Koné", "Mansouri",
    "Meziane", "Nguyen", "Tran", "Pham", "Da Silva", "Ferreira", "Pereira", "Lopes", "Rodrigues",
    "Garcia", "Martinez", "Lopez", "Sanchez", "Rossi", "Russo", "Bianchi", "Kowalski", "Nowak",
    "Yilmaz", "Demir", "Kaya", "Petrossian", "Hakobyan", "Le Goff", "Le Gall", "Kerbrat", "Ouali",
    "Saadi", "Traoré", "Cissé", "Camara", "Ndiaye", "Touré", "Belkacem", "Hamdani", "Chaabane",
    "Amrani", "Boukhalfa", "Zerrouki", "Jourdan", "Drevon", "Trouilloud", "Sappey", "Vuillermoz",
    "Rostaing", "Fayolle", "Bertrand", "Chauvin", "Pasquier", "Ginet", "Lacroix", "Eyraud",
    "Morand", "Dufour", "Bonnard", "Vachon", "Delorme", "Fontanel", "Reboul", "Mollard",
    "Guignier", "Cuynat", "Sauvageon", "Brunet", "Rivière", "Gontier", "Vincendon", "Pelloux",
    "Chavant",
]

PLACES = [
    "Grenoble", "Saint-Martin-d'Hères", "Fontaine", "Meylan", "Seyssinet-Pariset", "Pont-de-Claix",
    "Sassenage", "Vizille", "Voiron", "Vienne", "Bourgoin-Jallieu", "Villefontaine", "Crolles",
    "Pontcharra", "Domène", "Gières", "Saint-Égrève", "Seyssins", "Claix", "Varces", "Vif",
    "Voreppe", "Moirans", "Rives", "Tullins", "Saint-Marcellin", "Vinay", "La Mure", "Mens",
    "Villard-de-Lans", "Lans-en-Vercors", "Chambéry", "Valence", "Romans-sur-Isère",
    "Saint-Ismier", "Montbonnot-Saint-Martin", "Froges", "Brignoud", "Noyarey", "Veurey-Voroize",
    "Champ-sur-Drac", "Jarrie", "Séchilienne", "Saint-Laurent-du-Pont", "Saint-Jean-de-Bournay",
    "La Côte-Saint-André", "Beaurepaire", "Roussillon", "Morestel", "Crémieu",
    "Pont-de-Beauvoisin", "La Tronche", "Corenc", "Berriat", "Teisseire", "Mistral", "Saint-Bruno",
    "La Villeneuve", "Saint-Laurent", "Bajatière",
]

THEMES = [
    "Recyclerie", "Jardins partagés", "Vélo", "Cuisine solidaire", "Numérique", "Insertion",
    "Spectacle vivant", "Réemploi", "Compostage", "Circuits courts", "Écoconstruction",
    "Mobilité douce", "Autopartage", "Tiers-lieu", "Aide à domicile", "Santé communautaire",
    "Éducation populaire", "Arts de la rue", "Musiques actuelles", "Théâtre", "Danse",
    "Lecture publique", "Jeux", "Maraîchage", "Apiculture", "Boulangerie", "Épicerie solidaire",
    "Énergies renouvelables", "Rénovation", "Menuiserie", "Couture", "Textile", "Réparation",
    "Informatique solidaire", "Médiation numérique", "Fabrication numérique", "Emploi",
    "Formation", "Entraide", "Petite enfance", "Jeunesse", "Aidants", "Habitat partagé",
    "Transition", "Biodiversité", "Montagne", "Sport pour tous", "Radio associative", "Cinéma",
    "Photographie", "Arts plastiques", "Patrimoine", "Tourisme solidaire", "Commerce équitable",
    "Monnaie locale", "Zéro déchet", "Cyclologistique", "Conciergerie", "Restauration",
    "Agroécologie",
]

ORG_PATTERNS = {
    "association": [
        "Les Ateliers de {place}", "Collectif {theme} de {place}", "Association {theme} {place}",
        "Réseau {theme} – {place}", "Maison de l'entraide de {place}", "Centre social de {place}",
        "Les Amis de {place}", "{theme} en partage – {place}", "Comité {theme} de {place}",
        "Association {theme} et Partage",
    ],
    "sarl": [
        "{theme} Services SARL", "SARL {theme} & Cie", "Atelier {theme} de {place} SARL",
        "{place} {theme} SARL", "SARL Les Artisans de {place}", "Comptoir {theme} SARL",
        "SARL {theme} Conseil",
    ],
    "scic": [
        "SCIC {theme} de {place}", "SCIC {theme} en commun", "Coopérative {theme} – {place}",
        "SCIC Les Communs de {place}", "SCIC {place} Solidaire", "SCIC Tiers-lieu de {place}",
        "SCIC {theme} des Alpes",
    ],
    "scop": [
        "Scop {theme} de {place}", "Scop Les Compagnons de {place}", "Atelier coopératif {theme}",
        "Scop {theme} & Territoires", "Scop {place} {theme}", "Coopérative ouvrière {theme}",
    ],
    "sas": [
        "{theme} Solutions SAS", "SAS {theme} de {place}", "{place} Réemploi SAS",
        "SAS {theme} Impact", "SAS Les Fabriques de {place}", "{theme} Développement SAS",
    ],
    "sa": [
        "{place} Habitat SA d'HLM", "Société {theme} de {place} SA",
        "Société d'économie mixte de {place}", "SA {theme} Alpes", "{place} Énergies SA",
        "SA coopérative {theme} du Dauphiné",
    ],
    "local-authority": [
        "Mairie de {place}", "Ville de {place}", "Communauté de communes de {place}",
        "CCAS de {place}", "Centre communal d'action sociale de {place}",
        "Syndicat intercommunal de {place}", "Commune de {place}",
    ],
    "university": [
        "Université de {place}", "IUT de {place}", "Campus {theme} de {place}",
        "Institut universitaire de {place}", "Pôle universitaire de {place}",
        "Université de {place} – Service Partenariats", "Université de {place} – Chaire {theme}",
    ],
    "other": [
        "Fondation {theme} de {place}", "GIE {theme} {place}",
        "Coopérative d'activité et d'emploi de {place}", "Fonds de dotation {theme}",
        "Mutuelle {theme} de {place}", "Groupement {theme} de {place}",
    ],
}

JOB_TITLES = [
    "Directrice", "Directeur", "Coordinatrice", "Coordinateur", "Chargée de mission",
    "Chargé de mission", "Comptable", "Assistante administrative", "Assistant de gestion",
    "Responsable logistique", "Animatrice", "Animateur", "Président", "Présidente", "Trésorier",
    "Trésorière", "Gérant", "Gérante", "Chargée de communication", "Chargé de développement",
    "Encadrant technique", "Encadrante technique", "Conseillère en insertion",
    "Conseiller en insertion", "Responsable administrative et financière", "Chargée d'accueil",
    "Régisseur", "Chargée de production", "Cuisinier", "Maraîchère", "Mécanicien cycles",
    "Médiatrice numérique", "Agent d'entretien", "Secrétaire générale",
    "Responsable des ressources humaines", "Chargé de projets", "Éducatrice spécialisée",
    "Technicien polyvalent", "Chargée de partenariats", "Bénévole référent",
]

DESCRIPTION_SENTENCES = [
    "La structure prête sa salle de réunion de vingt places en semaine.",
    "Elle accompagne chaque année une trentaine de personnes vers l'emploi.",
    "Son camion utilitaire est disponible pour les membres le week-end.",
    "L'équipe partage volontiers son expérience de la comptabilité associative.",
    "Elle organise des ateliers ouverts aux habitants du quartier.",
    "Ses locaux comprennent une cuisine équipée qui peut être louée à la journée.",
    "La structure cherche à mutualiser un poste de chargé de communication.",
    "Elle dispose d'un atelier de bricolage avec des outils en libre accès.",
    "Elle collecte des objets et des matériaux pour leur donner une seconde vie.",
    "Un vidéoprojecteur et une sonorisation peuvent être prêtés sur réservation.",
    "Elle anime des jardins partagés ouverts à tous.",
    "La structure propose des formations courtes aux salariés des autres membres.",
    "Elle travaille avec des producteurs locaux en circuit court.",
    "Ses bénévoles tiennent des permanences trois fois par semaine.",
    "Elle accueille des artistes en résidence plusieurs semaines par an.",
    "La structure met à disposition des bureaux partagés à prix modéré.",
    "Elle aide les habitants à faire leurs démarches en ligne.",
    "Son parc de vélos et de vélos cargos peut être emprunté par les membres.",
    "Elle emploie des salariés en parcours d'insertion.",
    "La structure cherche un espace de stockage à partager.",
    "Elle organise chaque année une fête de quartier avec ses partenaires.",
    "Ses achats de fournitures sont groupés avec d'autres membres du pôle.",
    "Elle intervient auprès des personnes âgées et de leurs proches.",
    "Un service de paie et de gestion sociale est proposé aux petites associations.",
    "Elle répare et remet en état du matériel informatique.",
    "La structure dispose d'une salle de spectacle d'une centaine de places.",
    "Elle anime des ateliers de cuisine autour des produits de saison.",
    "Elle conseille les membres sur la rénovation énergétique de leurs locaux.",
    "Un minibus de neuf places peut être réservé pour les sorties de groupe.",
    "Elle forme des bénévoles à l'animation et à l'accueil du public.",
    "La structure partage son logiciel de gestion et aide à le prendre en main.",
    "Elle mène des actions de prévention santé dans les quartiers.",
    "Elle propose des stages et des missions de service civique.",
    "Ses tables, chaises et barnums peuvent être prêtés pour des événements.",
    "Elle accompagne les porteurs de projet dans leurs premiers pas.",
    "La structure cherche des partenaires pour répondre ensemble à des appels d'offres.",
    "Elle récupère les invendus alimentaires des commerces voisins.",
    "Son équipe technique peut intervenir pour de petits travaux d'entretien.",
    "Elle édite une lettre d'information mensuelle ouverte aux annonces des membres.",
    "Elle souhaite partager ses compétences en recherche de financements.",
]
