"""The weight of cooperation in matching needs, set by the animation cell; more of the
sector's words in the pole's thesaurus.

Revision ID: 0013_matching
Revises: 0012_thesaurus
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

import pooling.db
from pooling.search.thesaurus import entry_key

revision = "0013_matching"
down_revision = "0012_thesaurus"
branch_labels = None
depends_on = None

# Words of the sector and of everyday French that name the same need with no word in
# common, as this revision adds them (its own copy: later edits leave it as is).
SEED: tuple[tuple[str, str], ...] = (
    # People and work.
    ("embauche", "fiche de poste"),
    ("renfort", "remplacement"),
    ("intérim", "remplacement"),
    ("CDD", "contrat à durée déterminée"),
    ("CDI", "contrat à durée indéterminée"),
    ("RH", "gestion du personnel"),
    ("SIRH", "logiciel de gestion du personnel"),
    ("SIRH", "logiciel RH"),
    ("plannings", "emploi du temps"),
    ("CSE", "représentants du personnel"),
    ("CSE", "élections professionnelles"),
    ("DP", "délégués du personnel"),
    ("CIP", "conseiller en insertion professionnelle"),
    ("CIP", "accompagnement socio-professionnel"),
    ("VAE", "validation des acquis de l'expérience"),
    ("VAE", "vélo à assistance électrique"),
    ("vélo électrique", "vélo à assistance électrique"),
    ("diplôme", "certification"),
    ("BPJEPS", "brevet professionnel de la jeunesse, de l'éducation populaire et du sport"),
    ("BPJEPS", "éducateur sportif"),
    ("SST", "sauveteur secouriste du travail"),
    ("SST", "premiers secours"),
    ("secourisme", "premiers secours"),
    ("TMS", "troubles musculo-squelettiques"),
    ("TMS", "gestes et postures"),
    ("mal de dos", "gestes et postures"),
    ("lombaires", "dos"),
    ("manutention", "port de charges"),
    ("DUERP", "évaluation des risques professionnels"),
    ("document unique", "évaluation des risques"),
    ("HACCP", "hygiène alimentaire"),
    ("HACCP", "sécurité sanitaire des aliments"),
    # Money and management.
    ("prévi", "prévisionnel"),
    ("BP", "business plan"),
    ("business plan", "prévisionnel"),
    ("modèle économique", "prévisionnel"),
    ("trésorerie", "finances"),
    ("financeurs", "financement"),
    ("AO", "appel d'offres"),
    ("appel d'offres", "marché public"),
    ("commande publique", "marché public"),
    ("DCE", "dossier de consultation des entreprises"),
    ("devis", "chiffrage"),
    ("bilan", "clôture des comptes"),
    ("impact social", "évaluation d'impact"),
    ("indicateurs", "évaluation"),
    # Digital and communication.
    ("phishing", "hameçonnage"),
    ("hameçonnage", "cybersécurité"),
    ("arnaque", "hameçonnage"),
    ("piratage", "cybersécurité"),
    ("mail", "courriel"),
    ("e-mail", "courriel"),
    ("RGPD", "CNIL"),
    ("PAO", "graphisme"),
    ("plaquette", "brochure"),
    ("flyer", "prospectus"),
    ("flyers", "affiches"),
    ("logo", "identité visuelle"),
    ("charte graphique", "identité visuelle"),
    ("image de marque", "identité visuelle"),
    ("visio", "visioconférence"),
    ("wifi", "internet"),
    ("impression 3D", "imprimante 3D"),
    # Places.
    ("AG", "assemblées"),
    ("séminaire", "salle de réunion"),
    ("stagiaires", "formation"),
    ("amphi", "amphithéâtre"),
    ("TD", "travaux dirigés"),
    ("labo", "laboratoire"),
    ("cuisine professionnelle", "laboratoire"),
    ("frigo", "réfrigérateur"),
    ("réfrigéré", "frigorifique"),
    ("frigorifique", "froid"),
    ("chaîne du froid", "frigorifique"),
    ("insonorisé", "studio"),
    ("enregistrement", "studio"),
    ("podcast", "enregistrement"),
    ("radio", "studio"),
    ("stockage", "entrepôt"),
    ("garde-meuble", "stockage"),
    ("PMR", "accessible"),
    ("plain-pied", "accessible"),
    # Things.
    ("barnum", "tente"),
    ("barnums", "tentes de réception"),
    ("tonnelle", "tente"),
    ("chapiteau", "tente"),
    ("fourgon", "utilitaire"),
    ("minibus", "neuf places"),
    ("visseuse", "perceuse"),
    ("remorque", "attelage"),
    ("transpalette", "manutention"),
    ("sonorisation", "enceintes"),
    # Languages.
    ("allophone", "français langue étrangère"),
    ("alpha", "alphabétisation"),
    ("interprète", "interprétariat"),
    ("traducteur", "traduction"),
    ("LSF", "langue des signes"),
    # Energy, food and the rest.
    ("chauffage", "énergie"),
    ("gaz", "énergie"),
    ("électricité", "énergie"),
    ("isolation", "rénovation énergétique"),
    ("anti-gaspi", "anti-gaspillage"),
    ("invendus", "anti-gaspillage"),
    ("restes", "anti-gaspillage"),
    ("compost", "déchets"),
    ("réemploi", "recyclage"),
    ("permis", "code de la route"),
    ("examen théorique", "code de la route"),
    ("covoiturage", "mobilité"),
)


def upgrade() -> None:
    with op.batch_alter_table("pole_settings") as batch:
        batch.add_column(sa.Column("new_partner_weight", sa.Integer(), nullable=False,
                                   server_default="10"))
        batch.add_column(sa.Column("balance_weight", sa.Integer(), nullable=False,
                                   server_default="10"))
        batch.create_check_constraint(op.f("ck_pole_settings_new_partner_weight_range"),
                                      "new_partner_weight BETWEEN 0 AND 100")
        batch.create_check_constraint(op.f("ck_pole_settings_balance_weight_range"),
                                      "balance_weight BETWEEN 0 AND 100")
    entries = sa.table("thesaurus_entries", sa.column("term"), sa.column("equivalent"),
                       sa.column("term_key"), sa.column("equivalent_key"),
                       sa.column("created_at", pooling.db.UTCDateTime()))
    known = {tuple(row) for row in op.get_bind().execute(
        sa.select(entries.c.term_key, entries.c.equivalent_key))}
    now, rows = pooling.db.utcnow(), []
    for term, equivalent in SEED:
        keys = entry_key(term), entry_key(equivalent)
        if keys not in known and keys[0] != keys[1]:
            known.add(keys)
            rows.append({"term": term, "equivalent": equivalent, "term_key": keys[0],
                         "equivalent_key": keys[1], "created_at": now})
    op.bulk_insert(entries, rows)


def downgrade() -> None:
    entries = sa.table("thesaurus_entries", sa.column("term_key"), sa.column("equivalent_key"))
    for term, equivalent in SEED:
        op.execute(entries.delete().where(entries.c.term_key == entry_key(term),
                                          entries.c.equivalent_key == entry_key(equivalent)))
    with op.batch_alter_table("pole_settings") as batch:
        batch.drop_constraint(op.f("ck_pole_settings_balance_weight_range"), type_="check")
        batch.drop_constraint(op.f("ck_pole_settings_new_partner_weight_range"), type_="check")
        batch.drop_column("balance_weight")
        batch.drop_column("new_partner_weight")
