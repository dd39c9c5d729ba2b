"""Evidence that a document and an interpretation belong together, strongest first: link,
doc_no, title (see matching.py), and the fuzzy title pairs tried on what is left over."""
from __future__ import annotations

import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from itertools import chain

from .records import RANK, Evidence, Record, Settings, days_between
from .text import (DocNumber, doc_numbers, fuzzy_forms, key, nfkc, parse_doc_number, quoted, same_number,
                   shown_title_forms, title_forms)

_QUOTE_SPLIT = re.compile(r"《[^《》]*》")


def labelled_link(text: str, settings: Settings) -> bool:
    """An anchor that names the relation (相关解读, 政策原文, 查看原文), not a title that happens to
    contain 解读: short, and holding one of the keywords."""
    short = key(text)
    return 0 < len(short) <= 8 and any(key(k) in short for k in settings.link_keywords)


def link_evidence(doc: Record, interp: Record, inbound: Counter, settings: Settings) -> tuple[list[Evidence], str]:
    """([link evidence] or [], which page links the other: both / document / interpretation / none)."""
    directions, named = [], []
    for source, target, direction in ((doc, interp, "document"), (interp, doc, "interpretation")):
        for link_target, text in source.links:
            if link_target != target.key:
                continue
            labelled = labelled_link(text, settings)
            if labelled or inbound[(target.key, direction)] <= settings.nav_link_max:
                directions.append(direction)
                named += [text] if labelled else []
                break
    if not directions:
        return [], "none"
    linked = "both" if len(directions) == 2 else directions[0]
    how = {"both": "文件与解读互相链接", "document": "文件页面链接到解读", "interpretation": "解读页面链接到文件"}[linked]
    shown = "、".join(f"“{a}”" for a in named)
    return [Evidence("link", f"{how}（{shown}）" if shown else how, 2.0 if named else 1.0)], linked


def _cited(interp: Record, wanted: set[str] | None = None) -> list[tuple[str, list[tuple[DocNumber, bool]]]]:
    """(where, [(文号 cited, whether it introduces a short name: 以下简称)]) for the
    interpretation's title and text, only numbers in `wanted` when given. The normalised text
    itself is not kept: a portal's interpretations hold megabytes of it."""
    cited = []
    for where, text in (("title", interp.title), ("text", interp.text)):
        normalised = nfkc(text)
        numbers = [n for n in doc_numbers(text) if wanted is None or n.number in wanted]
        cited.append((where, [(n, "以下简称" in normalised[n.pos + len(n.text):n.pos + len(n.text) + 12])
                              for n in numbers]))
    return cited


def _number_evidence(own, cited_in: list[tuple[str, list[tuple[DocNumber, bool]]]], unique: bool) -> Evidence | None:
    """The best citation of the document's number: in the title, then one introducing a short
    name (以下简称), then the earliest."""
    for where, numbers in cited_in:
        best = None
        for cited, names_it in numbers:
            if not same_number(own, cited, unique):
                continue
            score = 3.0 if where == "title" else (2.0 if names_it else 1.0)
            score -= min(cited.pos, 9999) / 10000
            if best is None or score > best.score:
                label = "标题" if where == "title" else "正文"
                shown = cited.text[max(0, len(cited.prefix) - max(len(own.prefix), 2)):]
                best = Evidence("doc_no", f"{label}引用文号“{shown}”", score)
        if best is not None:
            return best
    return None


def _title_index(interp: Record, settings: Settings) -> list[tuple[str, dict[str, str], list[str]]]:
    """(where, {form: as quoted} of the titles it quotes, its unquoted words as keys) for the
    interpretation's title and for its opening."""
    regions = []
    for where, text in (("title", interp.title), ("lead", interp.text[:settings.lead_chars])):
        text = nfkc(text)
        quoted_forms: dict[str, str] = {}
        for q in quoted(text):
            for form in shown_title_forms(q):
                quoted_forms.setdefault(form, q)
        bare = [key(part) for part in _QUOTE_SPLIT.split(text)]
        regions.append((where, quoted_forms, [b for b in bare if b]))
    return regions


