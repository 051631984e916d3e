"""An exhibit tab's attached documents in the story: placeholder pages and certificates."""

from __future__ import annotations

from reportlab.platypus import Flowable

from intake_app.packet import papers
from intake_app.packet.content import Block, Break, PdfOnly
from intake_app.packet.context import Env
from intake_app.packet.layout import PAGE_HEIGHT
from intake_app.packet.merge import Placement
from intake_app.packet.plan import PlannedExhibit

# The body frame's height inside its padding: a placeholder fills a page, alone.
_FULL = PAGE_HEIGHT - 2 * 72 - 12 - 0.5


class DocumentPage(Flowable):
    """Stands for one page of an attached document: fills a page, records where it landed."""

    def __init__(self, placement: Placement, stamp: str) -> None:
        super().__init__()
        self.placement = placement
        self.stamp = stamp

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Claiming a full page means it never shares one: after text it moves to the next page.
        self.width = avail_width
        self.height = avail_height if avail_height >= _FULL else _FULL
        return self.width, self.height

    def draw(self) -> None:
        doc = self.canv._doctemplate
        page = self.canv.getPageNumber()
        doc.placements[page] = self.placement
        doc.stamps[page] = self.stamp


class Numbering:
    """Gives each attached document its index in the list the binder opens them from."""

    def __init__(self) -> None:
        self.sources: list = []

    def add(self, doc) -> int:
        self.sources.append(doc)
        return len(self.sources) - 1


def documents_story(
    exhibits_env: Env,
    certificate_env: Env,
    ex: PlannedExhibit,
    numbering: Numbering,
    mark,
) -> list[Block]:
    """Each document's pages in order, each translated one followed by its certificate."""
    out: list[Block] = []
    for n, doc in enumerate(ex.documents):
        index = numbering.add(doc)
        out += [Break(), mark(f"{ex.ref(n)} {doc.title}".strip(), 2)]
        pages: list[Flowable] = []
        for page in range(doc.pages):
            stamp = papers.document_stamp(exhibits_env, ex, n, page + 1)
            pages.append(DocumentPage(Placement(index, page), stamp))
        out.append(PdfOnly(tuple(pages)))
        # A certificate attests a translation: only where one exists, never for a document
        # still waiting for it or one that needs none.
        if doc.language != "en" and doc.translation == "attached":
            scoped = papers.document_scope(certificate_env, ex, n)
            out += [Break(), *papers.certificate(scoped)]
    return out
