"""`flask backup FILE` and `flask restore FILE`: the whole pole in one archive."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from pooling.backups import services
from pooling.catalogue.photos import photo_folder


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path) -> None:
    """Write the database and the offers' photos to one archive, while the service runs."""
    try:
        manifest = services.create_backup(file)
    except services.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the {manifest.database} database {services.safe_url()} and "
               f"{manifest.photos} photos to {file}.")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(file: Path, yes: bool) -> None:
    """Replace the database and the offers' photos with those of a backup."""
    with tempfile.TemporaryDirectory(dir=photo_folder().parent,
                                     prefix=".pooling-restore-") as work:
        try:
            unpacked = services.unpack(file, Path(work))
            services.check_dump(unpacked)
        except services.BackupError as error:
            raise click.ClickException(str(error)) from None
        manifest = unpacked.manifest
        if not yes:
            click.confirm(f"Replace everything in {services.safe_url()} and the offers' photos "
                          f"with the backup of {manifest.created_at} ({manifest.photos} "
                          "photos)?", abort=True)
        try:
            services.restore(unpacked)
        except services.BackupError as error:
            raise click.ClickException(f"{error}\nThe database was left as it was.") from None
    click.echo(f"Restored the backup of {manifest.created_at} ({manifest.photos} photos).")
    if services.pending_upgrade():
        click.echo("The backup is older than this version: run `flask --app pooling db "
                   "upgrade` now.")
