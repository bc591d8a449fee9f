"""The reference extractor as a spaCy pipeline component (the review page renders its spans).

One code path: the component splits the spaCy text into paragraphs, runs
`extract_references` on them exactly as the CLI does, and turns every mention into a
span of `doc.spans["references"]` with `doc.char_span(..., alignment_mode="expand")`
(the blank Vietnamese tokenizer without pyvi splits on white space only, so
"282/KH-UBND," is one token). spaCy is imported here and nowhere else: the plain CLI
does not pay its start-up time.

    >>> nlp = build_pipeline(agency="Sở Công Thương")
    >>> doc = nlp("Thực hiện Kế hoạch số 282/KH-UBND ngày 29/12/2022 của UBND tỉnh.")
    >>> [(s.text, s.label_, s._.reference["id"]) for s in doc.spans["references"]]
    [('Kế hoạch số 282/KH-UBND ngày 29/12/2022', 'REF', '282/KH-UBND')]
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .document import Block, Document, RawDocument
from .models import Report
from .references import extract_references

FACTORY = "cchc_references"
LABELS = {"full": "REF", "short": "REF_SHORT", "anaphora": "REF_BACK", "name": "REF_NAME"}

if not Span.has_extension("reference"):
    Span.set_extension("reference", default=None)  # the Reference, as a JSON-ready dict
if not Doc.has_extension("cited_documents"):
    Doc.set_extension("cited_documents", default=None)
if not Doc.has_extension("reference_findings"):
    Doc.set_extension("reference_findings", default=None)


class ReferenceComponent:
    """Adds `doc.spans[spans_key]`, `doc._.cited_documents` and `doc._.reference_findings`."""

    def __init__(self, spans_key: str = "references", agency: str | None = None) -> None:
        self.spans_key = spans_key
        self.agency = agency

    def __call__(self, doc: Doc) -> Doc:
        report = doc.user_data.get("cchc_report") or Report(agency=self.agency)
        document, starts = paragraphs(doc.text)
        references, documents, findings = extract_references(document, report)
        spans = []
        for ref in references:
            span = doc.char_span(starts[ref.block] + ref.start, starts[ref.block] + ref.end,
                                 label=LABELS[ref.resolution], alignment_mode="expand")
            if span is not None:
                span._.reference = ref.model_dump(mode="json")
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.cited_documents = [d.model_dump(mode="json") for d in documents]
        doc._.reference_findings = [f.model_dump(mode="json") for f in findings]
        return doc


@Language.factory(FACTORY, default_config={"spans_key": "references", "agency": None})
def make_reference_component(nlp: Language, name: str, spans_key: str, agency: str | None) -> ReferenceComponent:
    return ReferenceComponent(spans_key, agency)


def paragraphs(text: str) -> tuple[Document, list[int]]:
    """The text as one paragraph block per line, and the offset of each block in the text.

    The text should be NFC (as the readers give it): offsets are kept, not remapped.
    """
    blocks, starts, pos = [], [], 0
    for i, line in enumerate(text.split("\n")):
        blocks.append(Block(index=i, kind="paragraph", text=line))
        starts.append(pos)
        pos += len(line) + 1
    return Document(RawDocument(format="txt", blocks=blocks)), starts


def build_pipeline(agency: str | None = None, spans_key: str = "references") -> Language:
    """A blank Vietnamese pipeline (no pyvi) with the reference component."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe(FACTORY, config={"spans_key": spans_key, "agency": agency})
    return nlp
