"""``renovex_records``: links the entities of a Doc into ``doc._.records``."""
from __future__ import annotations

import bisect

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ...core.dates import published_text
from ..extensions import entity_values, forget_entity_index, has_label
from ...engines.linking import LinkRules, Mention, link
from ...engines.linking.rules import pack_link_rules
from ...core.resources import DEFAULT_PACK
from .base import RuleComponent, doc_text, forget_text


# Each linked label and an attribute its value must have. spaCy keys span extensions by
# offsets, so two entities over the very same characters share one value: keep the one it fits.
LINKED_LABELS = {"PLACE": "level", "PERIOD": "type", "DATE": "type", "QUANTITY": "metric"}


load_link_rules = pack_link_rules  # (the name the component and tests have always used)


def sentence_offsets(doc: Doc, text_length: int) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences, read from arrays (``doc.sents``
    builds a Span per sentence and costs more than the linking of a short article)."""
    if not len(doc):
        return []
    array = doc.to_array([SENT_START, IDX])
    starts = array[:, 1][array[:, 0] == 1].tolist() or [0]
    starts[0] = 0
    ends = starts[1:] + [text_length]
    return list(zip(starts, ends))


class RecordLinker(RuleComponent):
    def compile(self) -> None:
        self.link_rules = LinkRules.from_dict(self.rules)

    def __call__(self, doc: Doc) -> Doc:
        if not has_label(doc, "QUANTITY"):
            # no figure, no record (most Docs of a feed that is not about the topic)
            doc._.records = []
            doc._.dropped = []
            forget_text(doc)
            forget_entity_index(doc)
            return doc
        text = doc_text(doc)
        sentences = sentence_offsets(doc, len(text))
        mentions: list[Mention] = []
        terms: dict[int, list[str]] = {}  # policy-term ids by sentence index
        starts = [start for start, _ in sentences]
        for start, end, label, value in entity_values(doc):
            if label == "POLICY_TERM":
                ids = terms.setdefault(bisect.bisect_right(starts, start) - 1, [])
                term_id = getattr(value, "id", None)
                if term_id and term_id not in ids:
                    ids.append(term_id)
            elif hasattr(value, LINKED_LABELS.get(label, "-")):
                mentions.append(Mention(start, end, label, value))
        dropped: list[dict] = []
        records = link(text, sentences, mentions, self.link_rules,
                       doc_id=doc._.article_id, term_ids_by_sentence=terms,
                       reference_year=doc._.reference_year or (doc._.published.year if doc._.published else None),
                       dropped=dropped)
        if doc._.published is not None:  # the date used, given or found in the furniture
            published = published_text(doc._.published)
            for record in records:
                record.published = published
        doc._.records = records
        doc._.dropped = dropped  # the quantities that are not records, with the reason (why not)
        forget_text(doc)
        forget_entity_index(doc)
        return doc


@Language.factory("renovex_records", default_config={"pack": DEFAULT_PACK})
def make_records(nlp: Language, name: str, pack: str) -> RecordLinker:
    return RecordLinker(nlp, name, load_link_rules(pack))
