"""The demo pole's bookings: what its organisations book, why, and the reasons they give.

Dates are not written here: the loader places every booking relative to the day it runs
(weeks before and after today, in the pole's time zone).
"""

# What each demo offer is booked for, by its title.
PURPOSES = {
    "Salle du Conseil": [
        "Conseil d'administration", "Assemblée générale annuelle", "Comité de pilotage",
        "Formation des bénévoles", "Réunion des partenaires financeurs",
        "Séminaire d'équipe", "Jury de recrutement",
    ],
    "Bureau partagé pour permanences": [
        "Permanence d'accès aux droits", "Entretiens individuels", "Permanence juridique",
        "Rendez-vous avec un porteur de projet", "Point mensuel avec la comptable",
    ],
    "Cuisine professionnelle partagée": [
        "Préparation du buffet de l'AG", "Atelier cuisine anti-gaspi",
        "Production de conserves de saison", "Test de recettes pour le traiteur",
        "Préparation du repas de quartier",
    ],
    "Fournil pour ateliers pain et viennoiserie": [
        "Atelier pain au levain pour les familles", "Atelier brioche avec le centre social",
        "Formation pétrissage pour les cuisiniers en insertion", "Fournée pour la fête du pôle",
        "Atelier pain d'épices – marché de Noël",
    ],
    "Chambre froide positive": [
        "Stockage des denrées du repas de quartier", "Stockage avant livraison AMAP",
        "Stockage des invendus collectés", "Stockage du buffet de l'AG",
    ],
    "Atelier bois avec machines": [
        "Fabrication de bacs potagers", "Atelier meubles en palettes",
        "Découpe des panneaux de l'exposition", "Formation sécurité machines",
    ],
    "Salle de répétition": [
        "Répétition du spectacle de fin d'année", "Réunion publique du quartier",
        "Atelier théâtre forum", "Cours de danse solidaire", "Atelier couture",
    ],
    "Salle des fêtes Jean-Vilar": [
        "Assemblée générale du pôle", "Soirée des bénévoles", "Bal folk solidaire",
        "Forum des associations",
    ],
    "Amphithéâtre 120 places": [
        "Conférence « Entreprendre autrement »", "Journée de l'ESS", "Ciné-débat",
    ],
    "Camion 20 m³ avec hayon": [
        "Déménagement du local", "Collecte d'encombrants", "Livraison marché de Noël",
        "Transport du matériel du festival", "Tournée de collecte de meubles",
    ],
    "Vélos cargos électriques": [
        "Livraisons de paniers en centre-ville", "Livraison marché de Noël",
        "Tournée de livraison du pain aux cantines", "Collecte de biodéchets",
    ],
    "Minibus 9 places": [
        "Sortie des jeunes au Vercors", "Transport de l'équipe au salon",
        "Visite d'une ferme partenaire", "Sortie des bénévoles",
    ],
    "Barnums 3×3 m": [
        "Fête de quartier", "Marché de producteurs", "Livraison marché de Noël",
        "Vide-grenier solidaire", "Stand au forum des associations",
    ],
    "Sonorisation mobile 2 × 500 W": [
        "Concert de la fête de quartier", "Assemblée générale en plein air",
        "Animation du marché de producteurs",
    ],
    "Malle de jeux géants": [
        "Fête de quartier", "Animation du goûter des familles", "Journée portes ouvertes",
    ],
    "Kit vidéoprojecteur et écran": [
        "Ciné-débat", "Présentation aux financeurs", "Formation des bénévoles",
        "Conseil d'administration",
    ],
    "Imprimante d'étiquettes": [
        "Étiquetage des confitures", "Étiquetage des bocaux de soupe",
        "Étiquettes des sachets de biscuits",
    ],
    "Caisse à outils de réparation": [
        "Repair café du quartier", "Réparation du matériel de la salle",
        "Atelier réparation de petit électroménager",
    ],
    "Aide à la clôture des comptes associatifs": [
        "Clôture des comptes de l'exercice", "Préparation du bilan pour l'AG",
        "Relecture de l'annexe comptable",
    ],
    "Assistance informatique et sauvegardes": [
        "Mise en place des sauvegardes", "Dépannage de la messagerie",
        "Installation des postes des nouveaux salariés", "Point RGPD",
    ],
    "Conception d'affiches et flyers": [
        "Affiche de la fête de quartier", "Flyer du marché de Noël",
        "Plaquette de présentation", "Affiche du ciné-débat",
    ],
    "Premier conseil juridique (statuts, contrats)": [
        "Relecture des statuts", "Convention de partenariat",
        "Contrat de prestation", "Questions sur le bail du local",
    ],
    "Agent d'entretien mis à disposition": [
        "Grand ménage après travaux", "Entretien des locaux", "Remise en état de la salle",
    ],
    "Aide au recrutement et fiches de poste": [
        "Fiche de poste du futur coordinateur", "Préparation des entretiens d'embauche",
        "Annonce pour un poste en service civique",
    ],
}

