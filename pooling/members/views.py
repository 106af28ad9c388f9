"""The member directory and the cell's management of organisations."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from pooling.accounts.forms import EmptyForm
from pooling.accounts.permissions import cell_required
from pooling.db import MAX_PAGE
from pooling.errors import DomainError, show_on_form
from pooling.members import services
from pooling.members.forms import DirectoryFilterForm, DomainForm, MemberForm
from pooling.members.models import Circle, LegalForm

bp = Blueprint("members", __name__, url_prefix="/members")


def _domain_choices(blank: str | None = None) -> list[SelectChoice]:
    locale = str(get_locale())
    choices = [SelectChoice(d.code, d.label(locale)) for d in services.list_domains()]
    return ([SelectChoice("", blank)] if blank else []) + choices


@bp.get("/")
@login_required
def directory():
    """All member organisations, filtered by legal form, circle and domain, searched by name."""
    form = DirectoryFilterForm(request.args)
    form.domain.choices = _domain_choices(_("All domains"))
    if not form.validate():
        return render_template("members/directory.html", form=form, page=None), 400
    page_number = request.args.get("page", 1, type=int)
    page = services.search_members(services.DirectoryQuery(
        q=form.q.data or "",
        legal_form=LegalForm(form.legal_form.data) if form.legal_form.data else None,
        circle=Circle(form.circle.data) if form.circle.data else None,
        domain=form.domain.data or None,
        page=max(1, min(page_number, MAX_PAGE)),
        per_page=current_app.config["DIRECTORY_PAGE_SIZE"],
    ))
    return render_template("members/directory.html", form=form, page=page)


@bp.get("/<int:member_id>")
@login_required
def detail(member_id: int):
    """One organisation: its record and its people."""
    page = services.member_page(current_user, member_id)
    return render_template(
        "members/detail.html",
        member=page.member,
        people=page.people,
        show_emails=page.show_emails,
        can_manage=page.can_manage,
        action_form=EmptyForm(),
    )


def _member_data(form: MemberForm) -> services.MemberData:
    return services.MemberData(
        name=form.name.data,
        legal_form=LegalForm(form.legal_form.data),
        circle=Circle(form.circle.data),
        joined_on=form.joined_on.data,
        left_on=form.left_on.data,
        description=form.description.data or "",
        address=form.address.data or "",
        postcode=form.postcode.data or "",
        city=form.city.data or "",
        email=form.email.data or "",
        phone=form.phone.data or "",
        website=form.website.data or "",
        staff_fte=form.staff_fte.data,
        domain_codes=form.domains.data or [],
    )


def _save_member(form: MemberForm, member=None):
    """Validate and save the form; re-render it with the errors otherwise."""
    form.domains.choices = _domain_choices()
    if form.validate_on_submit():
        try:
            if member is None:
                member = services.create_member(current_user, _member_data(form))
                flash(_("The organisation is registered."), "success")
            else:
                member = services.update_member(current_user, member.id, _member_data(form))
                flash(_("The organisation is saved."), "success")
        except DomainError as error:
            show_on_form(form, error)
            return render_template("members/form.html", form=form, member=member), error.status
        return redirect(url_for("members.detail", member_id=member.id))
    status = 422 if form.is_submitted() else 200
    return render_template("members/form.html", form=form, member=member), status


@bp.route("/new", methods=["GET", "POST"])
@cell_required
def create():
    """The cell registers a new member organisation."""
    return _save_member(MemberForm())


@bp.route("/<int:member_id>/edit", methods=["GET", "POST"])
@cell_required
def edit(member_id: int):
    """The cell edits an organisation's record."""
    member = services.get_member(member_id)
    # The record fills the form on GET only: a field missing from a POST is an error,
    # not a silent "keep the current value".
    form = MemberForm(obj=member if request.method == "GET" else None)
    if request.method == "GET":
        form.domains.data = [d.code for d in member.domains]
        form.legal_form.data = member.legal_form.value
        form.circle.data = member.circle.value
    return _save_member(form, member)


@bp.route("/domains", methods=["GET", "POST"])
@cell_required
def domains():
    """The cell's list of activity domains, with a form to add one."""
    form = DomainForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.create_domain(current_user, form.name.data, form.name_en.data or "")
        except DomainError as error:
            form.name.errors = [*form.name.errors, error.message]
            status = error.status
        else:
            flash(_("The activity domain is added."), "success")
            return redirect(url_for("members.domains"))
    elif form.is_submitted():
        status = 422
    figures = services.pole_figures()
    return render_template("members/domains.html", form=form, figures=figures), status