def _title_evidence(forms: dict[str, str], regions) -> Evidence | None:
    for where, quoted_forms, bare in regions:
        label = "标题" if where == "title" else "开头"
        weight = 2.0 if where == "title" else 1.0
        for form, shown in forms.items():
            if form in quoted_forms:
                return Evidence("title", f"解读{label}引用文件标题《{quoted_forms[form]}》", weight + len(form) / 1000)
            if any(form in b for b in bare):
                return Evidence("title", f"解读{label}含文件标题“{shown}”", weight - 0.5 + len(form) / 1000)
    return None


class Edges:
    """The pairs with strong evidence (link, doc_no, title), strongest first.

    A portal's thousands of documents and interpretations can share title words widely (120,000
    title pairs on the scale bench's 100,000-page site), so a pair is held as one sort key, not
    with its evidence; `evidence(d, i)` works the evidence out again for the pairs the ledger
    takes."""

    def __init__(self, docs: dict[str, Record], interps: dict[str, Record], settings: Settings):
        self.docs, self.interps, self.settings = docs, interps, settings
        self.inbound: Counter = Counter()
        for source, direction in [(d, "document") for d in docs.values()] + [(i, "interpretation") for i in interps.values()]:
            others = interps if direction == "document" else docs
            for target in {t for t, _ in source.links if t in others}:
                self.inbound[(target, direction)] += 1
        numbers = {k: parse_doc_number(d.doc_no) for k, d in docs.items() if d.doc_no}
        self.numbers = {k: n for k, n in numbers.items() if n}
        self.same = Counter((n.year, n.number) for n in self.numbers.values())
        self.forms = {k: shown_title_forms(d.title, settings.min_title_chars) for k, d in docs.items()}
        self.regions = {k: _title_index(i, settings) for k, i in interps.items()}
        # Only numbers some document has can name one (same_number compares the number first).
        wanted = {n.number for n in self.numbers.values()}
        self.cited = {k: _cited(i, wanted) for k, i in interps.items()}

    def evidence(self, d_key: str, i_key: str) -> tuple[list[Evidence], str]:
        """(evidence strongest first, linked: which page links the other); no evidence: []."""
        evidence, linked = link_evidence(self.docs[d_key], self.interps[i_key], self.inbound, self.settings)
        own = self.numbers.get(d_key)
        number = _number_evidence(own, self.cited[i_key], self.same[(own.year, own.number)] == 1) if own else None
        title = _title_evidence(self.forms[d_key], self.regions[i_key])
        return evidence + [e for e in (number, title) if e], linked

    def ordered(self) -> Iterator[tuple[int, str, str, str]]:
        """(rank of the strongest kind, d, i, linked) per pair: strongest evidence first, then
        the closest dates, then the earliest interpretation (then d, then i). Each pass over it
        is a new iteration of the one sorted list."""
        doc_keys, interp_keys = sorted(self.docs), sorted(self.interps)
        doc_at = {k: n for n, k in enumerate(doc_keys)}
        interp_at = {k: n for n, k in enumerate(interp_keys)}
        keys = []
        for d_key, candidates in _candidates(self.docs, self.interps, self.numbers, self.forms, self.regions,
                                             self.cited):
            d_at = doc_at[d_key]
            for i_key in candidates:
                evidence, linked = self.evidence(d_key, i_key)
                if evidence:
                    interp = self.interps[i_key]
                    gap = days_between(self.docs[d_key].published, interp.published)
                    keys.append(_pack(RANK[evidence[0].kind], evidence[0].score, gap, interp.published, d_at,
                                      interp_at[i_key], linked))
        keys.sort()
        return _Ordered(keys, doc_keys, interp_keys)