CANCEL_REASONS = [
    "Réunion reportée", "Intervenant malade", "Événement annulé faute d'inscrits",
    "Alerte météo : sortie reportée", "Nous avons trouvé une autre solution",
    "Date déplacée par le financeur",
]
DECLINE_REASONS = [
    "Le local est réservé pour un événement interne ce jour-là.",
    "Matériel en réparation cette semaine.",
    "Notre intervenante est en congé.",
    "La formation aux machines n'a pas encore été suivie.",
    "Merci de nous proposer une autre date.",
]

# Recurring series, in wall-clock time. first_week: weeks from the current week (negative:
# already started); weekday: Monday is 0; every: 1 weekly, 2 every second week.
SERIES = [
    dict(offer="Salle du Conseil", member="Tremplin Emploi Agglo", weekday=0, start="09:00",
         minutes=90, every=1, count=13, first_week=-6, purpose="Réunion d'équipe du lundi",
         quantity=12),
    dict(offer="Salle de répétition", member="Ressourcerie La Remise", weekday=3,
         start="18:30", minutes=150, every=2, count=7, first_week=-5,
         purpose="Atelier couture", quantity=14),
    dict(offer="Cuisine professionnelle partagée", member="Le Fournil d'Eybens SARL",
         weekday=2, start="14:00", minutes=180, every=2, count=6, first_week=-4,
         purpose="Atelier cuisine anti-gaspi avec les habitants", quantity=8),
]

