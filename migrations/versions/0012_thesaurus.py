"""The pole's thesaurus of abbreviations and synonyms, seeded with the sector's usual words.

Revision ID: 0012_thesaurus
Revises: 0011_needs
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

import pooling.db
from pooling.search.thesaurus import entry_key

revision = "0012_thesaurus"
down_revision = "0011_needs"
branch_labels = None
depends_on = None

# The entries a new pole starts with, as they were when this revision was written: the
# migration keeps its own copy, so that later edits of the application's list leave it as is.
SEED: tuple[tuple[str, str], ...] = (
    # Abbreviations and jargon of the sector.
    ("RGPD", "protection des données"),
    ("RGPD", "données personnelles"),
    ("CSE", "comité social et économique"),
    ("FLE", "français langue étrangère"),
    ("AG", "assemblée générale"),
    ("ESS", "économie sociale et solidaire"),
    ("SCIC", "société coopérative d'intérêt collectif"),
    ("SCOP", "société coopérative et participative"),
    ("PTCE", "pôle territorial de coopération économique"),
    ("DLA", "dispositif local d'accompagnement"),
    ("RSE", "responsabilité sociétale des entreprises"),
    ("RH", "ressources humaines"),
    ("IAE", "insertion par l'activité économique"),
    ("SIAE", "insertion par l'activité économique"),
    ("ACI", "atelier chantier d'insertion"),
    ("CAE", "coopérative d'activité et d'emploi"),
    ("ESUS", "entreprise solidaire d'utilité sociale"),
    ("CPF", "compte personnel de formation"),
    ("DUERP", "document unique d'évaluation des risques"),
    ("QVT", "qualité de vie au travail"),
    ("AAP", "appel à projets"),
    ("FSE", "fonds social européen"),
    ("PAO", "mise en page"),
    ("URSSAF", "cotisations sociales"),
    ("TVA", "fiscalité"),
    ("PC", "ordinateur"),
    # Short forms and everyday words.
    ("compta", "comptabilité"),
    ("comptable", "comptabilité"),
    ("paie", "bulletins de salaire"),
    ("paie", "paye"),
    ("bénévolat", "bénévoles"),
    ("bénévolat", "volontariat"),
    # Stems count, so « embaucher » also covers « embauche », « local » covers « locaux ».
    ("embaucher", "recrutement"),
    ("salarié", "recrutement"),
    ("local", "salle"),
    ("réunion", "salle"),
    ("bureau", "espace de travail"),
    ("coworking", "espace de travail"),
    ("ordi", "ordinateur"),
    ("informatique", "numérique"),
    ("appli", "application"),
    ("site web", "site internet"),
    ("com", "communication"),
    ("graphiste", "graphisme"),
    ("subvention", "financement"),
    ("levée de fonds", "financement"),
    ("crowdfunding", "financement participatif"),
    ("mécénat", "dons"),
    ("juridique", "droit"),
    ("statuts", "juridique"),
    ("fiscalité", "impôts"),
    ("vidéoprojecteur", "projecteur"),
    ("sono", "sonorisation"),
    ("micro", "microphone"),
    ("camion", "utilitaire"),
    ("camionnette", "utilitaire"),
    ("véhicule", "utilitaire"),
    ("bricolage", "outillage"),
    ("traiteur", "cuisine"),
    ("restauration", "cuisine"),
    ("potager", "jardin"),
    ("traduction", "interprétariat"),
    ("formateur", "formation"),
    ("atelier", "formation"),
    ("afghan", "dari"),
    ("afghan", "pachto"),
    ("tableur", "excel"),
)


def upgrade():
    entries = op.create_table(
        "thesaurus_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("equivalent", sa.String(length=200), nullable=False),
        sa.Column("term_key", sa.String(length=100), nullable=False),
        sa.Column("equivalent_key", sa.String(length=200), nullable=False),
        sa.Column("created_at", pooling.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(term) > 0 AND length(equivalent) > 0",
                           name=op.f("ck_thesaurus_entries_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thesaurus_entries")),
        sa.UniqueConstraint("term_key", "equivalent_key",
                            name=op.f("uq_thesaurus_entries_term_key_equivalent_key")),
    )
    now = pooling.db.utcnow()
    op.bulk_insert(entries, [
        {"term": term, "equivalent": equivalent, "term_key": entry_key(term),
         "equivalent_key": entry_key(equivalent), "created_at": now}
        for term, equivalent in SEED])


def downgrade():
    op.drop_table("thesaurus_entries")