# A pair's sort key packed in one integer, most significant first: rank (2 bits), score as
# 1/10,000ths inverted (20), days apart (21), the interpretation's date (22), the document's
# and the interpretation's place in key order (24 each), linked (2). About 48 bytes a pair, where
# a tuple of the same fields took 160. Scores are whole 1/10,000ths by construction (weights
# plus len/1000, or minus position/10,000), so the order is the tuples' order exactly.
_LINKED = ("both", "document", "interpretation", "none")
_NO_DATE = (1 << 22) - 1
_FIELDS = ((20, "score"), (21, "days"), (22, "date"), (24, "document"), (24, "interpretation"), (2, "linked"))
_RANK_SHIFT = sum(bits for bits, _ in _FIELDS)


def _pack(rank: int, score: float, gap: int | None, published: str | None, d_at: int, i_at: int, linked: str) -> int:
    inverse = (1 << 20) - 1 - min(max(round(score * 10000), 0), (1 << 20) - 1)
    days = min(abs(gap) if gap is not None else 10**6, (1 << 21) - 1)
    try:
        on = date.fromisoformat(published).toordinal() if published else _NO_DATE
    except ValueError:
        on = _NO_DATE - 1
    packed = rank
    for value, (bits, _) in zip((inverse, days, on, d_at, i_at, _LINKED.index(linked)), _FIELDS):
        packed = (packed << bits) | value
    return packed


class _Ordered:
    def __init__(self, keys: list[int], doc_keys: list[str], interp_keys: list[str]):
        self.keys, self.doc_keys, self.interp_keys = keys, doc_keys, interp_keys

    def __iter__(self) -> Iterator[tuple[int, str, str, str]]:
        mask24 = (1 << 24) - 1
        for packed in self.keys:
            linked = _LINKED[packed & 3]
            i_at, d_at = (packed >> 2) & mask24, (packed >> 26) & mask24
            yield packed >> _RANK_SHIFT, self.doc_keys[d_at], self.interp_keys[i_at], linked


def _candidates(docs, interps, numbers, forms, regions, cited) -> Iterator[tuple[str, set[str]]]:
    """For each document, the interpretations that may have strong evidence: a link either way,
    a shared number, a title form quoted by the interpretation or sharing its rarest bigram with
    the interpretation's words. A document at a time: on a portal with thousands of documents
    and of interpretations whose titles share words, all the candidate pairs at once would be
    millions."""
    linked_from: dict[str, set[str]] = defaultdict(set)  # document → interpretations linking it
    citing: dict[str, set[str]] = defaultdict(set)  # number → interpretations citing it
    quoted_by: dict[str, set[str]] = defaultdict(set)
    spread: Counter = Counter()  # bigram → how many interpretations' words hold it
    for i_key, interp in interps.items():
        for target, _ in interp.links:
            if target in docs:
                linked_from[target].add(i_key)
        for _, numbers_cited in cited[i_key]:
            for number, _ in numbers_cited:
                citing[number.number].add(i_key)
        for _, quoted_forms, _ in regions[i_key]:
            for form in quoted_forms:
                quoted_by[form].add(i_key)
        spread.update(_interp_grams(regions[i_key]))
    # Each title form is looked up by its rarest bigram only: the interpretations holding each
    # bigram are gathered for those bigrams, not for common ones (工作, 政府) that every
    # interpretation of a portal holds.
    rarest = {}
    for d_key, doc_forms in forms.items():
        for form in doc_forms:
            grams = _bigrams(form)
            if grams:
                rarest[(d_key, form)] = min(grams, key=lambda g: spread.get(g, 0))
    wanted = set(rarest.values())
    posting: dict[str, set[str]] = defaultdict(set)
    for i_key in interps:
        for gram in _interp_grams(regions[i_key]) & wanted:
            posting[gram].add(i_key)
    none: set[str] = set()
    for d_key in sorted(docs):
        found = {target for target, _ in docs[d_key].links if target in interps}
        found |= linked_from.get(d_key, none)
        if d_key in numbers:
            found |= citing.get(numbers[d_key].number, none)
        for form in forms[d_key]:
            found |= quoted_by.get(form, none)
            if (d_key, form) in rarest:
                found |= posting.get(rarest[(d_key, form)], none)
        yield d_key, found


