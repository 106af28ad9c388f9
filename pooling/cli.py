"""Command-line interface: `flask --app pooling demo`, `users create`, `users token`,
`members create`, `bookings tick`, `ledger check`, `needs notify`,
`backup`, `restore`, `review rebuild`."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from pooling.accounts import services as accounts
from pooling.accounts.models import Role
from pooling.backups.cli import backup_command, restore_command
from pooling.bookings.cli import bookings_cli
from pooling.demo import loader
from pooling.errors import DomainError
from pooling.extensions import db
from pooling.ledger.cli import ledger_cli
from pooling.members.models import Circle, LegalForm, Member
from pooling.members.services import MemberData, animation_cell, create_member
from pooling.needs.cli import needs_cli
from pooling.pole.clock import pole_today
from pooling.review.cli import review_cli
from pooling.templating import command_line_context, public_url

users_cli = AppGroup("users", help="Create people and API tokens.")
members_cli = AppGroup("members", help="Register member organisations.")


@members_cli.command("create")
@click.argument("name")
@click.option("--legal-form", type=click.Choice([f.value for f in LegalForm]),
              default=LegalForm.ASSOCIATION.value, show_default=True)
@click.option("--circle", type=click.Choice([c.value for c in Circle]),
              default=Circle.PARTNER.value, show_default=True)
@click.option("--joined-on", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Date of joining (default: today).")
@click.option("--town", default="", help="The town where the organisation is, as the "
              "directory shows it.")
def create_member_command(name, legal_form, circle, joined_on, town):
    """Register an organisation, such as the animation cell's own on a new pole."""
    data = MemberData(name=name, legal_form=LegalForm(legal_form), circle=Circle(circle),
                      joined_on=joined_on.date() if joined_on else pole_today(), city=town)
    try:
        member = create_member(None, data)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Registered {member.name} (id {member.id}).")


def _find_member(reference: str) -> Member:
    """An organisation by id or by exact name."""
    if reference.isdigit():
        member = db.session.get(Member, int(reference))
    else:
        member = db.session.scalars(sa.select(Member).where(Member.name == reference)).first()
    if member is None:
        raise click.ClickException(f"No organisation {reference!r}.")
    return member


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.MEMBER.value,
              show_default=True)
@click.option("--member", "member_ref", help="Organisation id or exact name "
              "(default for cell: the animation cell's organisation).")
@click.option("--password", help="Set this password; without it an invitation is e-mailed.")
@click.option("--name", "full_name", help="Full name (default: from the e-mail address).")
def create_user(email, role, member_ref, password, full_name):
    """Create a person of a member organisation."""
    role = Role(role)
    if member_ref:
        member = _find_member(member_ref)
    elif role == Role.CELL:
        member = animation_cell()
        if member is None:
            raise click.ClickException("No animation cell organisation exists yet: "
                                       "create one or pass --member.")
    else:
        raise click.ClickException("--member is required for this role.")
    name = full_name or email.split("@")[0].replace(".", " ").title()
    with command_line_context():
        try:
            user = accounts.create_person(
                None, member.id, accounts.PersonData(email=email, full_name=name, role=role),
                password=password,
            )
        except DomainError as error:
            raise click.ClickException(error.message) from None
        click.echo(f"Created {user.email} ({role.value}) in {member.name}.")
        if password is None:
            link = public_url("auth.reset_password", token=accounts.password_token(user))
            click.echo(f"Invitation link: {link}")


@users_cli.command("token")
@click.argument("email")
@click.option("--name", default="command line", show_default=True, help="Token name.")
def create_token(email, name):
    """Create a personal API token; the token is the last line printed."""
    user = accounts.get_user_by_email(email)
    if user is None or not user.active:
        raise click.ClickException(f"No active person with the e-mail address {email!r}.")
    _token, plain = accounts.create_api_token(user.id, name)
    click.echo(f"API token for {user.email} (shown once, keep it secret):")
    click.echo(plain)


@click.command("demo")
@click.option("--size", type=click.Choice(["small", "large"]), default="small",
              show_default=True, help="small: the demo pole; large: the benchmark pole.")
@click.option("--if-empty", is_flag=True,
              help="Do nothing (but print the logins) if the database already holds data.")
def demo_command(size, if_empty):
    """Load the demo pole into an empty database and print its logins."""
    existing = loader.existing_data()
    if existing:
        if not if_empty:
            raise click.ClickException(
                f"The database already holds data ({existing}). The demo pole is loaded only "
                "into an empty database: point DATABASE_URL at a new one, or drop this one.")
        click.echo(f"The database already holds data ({existing}); the demo is not loaded.")
    else:
        loader.load(size, echo=click.echo)
    loader.print_logins(click.echo)


def register_commands(app: Flask) -> None:
    app.config.setdefault("BASE_URL", "http://127.0.0.1:5000")
    app.cli.add_command(users_cli)
    app.cli.add_command(members_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(bookings_cli)
    app.cli.add_command(ledger_cli)
    app.cli.add_command(needs_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(review_cli)
