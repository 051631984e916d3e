"""The one error the rules loader raises: a problem in the rules file, with its path and line."""

from __future__ import annotations

from intake_app.domain.errors import N_, LocatedError


class RulesError(LocatedError):
    """`forms/analysis.yaml:42: unknown operator 'equal'`, the way editors and CI link to it."""

    user_message = N_("The analysis rules file has an error; the analysis cannot run.")
