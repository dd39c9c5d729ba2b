"""A statistical typo detector for wrong characters that no list holds (text.typo, needs review).

Noisy channel over a unigram word model: jieba's dictionary (349,000 words with corpus
frequencies, shipped in the jieba package) scores a stretch of text by its best segmentation,
as jieba itself does. At each character, the replacements considered are the characters an
editor could have meant — the same pinyin (pypinyin) or a look-alike shape
(rules/text/lookalike.txt) — that complete a dictionary word with the neighbours. A replacement
is proposed when the text with it scores better than the text as written by more than a margin
(`threshold`, natural-log units). The margin is the operating point: bench/text_bench.py prints
precision and recall for a range of margins.

Why this model: it runs on the CPU with data from packages (no model download), its decisions
are explainable (this word is far more frequent than what is written), and its cost is a few
dictionary look-ups per character.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .leaders import common_chars, lookalike_chars, same_pinyin_chars
from .site_text import TextHit

RULE = "text.typo"
SEVERITY = "error"
DETECTOR = "statistical"
DEFAULT_THRESHOLD = 10.5
MIN_WORD_FREQ = 20  # a correction must be a word seen at least this often in jieba's corpus
# A character inside a common dictionary word as segmented is taken as meant: on the 公文 test set
# no correction with a gain of 6 or more fell inside a word this frequent (bench/text_bench.py).
SOLID_WORD_FREQ = 1000
EXTRA_WORD_FREQ = 2000  # the words of rules/text/statistical_words.txt count as this common
_NAME_LIKE = 3  # an unknown word of three or more characters found by jieba's HMM is a name (黄大宪, 吕底亚)
_MAX_WORD = 4
_CONTEXT = 6
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# Function characters: a slip between them (的/地/得, 以/已) is grammar, and as a proposed
# correction they mostly complete a word across a word boundary (党的十八届 → 第十八).
_FUNCTION_CHARS = frozenset("的地得了着过是在和与及或以已于为其之而等对将把被从向由一不也都就又还")
# Names of places: one to three characters before 镇/村/乡… are a name, not a word (修溪镇, 姜曹村).
_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{1,3}(?=(?:镇|村|乡|县|屯|庄|寨|街道|社区|嘎查|苏木|组|高速|铁路|高铁|大道|大街|机场)"
                         r"(?![\u4e00-\u9fff]{0,1}(?:长|委)))")
# Names of firms: the characters before 数码/科技/集团… (帛士数码), and every item of a list closed
# by 等企业 (九圣禾种业、新业能化等企业).
_FIRM_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}(?=数码|科技|电子|集团|公司|股份|实业|控股|置业|药业|电器|电气|物流|传媒|纺织|"
                        r"新材|能源|化工|生物|智能|医药|食品|医院|护理院|学校|学院|大学|中学|小学|银行|酒店|宾馆|商场|超市)")
_FIRM_LIST = re.compile(r"(?:[^、，。；：\s]{2,15}、)+[^、，。；：\s]{2,15}等(?:企业|公司|单位|机构|品牌|集团|厂家|商家)")
# A short term in quotation marks is a slogan or an abbreviation (“放管服”, “访惠聚”); a 《》 title
# is a name (《冬夜读书示子聿》), checked by whoever wrote the work.
_SHORT_QUOTE = re.compile(r"[“\"'‘「『][^“”\"'‘’「」『』\n]{1,8}[”\"'’」』]|《[^《》\n]{1,30}》")
# Channel costs (natural log): how much less likely a slip is than writing the word as meant.
_COST_SAME_SOUND = 1.0
_COST_LOOKALIKE = 2.0


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int  # the wrong character: end = start + 1
    wrong: str
    right: str
    word: str  # the dictionary word the correction completes
    gain: float  # log-probability gain of the corrected text, less the channel cost


class WordModel:
    """jieba's dictionary as a unigram model, plus an index from a word with one character
    blanked out to the characters that fill the blank."""

    def __init__(self) -> None:
        self.tokenizer = _jieba_tokenizer()
        for word in _extra_words():
            if not self.tokenizer.FREQ.get(word):
                self.tokenizer.add_word(word, EXTRA_WORD_FREQ)  # also lets jieba's own cut keep it whole
        self.freq: dict[str, int] = self.tokenizer.FREQ  # words, and their prefixes with 0
        self.log_total = math.log(self.tokenizer.total)
        log = math.log
        self.logp: dict[str, float] = {w: log(c) - self.log_total for w, c in self.freq.items() if c}
        self.unknown = -self.log_total
        self.blanks: dict[str, str] = {}
        for word, count in self.freq.items():
            if count < MIN_WORD_FREQ or not 2 <= len(word) <= _MAX_WORD or not _HAN_RUN.fullmatch(word):
                continue
            for j in range(len(word)):
                key = word[:j] + "?" + word[j + 1:]
                self.blanks[key] = self.blanks.get(key, "") + word[j]

    def best_score(self, text: str) -> float:
        """Log-probability of text's best segmentation (jieba's route over its word DAG)."""
        n = len(text)
        route = [0.0] * (n + 1)
        logp = self.logp
        unknown = self.unknown
        for i in range(n - 1, -1, -1):
            best = logp.get(text[i], unknown) + route[i + 1]
            for j in range(i + 2, min(n, i + _MAX_WORD + 3) + 1):
                p = logp.get(text[i:j])
                if p is not None and p + route[j] > best:
                    best = p + route[j]
            route[i] = best
        return route[0]


@cache
def _jieba_tokenizer():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading at DEBUG to stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@cache
def _extra_words() -> tuple[str, ...]:
    """Words of today's official writing that jieba's dictionary (2013) lacks (抗疫, 放管服)."""
    text = resources.files("rules").joinpath("text/statistical_words.txt").read_text(encoding="utf-8")
    return tuple(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


@cache
def word_model() -> WordModel:
    return WordModel()


@cache
def _confusable(char: str) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(same_pinyin_chars(char)), frozenset(lookalike_chars(char))


class StatisticalDetector:
    """Callable text → suggestions, at a margin `threshold`."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, allow: tuple[str, ...] = ()):
        self.threshold = threshold
        self.allow = tuple(a for a in allow if a)
        self.model = word_model()

    def __call__(self, text: str) -> list[Suggestion]:
        chosen: list[Suggestion] = []
        for s in sorted(self.candidates(text), key=lambda s: -s.gain):
            if s.gain < self.threshold or self._allowed(text, s):
                continue
            if any(abs(s.start - c.start) < _MAX_WORD for c in chosen):
                continue  # one correction per word
            chosen.append(s)
        return sorted(chosen, key=lambda s: s.start)

    def _allowed(self, text: str, s: Suggestion) -> bool:
        for word in self.allow:
            k = text.find(word, max(0, s.start - len(word) + 1), s.end + len(word) - 1)
            if k != -1 and k <= s.start and k + len(word) >= s.end:
                return True
        return False

    def candidates(self, text: str) -> list[Suggestion]:
        """Every improving single-character correction (gain > 0), best per position."""
        skip = set()
        for pattern in (_PLACE_NAME, _SHORT_QUOTE, _FIRM_NAME, _FIRM_LIST):
            for m in pattern.finditer(text):
                skip.update(range(m.start(), m.end()))
        freq = self.model.freq
        position = 0
        # One jieba cut: its dictionary words are the cut without the HMM; the HMM only joins
        # runs of single characters into unknown words.
        for token in self.model.tokenizer.cut(text, HMM=True):
            count = freq.get(token, 0)
            if (len(token) > 1 and count >= SOLID_WORD_FREQ) or \
                    (len(token) >= _NAME_LIKE and not count and _HAN_RUN.fullmatch(token)):
                skip.update(range(position, position + len(token)))
            position += len(token)
        found: list[Suggestion] = []
        for run in _HAN_RUN.finditer(text):
            found.extend(self._in_run(run.group(0), run.start(), skip))
        return found

    def _in_run(self, run: str, offset: int, skip: set[int]) -> list[Suggestion]:
        model = self.model
        blanks = model.blanks
        common = common_chars()
        out: list[Suggestion] = []
        for i, char in enumerate(run):
            if char in _FUNCTION_CHARS or offset + i in skip or char not in common:
                continue  # a rare character as written is a name or a term (陆贽, 二甲双胍), not an input slip
            same_sound, lookalike = _confusable(char)
            if not same_sound and not lookalike:
                continue
            options: dict[str, str] = {}
            for length in range(2, _MAX_WORD + 1):
                for start in range(max(0, i - length + 1), min(i, len(run) - length) + 1):
                    key = run[start:i] + "?" + run[i + 1:start + length]
                    for right in blanks.get(key, ""):
                        if right != char and right not in _FUNCTION_CHARS and (right in same_sound or right in lookalike):
                            word = key.replace("?", right)
                            if right not in options or len(word) > len(options[right]):
                                options[right] = word
            if not options:
                continue
            lo, hi = max(0, i - _CONTEXT), min(len(run), i + _CONTEXT + 1)
            window = run[lo:hi]
            base = model.best_score(window)
            best: Suggestion | None = None
            for right, word in options.items():
                cost = _COST_SAME_SOUND if right in same_sound else _COST_LOOKALIKE
                changed = window[:i - lo] + right + window[i - lo + 1:]
                gain = model.best_score(changed) - base - cost
                if gain > 0 and (best is None or gain > best.gain):
                    best = Suggestion(offset + i, offset + i + 1, char, right, word, gain)
            if best is not None:
                out.append(best)
        return out


def statistical_hits(detector: StatisticalDetector, text: str) -> list[TextHit]:
    """The detector's suggestions as text.typo hits (findings that need review)."""
    return [TextHit(rule=RULE, severity=SEVERITY, start=s.start, end=s.end, evidence=s.wrong, suggestion=s.right,
                    category="统计检出", needs_review=True, detector=DETECTOR,
                    message=f"疑似错别字（统计检出，需人工确认）：“{s.wrong}”或应为“{s.right}”（{s.word}）")
            for s in detector(text)]


def enabled(text_settings: dict) -> bool:
    return text_settings.get("statistical") is True


def detector_for(text_settings: dict) -> StatisticalDetector:
    threshold = text_settings.get("statistical_threshold", DEFAULT_THRESHOLD)
    allow = tuple(w for w in text_settings.get("allow", []) if isinstance(w, str))
    return StatisticalDetector(float(threshold), allow)
