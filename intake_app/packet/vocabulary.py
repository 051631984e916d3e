"""Names the paragraph files may use beyond the form: derived values, packet flags and slots."""

from __future__ import annotations

# `{name}` placeholders computed from the case rather than read from one answer.
DERIVED = frozenset(
    {
        # The detained person, in the document's voice (first person in pro se mode).
        "client",  # "Mr. Villalobos Cárdenas", "Ernesto", or "I"
        "client_full",  # "Ernesto Villalobos Cárdenas"
        "client_last_first",  # "VILLALOBOS CÁRDENAS, Ernesto"
        "he",  # he / she / the name / I
        "he_cap",
        "him",  # him / her / the name / me
        "his",  # his / her / the name's / my
        "his_cap",
        "has",  # has / have
        "is",  # is / am
        "parent_word",  # father / mother / parent
        # The case and the people around it.
        "case_id",
        "today",
        "declarant",
        "sponsor_relation",
        "interview_language_name",
        "declarant_language",  # "Spanish", "Mam": the language the declarant speaks best
        "posture_title",  # the custody posture the analysis found
        "declaration_extras",  # exhibits.yaml's declaration_read_back_note, when it applies
        "translator_name",
        "translator_languages",
        "office_name",
        "office_address",
        # The detention facility, from resources/detention_facilities.yaml (for habeas).
        "facility_district",  # "Southern District of Indiana"
        "facility_circuit",  # "Seventh Circuit"
        "facility_custodian",  # a title: "Warden, Stewart Detention Center"
        "facility_city",
        "officer",
        "delivery_method",
        # The clinic (its profile) and the signer.
        "clinic_name",
        "clinic_address",
        "clinic_phone",
        "clinic_email",
        "clinic_website",
        "clinic_contact",
        "clinic_hours",
        "signer_name",
        "signer_title",
        "reviewed_by",
        "exhibit_range",  # "A–N": the packet's first and last tab
        # One attached document (index lines, page stamps, its certificate of translation).
        "document_ref",  # "C-2": tab letter and place in the tab
        "document_title",
        "document_language",  # "Spanish"
        "document_pages",
        "document_page",
    }
)

# `{rule: flag}` conditions about the packet itself, beside the analysis' own rule ids.
FLAGS = frozenset(
    {
        "pro_se",  # the detained person signs, in the first person
        "represented",  # an attorney or accredited representative signs
        "accredited_representative",
        "interpreted",  # the interview was not in English (or went through an interpreter)
        "reviewed",  # an attorney or accredited representative marked the case reviewed
        "draft",
        "office_in_directory",
        "office_needs_verification",
        "facility_in_directory",
        "facility_needs_verification",
        "has_signer",
        "has_clinic_profile",
        "edited",  # some paragraph of this case was edited by hand
        "family_documents_missing",  # the family still has documents to bring
        "declaration_read_back",  # the declarant reads another language: interpreter's read-back
    }
)

# Blocks whose items Python supplies (lists that come from the analysis, not from sentences).
SLOTS = frozenset(
    {
        "family_documents_missing",
        "legal_bases",
        "findings",
        "red_flags",
        "missing_evidence",
        "edited_paragraphs",
        "posture",  # the custody posture, with the facts that led to it
        "relief",  # possible relief, chosen or not
        "authorities_to_verify",  # cited authorities to check before signing
        "open_points",  # what the draft leaves for counsel to write or choose
        "letter_lint",  # what the letter lint found in the filing's text
    }
)

# Prefix of placeholders that print an exhibit's tab letter: `{ex_g28}` → "A".
EXHIBIT_PREFIX = "ex_"
# `{rule: enclosed_<exhibit>}`: that exhibit's documents are in the packet (attached, in hand,
# or drafted by Amparo), so a sentence may say they are enclosed.
ENCLOSED_PREFIX = "enclosed_"
# `{rule: taking_<road>}`: counsel is taking that road for this case (bond_motion, …).
TAKING_PREFIX = "taking_"
# `{rule: counsel_wrote_<block>}`: counsel wrote that paragraph of the same file for this case,
# so a claim that needed counsel's answer (a missed hearing, a charge) may now be made.
WRITTEN_PREFIX = "counsel_wrote_"
