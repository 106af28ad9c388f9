"""Photos of offers: checked by their content, re-encoded, resized and stored privately."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy.orm import undefer

from pooling.accounts.models import User
from pooling.catalogue.models import OfferPhoto
from pooling.catalogue.services import get_offer, get_offer_for_edit
from pooling.db import transaction
from pooling.errors import Conflict, InvalidInput, NotFound
from pooling.extensions import db

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuses decompression bombs before decoding
MAX_SIDE = 1600
MAX_PHOTOS = 8


def photo_folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads" / "offers"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _reencode(content: bytes) -> tuple[bytes, int, int]:
    """A clean JPEG of the picture: whatever the file claimed to be, only pixels survive
    (no metadata, no script hidden in another format)."""
    if len(content) > MAX_BYTES:
        raise InvalidInput(_("The photo is too large (5 MB at most)."),
                           fields={"photo": [_("Too large.")]})
    try:
        with Image.open(io.BytesIO(content)) as probe:
            if probe.format not in ("JPEG", "PNG", "WEBP", "GIF"):
                raise InvalidInput(_("Send a JPEG, PNG, WebP or GIF picture."),
                                   fields={"photo": [_("Not a picture.")]})
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidInput(_("The picture has too many pixels."),
                                   fields={"photo": [_("Too large.")]})
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)
            return out.getvalue(), image.width, image.height
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise InvalidInput(_("This file is not a picture that can be read."),
                           fields={"photo": [_("Not a picture.")]}) from None


def in_database() -> bool:
    """Whether new photos are kept in the database (PHOTO_STORE), not as files."""
    store = current_app.config.get("PHOTO_STORE", "files")
    if store not in ("files", "database"):
        raise RuntimeError(f"PHOTO_STORE must be 'files' or 'database', not {store!r}")
    return store == "database"


def add_photo(actor: User, offer_id: int, content: bytes) -> OfferPhoto:
    """Add a photo to an offer of one's organisation."""
    offer = get_offer_for_edit(actor, offer_id)
    if len(offer.photos) >= MAX_PHOTOS:
        raise Conflict(_("An offer has %(n)d photos at most.", n=MAX_PHOTOS))
    jpeg, width, height = _reencode(content)
    filename = secrets.token_hex(16) + ".jpg"
    if in_database():
        with transaction() as session:
            photo = OfferPhoto(offer_id=offer.id, filename=filename, width=width,
                               height=height, content=jpeg)
            session.add(photo)
        return photo
    path = photo_folder() / filename
    path.write_bytes(jpeg)
    try:
        with transaction() as session:
            photo = OfferPhoto(offer_id=offer.id, filename=filename, width=width,
                               height=height)
            session.add(photo)
    except Exception:
        path.unlink(missing_ok=True)  # no file without its row
        raise
    return photo


def remove_photo(actor: User, offer_id: int, photo_id: int) -> None:
    offer = get_offer_for_edit(actor, offer_id)
    photo = db.session.get(OfferPhoto, photo_id)
    if photo is None or photo.offer_id != offer.id:
        raise NotFound(_("This photo does not exist."))
    filename = photo.filename
    with transaction() as session:
        session.delete(photo)
    (photo_folder() / filename).unlink(missing_ok=True)


def photo_bytes(viewer: User, filename: str) -> bytes:
    """The JPEG of a photo the viewer may see (that of an offer visible to them), from the
    database or from the instance folder, wherever it was stored."""
    photo = db.session.scalars(
        sa.select(OfferPhoto).where(OfferPhoto.filename == filename)
        .options(undefer(OfferPhoto.content))).first()
    if photo is None:
        raise NotFound(_("This photo does not exist."))
    get_offer(viewer, photo.offer_id)
    if photo.content is not None:
        return photo.content
    try:
        return (photo_folder() / photo.filename).read_bytes()
    except FileNotFoundError:
        # A file of another host's instance folder: PHOTO_STORE=database shares them.
        raise NotFound(_("This photo does not exist.")) from None
