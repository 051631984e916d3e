"""`PacketInputs`: everything a packet is built from, as frozen plain data (no vault, no Qt)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from intake_app.analysis.model import Analysis
from intake_app.forms.model import Form

SIGNER_ROLES = ("attorney", "accredited_representative")


@dataclass(frozen=True)
class Signer:
    """Who signs the cover letter: an attorney or a DOJ-accredited representative."""

    name: str = ""
    role: str = "attorney"
    email: str = ""
    phone: str = ""
    bar_number: str = ""


@dataclass(frozen=True)
class ExhibitDocument:
    """An attached document as the packet binds it; `open()` gives a seekable binary reader
    over its bytes (chunks fetched from the vault as read, or memory), and is never stored."""

    id: str
    category: str  # the exhibit tab id
    kind: str  # "pdf" | "image"
    media_type: str
    pages: int
    title: str
    open: Callable[[], BinaryIO] = field(compare=False, repr=False)
    language: str = "en"
    evidence_id: str | None = None
    supports: str = ""
    translation: str = "not_needed"


@dataclass(frozen=True)
class PacketInputs:
    """One case, ready to print.

    `answers` are the form's *visible* answers (hidden means absent). `legal_bases` are the ids
    the attorney chose among the analysis' suggestions; None means "the suggestions the letter
    can argue". `overrides` maps a block key (`cover_letter.representation`) to text an attorney
    wrote for this case; "" leaves that block out. `relief` are the possible-relief ids counsel
    chose to argue (none by default). `clinic` is the clinic profile: name,
    address (lines), phone, email, website, contact, hours, delivery_method. `documents` are
    the attached exhibits, in tab order.
    """

    form: Form
    answers: Mapping[str, Any]
    analysis: Analysis
    case_id: str
    interview_language: str = "es"
    clinic: Mapping[str, Any] = field(default_factory=dict)
    signer: Signer = field(default_factory=Signer)
    reviewed: bool = False
    reviewed_by: str = ""
    legal_bases: tuple[str, ...] | None = None
    overrides: Mapping[str, str] = field(default_factory=dict)
    pro_se: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    documents: tuple[ExhibitDocument, ...] = ()
    # Possible relief counsel chose to argue in the letter (ids of the analysis' relief).
    relief: tuple[str, ...] = ()
    # The other roads out of detention counsel is taking (packet/roads.py ids): the family's
    # sheet explains each and what it needs from them.
    roads: tuple[str, ...] = ()
    # How old an authority's verification may be before the counsel review asks for a check;
    # None: the rules file's `verify_after_days`.
    verify_after_days: int | None = None
