"""Packets: the clinic profile, counsel's review and choices, and every document built in memory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import TYPE_CHECKING, Any, BinaryIO

from intake_app.domain import permissions
from intake_app.domain.errors import NotPermitted, PointsOpen

CLINIC_PROFILE_KEY = "clinic.profile"

if TYPE_CHECKING:
    from intake_app.packet import PacketInputs
    from intake_app.session.core import Session


class Packets:
    """The session's packets (`session.packets`): what counsel chooses, and every output."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # --- packet: clinic profile, review, legal bases, edited paragraphs, PDFs ---------------
    # Per-case packet state lives in typed tables that go with the case (store/schema.py, 4):
    # {"review": {...}, "legal_bases": [...], "relief": [...], "roads": [...],
    # "overrides": {block key: text}, "pro_se": bool}.

    def clinic_profile(self) -> dict[str, Any]:
        """Letterhead and contact details printed on packets (name, address, phone, email…)."""
        return dict(self._session.get_setting(CLINIC_PROFILE_KEY, {}) or {})

    def set_clinic_profile(self, profile: dict[str, Any]) -> None:
        self._session.set_setting(CLINIC_PROFILE_KEY, dict(profile))

    def _packet_state(self, case_id: str) -> dict[str, Any]:
        self._session.cases.get(case_id)  # raises for an unknown case
        return self._session.vault().packet_state(case_id)

    def _save_packet_state(self, case_id: str, state: dict[str, Any]) -> None:
        self._session.vault().save_packet_state(case_id, state)

    def _require_counsel(self, action: str) -> None:
        """Reviewing and signing off is counsel's (domain/permissions.py: review_packet)."""
        self._session.require(permissions.REVIEW_PACKET)

    def paragraphs_with_points(self, case_id: str, *, today: dt.date | None = None) -> list[str]:
        """Keys of the letter's paragraphs counsel must still write before marking it reviewed."""
        from intake_app.packet import paragraphs_with_points

        return paragraphs_with_points(self.inputs(case_id, reviewed=True, today=today))

    def mark_reviewed(self, case_id: str, *, today: dt.date | None = None) -> None:
        """An attorney (or admin) vouches for the packet as it stands now; drafts lose the mark
        as soon as an answer, a chosen legal basis or an edited paragraph changes. A letter
        that still carries points for counsel cannot be marked reviewed (PointsOpen)."""
        from intake_app.packet import open_points

        self._require_counsel("mark_reviewed")
        if open_points(self.inputs(case_id, reviewed=True, today=today)):
            raise PointsOpen()
        state = self._packet_state(case_id)
        state["review"] = {
            "by": self._session.person.display_name,
            "person_id": self._session.person.id,
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "fingerprint": self._fingerprint(case_id, state),
        }
        self._save_packet_state(case_id, state)
        self._session.vault().audit("packet_reviewed", case_id)
        # Counsel's sign-off moves a case still in intake or review to "ready" (never back
        # from submitted or decided): the case list then says what happened.
        if self._session.cases.get(case_id).status in ("intake", "attorney_review"):
            self._session.cases.set_status(case_id, "ready")

    def clear_review(self, case_id: str) -> None:
        self._require_counsel("clear_review")
        state = self._packet_state(case_id)
        state.pop("review", None)
        self._save_packet_state(case_id, state)

    def review_state(self, case_id: str) -> dict[str, Any] | None:
        """Who marked the case reviewed and when, or None (also when the case changed since)."""
        state = self._packet_state(case_id)
        review = state.get("review")
        if not review or review.get("fingerprint") != self._fingerprint(case_id, state):
            return None
        return dict(review)

    def _fingerprint(self, case_id: str, state: dict[str, Any]) -> str:
        import hashlib
        import json

        material = {
            "answers": self._session.cases.visible_answers(case_id),
            "legal_bases": state.get("legal_bases"),
            "relief": state.get("relief", []),
            "overrides": state.get("overrides", {}),
            "pro_se": state.get("pro_se", False),
        }
        blob = json.dumps(material, sort_keys=True, ensure_ascii=False, default=str)
        base = hashlib.sha256(blob.encode("utf-8")).hexdigest()
        # Counsel's review also covers the documents: attaching or changing one voids it.
        docs = self._session.vault().documents(case_id)
        if not docs:
            return base
        # Everything of each document but the case number, which differs between the laptops
        # of a clinic network: a review made on one holds on another.
        material_docs = repr([(d.id, *dataclasses.astuple(d)[2:]) for d in docs]).encode("utf-8")
        return hashlib.sha256(base.encode() + material_docs).hexdigest()

    def choose_legal_bases(self, case_id: str, basis_ids: list[str] | None) -> None:
        """The bases counsel argues (ids from the analysis); None goes back to the default."""
        self._require_counsel("choose_legal_bases")
        state = self._packet_state(case_id)
        if basis_ids is None:
            state.pop("legal_bases", None)
        else:
            state["legal_bases"] = list(basis_ids)
        self._save_packet_state(case_id, state)

    def choose_relief(self, case_id: str, relief_ids: list[str]) -> None:
        """The possible relief counsel argues in the letter (ids from the analysis)."""
        self._require_counsel("choose_relief")
        state = self._packet_state(case_id)
        state["relief"] = list(relief_ids)
        self._save_packet_state(case_id, state)

    def choose_roads(self, case_id: str, road_ids: list[str]) -> None:
        """The other roads out of detention counsel is taking for this case (the family's sheet
        explains them); ids from `roads()`."""
        self._require_counsel("choose_roads")
        state = self._packet_state(case_id)
        state["roads"] = list(road_ids)
        self._save_packet_state(case_id, state)

    def set_pro_se(self, case_id: str, pro_se: bool) -> None:
        self._require_counsel("set_pro_se")
        state = self._packet_state(case_id)
        state["pro_se"] = bool(pro_se)
        self._save_packet_state(case_id, state)

    def paragraph_overrides(self, case_id: str) -> dict[str, str]:
        return dict(self._packet_state(case_id).get("overrides", {}))

    def set_paragraph_override(self, case_id: str, block_id: str, text: str) -> None:
        """Counsel's own text for one paragraph of this case ("" leaves the paragraph out)."""
        self._require_counsel("set_paragraph_override")
        state = self._packet_state(case_id)
        state.setdefault("overrides", {})[block_id] = text
        self._save_packet_state(case_id, state)

    def reset_paragraph_override(self, case_id: str, block_id: str) -> None:
        """Back to the generated text for that paragraph."""
        self._require_counsel("reset_paragraph_override")
        state = self._packet_state(case_id)
        state.get("overrides", {}).pop(block_id, None)
        self._save_packet_state(case_id, state)

    def inputs(
        self,
        case_id: str,
        *,
        legal_bases: list[str] | None = None,
        reviewed: bool | None = None,
        today: dt.date | None = None,
        in_memory: bool = False,
    ) -> PacketInputs:
        """Everything the packet of one case is built from, as frozen plain data, with the
        attached documents. Their readers fetch from the vault as the packet is written;
        `in_memory=True` copies them first, for a build that runs off the thread holding the
        vault (the app's preview)."""
        from intake_app.packet import PacketInputs, Signer

        row = self._session.cases.get(case_id)
        answers = self._session.cases.visible_answers(case_id)
        state = self._packet_state(case_id)
        review = self.review_state(case_id)
        chosen = legal_bases if legal_bases is not None else state.get("legal_bases")
        return PacketInputs(
            form=self._session.form(row.form_id),
            answers=answers,
            analysis=self._session.cases.analysis(case_id, today=today),
            case_id=case_id,
            interview_language=row.interview_language,
            clinic=self.clinic_profile(),
            signer=Signer(
                name=str(answers.get("attorney_name") or ""),
                role=str(answers.get("attorney_role") or "attorney"),
            ),
            reviewed=bool(review) if reviewed is None else reviewed,
            reviewed_by=str((review or {}).get("by", "")),
            legal_bases=tuple(chosen) if chosen is not None else None,
            overrides=dict(state.get("overrides", {})),
            pro_se=bool(state.get("pro_se", False)),
            today=today or dt.date.today(),
            relief=tuple(state.get("relief", ())),
            roads=tuple(state.get("roads", ())),
            documents=self._exhibit_documents(case_id, in_memory),
        )

    def _exhibit_documents(self, case_id: str, in_memory: bool) -> tuple:
        from intake_app.packet import ExhibitDocument

        documents = self._session.documents
        found = []
        for record in documents.list(case_id):
            if in_memory:
                opener = _memory_opener(documents.read(record.id))
            else:
                opener = _vault_opener(self._session.vault(), record.id)
            found.append(
                ExhibitDocument(
                    id=record.id,
                    category=record.category,
                    kind=record.kind,
                    media_type=record.media_type,
                    pages=record.pages,
                    title=record.title,
                    open=opener,
                    language=record.language,
                    evidence_id=record.evidence_id,
                    supports=record.supports,
                    translation=record.translation,
                )
            )
        return tuple(found)

    def build(self, case_id: str, **kw: Any) -> bytes:
        """The request packet as PDF bytes (in memory; the caller decides where they go).
        Only counsel may take the packet out of the app; the preview builds from
        `packet_inputs` without this step."""
        from intake_app.packet import build_packet

        self._session.require(permissions.EXPORT_PACKET)
        pdf = build_packet(self.inputs(case_id, **kw))
        self._session.vault().audit("packet_built", case_id)
        return pdf

    def write(self, case_id: str, out: BinaryIO, **kw: Any) -> int:
        """Write the packet straight to a stream (a file): exhibits are read from the vault
        page by page, so memory stays flat however much the exhibits weigh."""
        from intake_app.packet import write_packet

        self._session.require(permissions.EXPORT_PACKET)
        written = write_packet(self.inputs(case_id, **kw), out)
        self._session.vault().audit("packet_built", case_id)
        return written

    def require_output(self, case_id: str, output: str) -> None:
        """Raise NotPermitted unless the signed-in person may take this output out of the app
        (export or print): the packet and counsel's review are counsel's; the physician
        letters carry counsel's name, so a volunteer may take them only after counsel's review;
        the family's sheet is anyone's."""
        if output in ("packet", "review"):
            action = permissions.EXPORT_PACKET if output == "packet" else permissions.REVIEW_PACKET
            self._session.require(action)
        elif output == "physician_letters":
            if not self._session.can(permissions.EXPORT_PACKET) and not self.review_state(case_id):
                raise NotPermitted(permissions.EXPORT_PACKET)
        elif output == "take_home":
            self._session.require(permissions.INTERVIEW)
        else:
            raise ValueError(f"unknown output {output!r}")

    def build_counsel_review(self, case_id: str, **kw: Any) -> bytes:
        """Counsel's privileged review of the case (its own PDF, never part of the filing)."""
        from intake_app.packet import build_counsel_review

        self.require_output(case_id, "review")
        pdf = build_counsel_review(self.inputs(case_id, **kw))
        self._session.vault().audit("counsel_review_built", case_id)
        return pdf

    def build_physician_letters(self, case_id: str, **kw: Any) -> bytes | None:
        """The clinic's letters to the sick children's physicians, or None when there are none.
        They carry counsel's name: a volunteer may take them out only once counsel reviewed
        the case."""
        from intake_app.packet import build_physician_letters

        self.require_output(case_id, "physician_letters")
        pdf = build_physician_letters(self.inputs(case_id, **kw))
        if pdf is not None:
            self._session.vault().audit("physician_letters_built", case_id)
        return pdf

    def build_docx(self, case_id: str, output: str, **kw: Any) -> bytes | None:
        """One output ("packet", "review", "physician_letters", "take_home") as a Word draft
        counsel edits, in memory; None when the case has no such document (no sick child).
        Editable drafts leave the app only with counsel, whatever the output."""
        from intake_app import packet

        self._session.require(permissions.EXPORT_PACKET)
        self.require_output(case_id, output)
        builders = {
            "packet": packet.build_packet_docx,
            "review": packet.build_counsel_review_docx,
            "physician_letters": packet.build_physician_letters_docx,
            "take_home": packet.build_take_home_docx,
        }
        data = builders[output](self.inputs(case_id, **kw))
        if data is not None:
            self._session.vault().audit("docx_built", case_id, detail=output)
        return data

    def roads(self, case_id: str, **kw: Any) -> list:
        """The other roads out of detention for this case (packet/roads.py): which fit its
        custody posture, what each draft still lacks, and why the others do not fit."""
        from intake_app.packet.roads import roads

        return roads(self.inputs(case_id, **kw))

    def build_road(self, case_id: str, road_id: str, fmt: str = "pdf", **kw: Any) -> bytes:
        """One road's document (a bond motion, a medical-care request…) as PDF or DOCX bytes.
        Each is filed or sent under counsel's name: counsel's alone, like the packet.
        Raises RoadClosed when the road does not fit the case's custody posture."""
        from intake_app.packet.roads import build_road, build_road_docx

        self._session.require(permissions.EXPORT_PACKET)
        if fmt not in ("pdf", "docx"):
            raise ValueError(f"unknown format {fmt!r}")
        builder = build_road_docx if fmt == "docx" else build_road
        data = builder(self.inputs(case_id, **kw), road_id)
        self._session.vault().audit("road_built", case_id, detail=road_id)
        return data

    def build_take_home(self, case_id: str, **kw: Any) -> bytes:
        """The family's take-home sheet, in the case's interview language, as PDF bytes."""
        from intake_app.packet import build_take_home

        pdf = build_take_home(self.inputs(case_id, **kw))
        self._session.vault().audit("take_home_built", case_id)
        return pdf


def _memory_opener(data: bytes):
    return lambda: io.BytesIO(data)


def _vault_opener(vault, doc_id: str):
    return lambda: vault.open_document(doc_id)
