"""``renovex_places``: PLACE entities (Chinese administrative units and national references).

One PhraseMatcher on lower-case tokens finds every gazetteer form and national phrase;
per-match Python (only at matches, never per token) applies the case policy, extends the
span over suffix words ("Liaoning province", "Xinjiang Uygur Autonomous Region"), reads
parent hints ("Chaoyang district of Beijing", "Beijing's Chaoyang district") and resolves
ambiguous names with ``renovex.engines.gazetteer.resolve``.

Case policy: provincial and prefecture-level names match in any case (headlines are
sometimes lower-case); a name that only county-level units carry matches only when
capitalised, and a county name that is also an English word (``match=suffix`` in the
table) only with its suffix ("Guide County").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..extensions import add_entities
from ...engines.gazetteer import (CHINA, LEVELS, Entry, Gazetteer, Place, default_rows, entry_from_row, entry_to_row, normalise,
                         resolve, within)
from ...core.resources import RuleFileError, data_file, pack_file, read_json, read_jsonl
from .base import RuleComponent

LABEL = "PLACE"
WORDS_FILE = "place_words.json"
PACK_PLACES = "places.jsonl"
EXTRA_KEYS = {"name", "level", "province", "aliases", "parent"}
_NATIONAL = "renovex_national"
_EXCLUDE = "renovex_national_exclude"


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    candidates: list[Place]
    levels: tuple[str, ...] | None = None
    rule: str = "gazetteer"
    hint: int | None = None  # index of the match that names the parent
    place: Place | None = None


def extra_entry(data: dict[str, Any], index: int, provinces: dict[str, str]) -> Entry:
    """An ``Entry`` for a place added by a pack or at run time (code ``X00001``...)."""
    unknown = set(data) - EXTRA_KEYS
    if unknown:
        raise ValueError(f"unknown place keys {sorted(unknown)}; allowed: {', '.join(sorted(EXTRA_KEYS))}")
    if not data.get("name") or data.get("level") not in LEVELS[1:]:
        raise ValueError(f"a place needs a name and a level in {LEVELS[1:]}: {data!r}")
    level = data["level"]
    province = data.get("province") or (data["name"] if level == "province" else None)
    parent = data.get("parent") or (provinces.get(province) if level != "province" and province else None)
    row = {"code": f"X{index:05d}", "name": data["name"], "level": level, "parent": parent or "",
           "province": province or "", "aliases": list(data.get("aliases") or ())}
    return entry_from_row(row)


class PlaceComponent(RuleComponent):
    """Finds PLACE spans; all data (gazetteer rows, word lists, extra places) is in ``self.rules``."""

    def compile(self) -> None:
        r = self.rules
        entries = [entry_from_row(row) for row in r["places"]]
        provinces = {e.place.name: e.place.code for e in entries if e.place.level == "province"}
        for index, extra in enumerate(r.get("extra_places", []), 1):
            entries.append(extra_entry(extra, index, provinces))
        self.gazetteer = Gazetteer(entries)
        self.suffixes = {tuple(k.split()): tuple(v) for k, v in r["suffixes"].items()}
        self.max_suffix = max((len(k) for k in self.suffixes), default=0)
        self.suffix_first = frozenset(k[0] for k in self.suffixes)
        self.level_words = {k: tuple(v) for k, v in r.get("level_words", {}).items()}
        self.ethnic = frozenset(w.lower() for w in r.get("ethnic_words", ()))
        self.links = frozenset(r.get("link_words", ()))
        self.possessives = frozenset(r.get("possessive_words", ()))
        self.blocked_next = frozenset(w.lower() for w in r.get("blocked_next", ()))
        self.surnames = frozenset(r.get("surnames", ()))
        self.directions = frozenset(w.lower() for w in r.get("direction_words", ()))

        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.keys: dict[int, list[tuple[Place, bool]]] = {}  # match id -> (place, needs a suffix)
        phrases: dict[str, list[str]] = {}
        for entry in entries:
            for form in entry.forms:
                key = "renovex_place:" + normalise(form)
                words = form.lower().split()
                # "He County" carries its suffix; a bare "Guide" must be followed by one.
                has_suffix = any(tuple(words[-n:]) in self.suffixes for n in range(1, min(len(words), self.max_suffix) + 1))
                needs = entry.suffix_only and not has_suffix
                bucket = self.keys.setdefault(self.nlp.vocab.strings.add(key), [])
                if all(p != entry.place for p, _ in bucket):
                    bucket.append((entry.place, needs))
                variants = phrases.setdefault(key, [])
                for text in (form, form.replace("'", "\u2019")):
                    if text not in variants:
                        variants.append(text)
        for key, texts in phrases.items():
            self.matcher.add(key, list(self.nlp.tokenizer.pipe(texts)))
        # per match id: does any of its places need the case policy, is any a province, and
        # its places when no filter applies to them
        self._bucket_summary = {}
        for key, bucket in self.keys.items():
            has_county = any(p.level == "county" for p, _ in bucket)
            plain = None if has_county or any(needs for _, needs in bucket) else tuple(p for p, _ in bucket)
            self._bucket_summary[key] = (has_county, any(p.level == "province" for p, _ in bucket), plain)
        self.matcher.add(_NATIONAL, list(self.nlp.tokenizer.pipe(r["national"])))
        self.matcher.add(_EXCLUDE, list(self.nlp.tokenizer.pipe(r["national_exclude"])))
        self._national_id = self.nlp.vocab.strings[_NATIONAL]
        self._exclude_id = self.nlp.vocab.strings[_EXCLUDE]
        self._label_id: int | None = None  # added to the strings on first use, as Span(label=...) would

        # The same word lists as string ids, compared with ``token.lower`` (an int): looking
        # up ``token.lower_`` costs a string-store read each time.
        def ids(words) -> frozenset[int]:
            return frozenset(self._id(w) for w in words)

        self._suffix_ids = {tuple(self._id(w) for w in k): v for k, v in self.suffixes.items()}
        self._suffix_first_ids = ids(self.suffix_first)
        self._level_word_ids = {self._id(k): v for k, v in self.level_words.items()}
        self._ethnic_ids = ids(self.ethnic)
        self._blocked_next_ids = ids(self.blocked_next)
        self._named_next_ids = ids(frozenset(w.lower() for w in r.get("names_thing_next", ())))
        self._named_after_ids = ids(frozenset(w.lower() for w in r.get("names_thing_after", ())))
        self._direction_ids = ids(self.directions)
        self._organisation_of_ids = ids(frozenset(w.lower() for w in r.get("organisation_before_of", ())))
        self._organisation_last_ids = ids(frozenset(w.lower() for w in r.get("organisation_last", ())))
        self._of_id = self._id("of")
        self._the_id = self._id("the")
        self._autonomous_id = self._id("autonomous")
        self._inline_space: dict[int, bool] = {}  # LOWER id -> a space token without a line break

    def _id(self, word: str) -> int:
        return self.nlp.vocab.strings[word]  # the id ``token.lower`` holds (the store is left as it is)

    def _is_inline_space(self, lower: int) -> bool:
        found = self._inline_space.get(lower)
        if found is None:
            text = self.nlp.vocab.strings[lower]  # a space token's lower form is its text
            found = self._inline_space[lower] = text.isspace() and "\n" not in text
        return found

    # -- run-time additions -------------------------------------------------------------
    def add_place(self, name: str, level: str, province: str | None = None,
                  aliases: Iterable[str] = (), parent: str | None = None) -> None:
        """Add a place to the rules (kept by ``to_disk``) and recompile."""
        extra = {"name": name, "level": level, "province": province, "aliases": list(aliases)}
        if parent:
            extra["parent"] = parent
        extra = {k: v for k, v in extra.items() if v not in (None, [])}
        extra_entry(extra, 1, {})  # validate before the rules change
        self.rules.setdefault("extra_places", []).append(extra)
        self.set_rules(self.rules)

    # -- matching ------------------------------------------------------------------------
    def _suffix(self, doc: Doc, end: int) -> tuple[int, tuple[str, ...] | None]:
        """Extend past "province", "city", "Uygur Autonomous Region" ...; (new end, levels)."""
        n = len(doc)
        i = end
        while i < n and self._is_inline_space(doc[i].lower):  # non-breaking spaces
            i += 1
        if i >= n:
            return end, None
        word = doc[i].lower
        if word not in self._suffix_first_ids and word not in self._ethnic_ids:  # the usual case: cheap exit
            return end, self._level_word_ids.get(word)
        j = i
        while j < n and doc[j].lower in self._ethnic_ids:
            j += 1
        starts = [i] if j == i or j >= n or doc[j].lower != self._autonomous_id else [j, i]
        for first in starts:
            window = [doc[k].lower for k in range(first, min(n, first + self.max_suffix))]
            for length in range(len(window), 0, -1):
                words = tuple(window[:length])
                levels = self._suffix_ids.get(words)
                if levels is not None and (first == i or words[0] == self._autonomous_id):
                    return first + length, levels
        levels = self._level_word_ids.get(word)
        return end, levels

    def _candidates(self, doc: Doc, start: int, end: int, match_id: int) -> _Match | None:
        new_end, levels = self._suffix(doc, end)
        has_suffix = new_end > end
        has_county, has_province, plain = self._bucket_summary[match_id]
        if plain is not None:  # no county, no suffix-only name: every place stays
            pool = list(plain)
        else:
            # (the token's text is read only when the case policy can matter)
            capitalised = has_county and doc[start].text[:1].isupper()
            pool = [p for p, needs in self.keys[match_id]
                    if (has_suffix or not needs) and (p.level != "county" or capitalised)]
        if not pool:
            return None
        if levels is None:
            levels = self._level_before_of(doc, start)
        if not has_suffix:
            # "Xi Jinping": a person, not the county.
            if (start > 0 and (not has_province or all(p.level != "province" for p in pool))
                    and doc[start - 1].text in self.surnames):
                return None
            if self._street(doc, end):
                return None
            if all(p.level == "county" for p in pool) and self._named_thing(doc, start, end):
                return None
        return _Match(start, new_end, pool, levels, "gazetteer+suffix" if has_suffix else "gazetteer")

    def _named_thing(self, doc: Doc, start: int, end: int) -> bool:
        """"the Zhanqian community", "Huimin project", "a community called Xinhe": a county's
        name that names a community or a project (RECORDS.md: not that place). Only for
        county-level names: "the Beijing community" may be the people of Beijing."""
        if end < len(doc) and doc[end].lower in self._named_next_ids:
            return True
        return start > 0 and doc[start - 1].lower in self._named_after_ids

    def _level_before_of(self, doc: Doc, start: int) -> tuple[str, ...] | None:
        """"the city of Jilin", "the prefecture of Hainan": the level word before "of" (after
        "the": in "Taishan district of Tai'an" the word is the district's, Tai'an is its parent)."""
        if start >= 3 and doc[start - 1].lower == self._of_id and doc[start - 3].lower == self._the_id:
            return self._suffix_ids.get((doc[start - 2].lower,))
        return None

    def _in_organisation(self, doc: Doc, start: int, end: int) -> bool:
        """"Renmin University of China", "China Railway Group": the country inside a name."""
        if start >= 2 and doc[start - 1].lower == self._of_id and doc[start - 2].lower in self._organisation_of_ids \
                and doc[start - 2].text[:1].isupper():
            return True
        i = end
        while i < min(len(doc), end + 4) and doc[i].text[:1].isupper():
            if doc[i].lower in self._organisation_last_ids:
                return True
            i += 1
        return False

    def _street(self, doc: Doc, end: int) -> bool:
        """"Nanjing Road", "Qingyang North Road", "Renhe Street": a name used for something else."""
        n = len(doc)
        if end < n:
            token = doc[end]
            if token.lower in self._direction_ids and token.text[:1].isupper():
                end += 1
                if end >= n:
                    return False
                token = doc[end]
            return token.lower in self._blocked_next_ids and token.text[:1].isupper()
        return False

    def __call__(self, doc: Doc) -> Doc:
        found: list[_Match] = []
        excluded: list[tuple[int, int]] = []
        for match_id, start, end in self.matcher(doc):
            if match_id == self._exclude_id:
                excluded.append((start, end))
            elif match_id == self._national_id:
                if not self._in_organisation(doc, start, end):
                    found.append(_Match(start, end, [CHINA], None, "national"))
            else:
                match = self._candidates(doc, start, end, match_id)
                if match is not None:
                    found.append(match)
        if excluded:
            found = [m for m in found if m.rule != "national"
                     or not any(s <= m.start and m.end <= e for s, e in excluded)]
        matches = _longest_first(found)
        if not matches:
            return doc
        self._link(doc, matches)
        known = self._article_provinces(matches)
        for m in matches:
            m.place = None
        label = self._label_id
        if label is None:  # Span looks a label string up each time: pass its id
            label = self._label_id = self.nlp.vocab.strings.add(LABEL)
        add_entities(doc, [(Span(doc, m.start, m.end, label=label), self._resolve(m, matches, known), m.rule)
                           for m in matches])
        return doc

    def _link(self, doc: Doc, matches: list["_Match"]) -> None:
        """"X district of Y", "X, Y province", "Y's X district": Y is X's parent hint."""
        for index in range(len(matches) - 1):
            a, b = matches[index], matches[index + 1]
            if b.rule == "national" or a.rule == "national" or b.start != a.end + 1:
                continue
            between = doc[a.end]
            if between.lower_ in self.links:
                a.hint = index + 1
            elif between.text in self.possessives:
                b.hint = index

    def _resolve(self, m: "_Match", matches: list["_Match"], known: frozenset[str], depth: int = 0) -> Place:
        if m.place is not None:
            return m.place
        if len(m.candidates) == 1:
            m.place = m.candidates[0]
            return m.place
        hint = None
        if m.hint is not None and depth < 4:
            hint = self._resolve(matches[m.hint], matches, known, depth + 1)
        place = resolve(m.candidates, parent_hint=hint, article_provinces=known, levels=m.levels)
        if hint is not None and len(m.candidates) > 1 and within(place, hint):
            m.rule = "x_of_y"
        m.place = place
        return place

    def _article_provinces(self, matches: list["_Match"]) -> frozenset[str]:
        """Provinces the article names without doubt: context for its ambiguous names."""
        provinces: set[str] = set()
        for m in matches:
            if m.rule == "national":
                continue
            if len(m.candidates) == 1:  # the usual case: one place, so one province
                place = m.place = m.candidates[0]
                if place.province:
                    provinces.add(place.province)
                continue
            place = self._resolve(m, matches, frozenset())
            pool = [p for p in m.candidates if m.levels is None or p.level in m.levels] or m.candidates
            if place.level == "province" or len({p.province for p in pool}) == 1 or m.rule == "x_of_y":
                if place.province:
                    provinces.add(place.province)
        return frozenset(provinces)


