"""The pole's thesaurus: a search for one side of an entry also finds the other."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from pooling.accounts.models import User
from pooling.accounts.permissions import require_cell
from pooling.audit import services as audit
from pooling.db import transaction
from pooling.errors import Conflict, NotFound, invalid_field
from pooling.extensions import db
from pooling.search.analysis import terms
from pooling.search.models import ThesaurusEntry
from pooling.search.versions import kept

MAX_TERM = 100
MAX_EQUIVALENT = 200


def entry_key(text: str) -> str:
    """The analysed words of one side of an entry, as stored and compared."""
    return " ".join(terms(text))


def list_entries() -> list[ThesaurusEntry]:
    """The thesaurus in alphabetical order, for the cell's page."""
    return list(db.session.scalars(
        sa.select(ThesaurusEntry).order_by(ThesaurusEntry.term_key, ThesaurusEntry.equivalent_key)))


def _checked(field: str, text: str, longest: int) -> tuple[str, str]:
    """The text of one side and its key, refused when it says nothing searchable."""
    text = " ".join((text or "").split())
    if len(text) > longest:
        raise invalid_field(field, _("At most %(n)d characters.", n=longest))
    key = entry_key(text)
    if not key:
        raise invalid_field(field, _("Write at least one word that is not a stop word."))
    return text, key


def add_entry(actor: User, term: str, equivalent: str) -> ThesaurusEntry:
    """Record that `term` and `equivalent` name the same thing (cell only)."""
    require_cell(actor)
    term, term_key = _checked("term", term, MAX_TERM)
    equivalent, equivalent_key = _checked("equivalent", equivalent, MAX_EQUIVALENT)
    if term_key == equivalent_key:
        raise invalid_field("equivalent", _("Write a different word on each side."))
    try:
        with transaction() as session:
            entry = ThesaurusEntry(term=term, equivalent=equivalent, term_key=term_key,
                                   equivalent_key=equivalent_key)
            session.add(entry)
            audit.record(actor, "thesaurus.create", entry, f"{term} = {equivalent}",
                         after=audit.fields(entry, "term", "equivalent"))
    except IntegrityError as error:
        raise Conflict(_("The thesaurus already holds this entry.")) from error
    return entry


def remove_entry(actor: User, entry_id: int) -> None:
    """Take an entry out of the thesaurus (cell only)."""
    require_cell(actor)
    with transaction() as session:
        entry = session.get(ThesaurusEntry, entry_id)
        if entry is None:
            raise NotFound(_("This thesaurus entry does not exist."))
        audit.record(actor, "thesaurus.delete", entry, f"{entry.term} = {entry.equivalent}",
                     before=audit.fields(entry, "term", "equivalent"))
        session.delete(entry)


def pairs() -> list[tuple[frozenset[str], tuple[str, ...]]]:
    """Each entry both ways: the stems that must all be asked for, and the stems they add.
    Checked once per request: the cell's last change counts at the next search."""
    return kept("thesaurus_pairs", _read_pairs)


def _read_pairs() -> list[tuple[frozenset[str], tuple[str, ...]]]:
    found = []
    for term_key, equivalent_key in db.session.execute(
            sa.select(ThesaurusEntry.term_key, ThesaurusEntry.equivalent_key)):
        term_stems, equivalent_stems = term_key.split(), equivalent_key.split()
        found.append((frozenset(term_stems), tuple(equivalent_stems)))
        found.append((frozenset(equivalent_stems), tuple(term_stems)))
    return found


def related(stems: list[str]) -> dict[str, str]:
    """The stems the thesaurus adds to these, each with the asked stem it comes from."""
    asked = set(stems)
    added: dict[str, str] = {}
    for needed, gives in pairs():
        if needed <= asked:
            source = " ".join(sorted(needed))
            for stem in gives:
                if stem not in asked:
                    added.setdefault(stem, source)
    return added