# Bookings that involve the demo logins' organisation (Le Fournil d'Eybens): requests for
# its admin to decide, and what its people booked. week: from the current week; day:
# Monday is 0; fate: what becomes of it (past bookings end completed unless said otherwise).
FOURNIL = "Le Fournil d'Eybens SARL"
BAKERY = "Fournil pour ateliers pain et viennoiserie"
REGIE = "Régie de quartier Villeneuve – Village Olympique"
SCRIPTED = [
    # Requests waiting for Matthieu Brunet-Manquat, the Fournil's admin.
    dict(offer=BAKERY, member=REGIE,
         week=1, day=1, start="14:00", minutes=180, quantity=10, fate="requested",
         purpose="Atelier brioche avec le centre social"),
    dict(offer=BAKERY, member="Tremplin Emploi Agglo",
         week=2, day=3, start="14:00", minutes=240, quantity=6, fate="requested",
         purpose="Formation pétrissage pour les cuisiniers en insertion"),
    dict(offer=BAKERY, member="Ludothèque Le Dé Bleu",
         week=3, day=2, start="15:00", minutes=120, quantity=10, fate="requested",
         purpose="Atelier pain au levain pour les familles"),
    dict(offer=BAKERY,
         member="Les Jardins Solidaires du Drac", week=5, day=4, start="14:00",
         minutes=180, quantity=8, fate="requested",
         purpose="Atelier pain d'épices – marché de Noël"),
    dict(offer=BAKERY, member="Coopér'Actions",
         week=4, day=1, start="14:00", minutes=240, quantity=10, fate="confirmed",
         purpose="Fournée pour la fête du pôle"),
    dict(offer=BAKERY, member=REGIE,
         week=-3, day=2, start="14:00", minutes=180, quantity=9, fate="completed",
         purpose="Atelier pain au levain pour les familles"),
    dict(offer=BAKERY, member="Tremplin Emploi Agglo",
         week=-6, day=3, start="14:00", minutes=240, quantity=6, fate="declined",
         purpose="Formation pétrissage pour les cuisiniers en insertion",
         reason="Four en maintenance cette semaine-là : pouvez-vous proposer une autre date ?"),
    # What the Fournil's people booked.
    dict(offer="Vélos cargos électriques", member=FOURNIL, week=0, day=1, start="08:00",
         minutes=240, quantity=2, fate="confirmed", by="member",
         purpose="Tournée de livraison du pain aux cantines"),
    dict(offer="Vélos cargos électriques", member=FOURNIL, week=-2, day=1, start="08:00",
         minutes=240, quantity=2, fate="completed", by="member",
         purpose="Tournée de livraison du pain aux cantines"),
    dict(offer="Vélos cargos électriques", member=FOURNIL, week=3, day=5, start="08:00",
         minutes=240, quantity=3, fate="confirmed", by="member",
         purpose="Livraison marché de Noël"),
    # The Fournil's barnums for the Christmas market are booked from its need (demo.needs).
    dict(offer="Camion 20 m³ avec hayon", member=FOURNIL, week=-5, day=2, start="09:00",
         minutes=540, quantity=1, fate="completed", by="admin",
         purpose="Transport du four de démonstration"),
    dict(offer="Camion 20 m³ avec hayon", member=FOURNIL, week=2, day=0, start="09:00",
         minutes=540, quantity=1, fate="requested", by="admin",
         purpose="Livraison du pétrin d'occasion"),
    dict(offer="Salle du Conseil", member=FOURNIL, week=-4, day=4, start="14:00", minutes=120,
         quantity=5, fate="completed", by="admin", purpose="Assemblée des associés"),
    dict(offer="Salle du Conseil", member=FOURNIL, week=1, day=4, start="14:00", minutes=120,
         quantity=6, fate="confirmed", by="member", purpose="Formation hygiène de l'équipe"),
    dict(offer="Imprimante d'étiquettes", member=FOURNIL, week=-1, day=3, start="09:00",
         minutes=180, quantity=1, fate="completed", by="member",
         purpose="Étiquettes des sachets de biscuits"),
    dict(offer="Minibus 9 places", member=FOURNIL, week=-7, day=5, start="08:00", minutes=600,
         quantity=1, fate="cancelled", by="admin", purpose="Visite d'une ferme partenaire",
         reason="Alerte météo : sortie reportée"),
    dict(offer="Aide au recrutement et fiches de poste", member=FOURNIL, week=1, day=2,
         start="10:00", minutes=120, quantity=1, fate="confirmed", by="admin",
         purpose="Fiche de poste du futur apprenti boulanger"),
    dict(offer="Assistance informatique et sauvegardes", member=FOURNIL, week=-2, day=0,
         start="14:00", minutes=120, quantity=1, fate="completed", by="admin",
         purpose="Mise en place des sauvegardes de la caisse"),
]

# The benchmark pole's purposes, by kind of offer.
LARGE_PURPOSES = {
    "premises": ["Conseil d'administration", "Assemblée générale", "Réunion d'équipe",
                 "Formation des bénévoles", "Atelier couture", "Permanence",
                 "Répétition", "Réunion publique", "Atelier cuisine"],
    "tool": ["Livraison marché de Noël", "Fête de quartier", "Déménagement du local",
             "Collecte", "Vide-grenier solidaire", "Sortie des jeunes", "Chantier participatif"],
    "skill": ["Relecture des statuts", "Clôture des comptes", "Dépannage informatique",
              "Affiche d'événement", "Fiche de poste", "Dossier de subvention"],
}