def _interp_grams(regions) -> set[str]:
    return {g for _, _, bare in regions for words in bare for g in _bigrams(words)}


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def fuzzy_pairs(docs, interps, by_doc, owner, settings: Settings):
    """Fuzzy pairs among documents and interpretations left over, best first, one each.

    Similarity is the weighted Jaccard of the two titles' character bigrams, each bigram weighted
    by its rarity among the site's titles: shared rare bigrams count, shared boilerplate
    (中华人民共和国…管理办法 on a customs site) hardly does. Only the documents' bigrams are kept,
    as tuples of one shared string per distinct bigram: a portal has thousands of documents, and
    a set of fresh two-character strings per title form cost about 2 KB each."""
    threshold = settings.fuzzy_threshold
    frequency: Counter = Counter()
    titles = 0
    for forms in chain((title_forms(d.title) for d in docs.values()), (fuzzy_forms(i.title) for i in interps.values())):
        if forms:
            titles += 1
            frequency.update(_bigrams(forms[0]))
    rarest = math.log(titles + 1) + 1    # a bigram in no first title form
    weight = defaultdict(lambda: rarest, {g: math.log((titles + 1) / (n + 1)) + 1 for g, n in frequency.items()})
    shared_strings: dict[str, str] = {}
    doc_forms: list[tuple[str, tuple[str, ...], float]] = []  # (document, its form's bigrams, their weight)
    posting: dict[str, array] = defaultdict(lambda: array("i"))  # bigram → indexes in doc_forms
    for d_key, doc in docs.items():
        if d_key in by_doc:
            continue
        for form in title_forms(doc.title, settings.min_title_chars):
            grams = tuple(shared_strings.setdefault(g, g) for g in _bigrams(form))
            for gram in grams:
                posting[gram].append(len(doc_forms))
            doc_forms.append((d_key, grams, math.fsum(weight[g] for g in grams)))
    if not doc_forms:
        return
    scored = []
    for i_key, interp in interps.items():
        if i_key in owner:
            continue
        best: dict[str, float] = {}
        for form in fuzzy_forms(interp.title):
            if len(form) < settings.min_title_chars:
                continue
            a = _bigrams(form)
            wa = math.fsum(weight[g] for g in a)
            for index in _fuzzy_candidates(a, wa, weight, posting, threshold):
                d_key, b, wb = doc_forms[index]
                shared = math.fsum(weight[g] for g in b if g in a)
                best[d_key] = max(best.get(d_key, 0.0), shared / (wa + wb - shared))
        for d_key, score in best.items():
            gap = days_between(docs[d_key].published, interp.published)
            if score >= threshold and (gap is None or gap >= -settings.fuzzy_max_days_before):
                scored.append((-score, d_key, i_key))
    scored.sort()  # best first, in place: a key function would build a second tuple per pair
    used_d, used_i = set(), set()
    for negative, d, i in scored:
        score = -negative
        if d not in used_d and i not in used_i:
            used_d.add(d)
            used_i.add(i)
            yield d, i, Evidence("fuzzy", f"标题相似度 {score:.2f}", score)


def _fuzzy_candidates(grams: set[str], total: float, weight, posting, threshold: float) -> set:
    """Document forms that can reach the threshold: they must share one of the rarest bigrams
    making up more than (1 - threshold) of this title's weight (prefix filtering)."""
    found: set = set()
    covered = 0.0
    for gram in sorted(grams, key=lambda g: -weight[g]):
        found.update(posting.get(gram, ()))
        covered += weight[gram]
        if covered > (1 - threshold) * total:
            break
    return found