def _longest_first(found: list[_Match]) -> list[_Match]:
    """Drop overlaps, keeping the longest span (then the earliest), like spacy.util.filter_spans."""
    taken: set[int] = set()
    kept: list[_Match] = []
    # Of two matches of one span, a written form naming other places beats a name extended by a
    # suffix word: "Hotan County" is the county, not Hotan city + "County"; "Lanzhou New Area".
    written = {(m.start, m.end): m.candidates for m in found if m.rule == "gazetteer"}

    def rank(m: _Match) -> tuple[int, bool, int]:
        other = written.get((m.start, m.end)) if m.rule == "gazetteer+suffix" else None
        pool = [p for p in m.candidates if m.levels is None or p.level in m.levels] if other is not None else ()
        return m.end - m.start, other is None or set(other) == set(pool or m.candidates), -m.start

    for m in sorted(found, key=rank, reverse=True):
        if taken.isdisjoint(range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return sorted(kept, key=lambda m: m.start)


def default_rules(pack: str | None = "renovation") -> dict[str, Any]:
    """Gazetteer rows + word lists, plus the pack's optional ``places.tsv`` and ``places.jsonl``."""
    from ...rules import pack_place_rows  # validates the rows, errors name file and line

    words = read_json(data_file(WORDS_FILE))
    rules = {k: v for k, v in words.items() if not k.startswith("_")}
    rows = default_rows() + (pack_place_rows(pack) if pack else [])
    rules["places"] = [entry_to_row(entry_from_row(row)) for row in rows]
    rules["extra_places"] = pack_places(pack) if pack else []
    return rules


def pack_places(pack: str) -> list[dict[str, Any]]:
    """Extra places of a pack, one JSON object a line; [] when the pack has none."""
    try:
        path = pack_file(pack, PACK_PLACES)
    except FileNotFoundError:
        return []
    if not path.is_file():
        return []
    extras = []
    for number, data in read_jsonl(path):
        try:
            extra_entry(data, 1, {})
        except (ValueError, KeyError, TypeError) as error:
            raise RuleFileError(f"{path}:{number}: {error}") from None
        extras.append(data)
    return extras


@Language.factory("renovex_places", default_config={"pack": "renovation"},
                  assigns=["doc.spans"], requires=[])
def make_places(nlp: Language, name: str, pack: str) -> PlaceComponent:
    return PlaceComponent(nlp, name, default_rules(pack))
