"""API of the review: the dashboard's figures as data, for the animation cell."""

from flask_smorest import Blueprint

blp = Blueprint("api_review", __name__, description="The review of usage: the pole's figures "
                                                    "for a period (the animation cell).")
