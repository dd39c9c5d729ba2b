"""Text-rule benchmark (issue 3): load time, throughput and precision on real sentences.

Prints, with the full text rule set:
- load time of the rules (target < 1 s);
- throughput in MB/s of Chinese text on one core (target ≥ 20 MB/s);
- on ECSpell's 公文 test set (../shared/corpus/lexicons/csc_domain): sentence-level precision and
  recall of text.typo + text.serious, and how many findings propose exactly the gold correction;
- on SIGHAN-15 and ECSpell sentences without errors: findings per 10,000 characters
  (target < 1 for text.serious and text.typo);
- the word-list rules on every real page of ../shared/corpus/real_pages as `inspector proofread`
  reads them (each page judged at its own date): pages, characters, findings;
- the statistical typo detector (inspector/text/statistical.py): its precision/recall curve on the
  公文 test set at sentence and character level, false findings per 10,000 characters of
  error-free official text for each margin, and its speed; the shipped margin is marked.

    .venv/bin/python bench/text_bench.py            # everything
    .venv/bin/python bench/text_bench.py --statistical   # only the statistical detector
"""
from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
PUBLISHED = date(2023, 6, 1)


def load_checkers():
    start = time.perf_counter()
    from inspector.text.checks import text_rules

    rules = text_rules({})
    return rules, time.perf_counter() - start


def odw_rows():
    path = CORPUS / "lexicons/csc_domain/ecspell_odw_official_document_test.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        label, source, target = line.split("\t")
        yield int(label), source, target


def clean_sentences():
    for line in (CORPUS / "lexicons/sighan/sighan15_test_simplified.tsv").read_text(encoding="utf-8").splitlines():
        source, target = line.split("\t")[:2]
        if source == target:
            yield "sighan15", source
    for label, source, _ in odw_rows():
        if label == 0:
            yield "ecspell-odw", source
    for line in (CORPUS / "lexicons/csc_domain/csc_hard_people_daily_news_paper.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        yield "people-daily (target side)", row["target"]


def run(rules, text):
    return rules(text, PUBLISHED, False)


def real_pages() -> None:
    from inspector.proofread import proofread, read_draft

    pages = sorted((CORPUS / "real_pages").glob("*/*.html"))
    chars = 0
    findings = []
    for path in pages:
        draft = read_draft(path)
        chars += len(draft.text)
        findings += [(path.parent.name, path.stem[:50], r["rule"], r["evidence"])
                     for r in proofread(draft.text, draft.published, {}, draft.traditional)]
    print(f"real pages (proofread, each at its own date): {len(pages)} pages, {chars} chars, "
          f"{len(findings)} findings")
    for finding in findings:
        print("   ", *finding)
    review = [r for path in pages for r in _proofread_statistical(path) if r.get("detector")]
    print(f"real pages, statistical detector at its shipped margin: {len(review)} findings "
          f"({10_000 * len(review) / chars:.2f} per 10,000 chars)")
    for r in review:
        print("   ", r["evidence"], "->", r["suggestion"], r["context"].replace("\n", " / "))


def _proofread_statistical(path):
    from inspector.proofread import proofread, read_draft

    draft = read_draft(path)
    return proofread(draft.text, draft.published, {"text": {"statistical": True}}, draft.traditional)


def statistical_bench() -> None:
    from inspector.text.statistical import DEFAULT_THRESHOLD, StatisticalDetector, word_model

    start = time.perf_counter()
    word_model()
    detector = StatisticalDetector(threshold=0.0)
    detector("预热")
    print(f"statistical detector: load {time.perf_counter() - start:.1f} s")
    rows = list(odw_rows())
    start = time.perf_counter()
    scored = [(label, source, target, detector.candidates(source)) for label, source, target in rows]
    odw_s = time.perf_counter() - start
    gold_chars = sum(a != b for _, s, t, _ in scored for a, b in zip(s, t))
    clean = [s for name, s in clean_sentences() if name != "sighan15"]
    clean_chars = sum(map(len, clean))
    start = time.perf_counter()
    clean_gains = [c.gain for sentence in clean for c in detector.candidates(sentence)]
    clean_s = time.perf_counter() - start
    size = sum(len(s.encode("utf-8")) for _, s, _, _ in scored) + sum(len(s.encode("utf-8")) for s in clean)
    print(f"speed: {size / 1e6 / (odw_s + clean_s):.3f} MB/s ({size / 1e6:.2f} MB of sentences, one core)")
    print(f"ECSpell 公文: {len(rows)} sentences, {sum(1 for r in rows if r[0])} with errors, {gold_chars} wrong "
          f"characters; error-free text: {clean_chars} chars (公文 sentences without errors, People's Daily targets)")
    print("margin | sentence P  R | char detect P  R | char correct P  R | false per 10k error-free chars")
    for margin in (4, 6, 7, 8, 9, 10, 10.5, 11, 12, 14):
        sp = sentence_tp = sentence_fp = 0
        det_tp = det_fp = cor_tp = 0
        for label, source, target, candidates in scored:
            chosen = [c for c in candidates if c.gain >= margin]
            if chosen:
                sentence_tp += bool(label)
                sentence_fp += not label
            for c in chosen:
                wrong_here = source[c.start] != target[c.start]
                det_tp += wrong_here
                det_fp += not wrong_here
                cor_tp += wrong_here and target[c.start] == c.right
        sp = sentence_tp / max(1, sentence_tp + sentence_fp)
        sr = sentence_tp / sum(1 for r in rows if r[0])
        found = det_tp + det_fp
        false_clean = sum(1 for g in clean_gains if g >= margin)
        mark = "  <- shipped" if margin == DEFAULT_THRESHOLD else ""
        print(f"{margin:6.1f} | {sp:10.2f} {sr:4.2f} | {det_tp / max(1, found):14.2f} {det_tp / gold_chars:4.2f} | "
              f"{cor_tp / max(1, found):15.2f} {cor_tp / gold_chars:4.2f} | {10_000 * false_clean / clean_chars:5.2f}{mark}")
    from inspector.text.checks import text_rules

    lists = text_rules({})
    tp = fp = 0
    for label, source, _, candidates in scored:
        flagged = any(c.gain >= DEFAULT_THRESHOLD for c in candidates) or any(
            h.rule in ("text.typo", "text.serious") for h in lists(source, PUBLISHED, False))
        tp += bool(flagged and label)
        fp += bool(flagged and not label)
    print(f"word lists + statistical at the shipped margin, 公文 sentences: precision {tp / max(1, tp + fp):.2f}, "
          f"recall {tp / sum(1 for r in rows if r[0]):.2f}")


def main() -> None:
    if "--statistical" in sys.argv:
        statistical_bench()
        return
    checkers, load_s = load_checkers()
    print(f"rule load time: {load_s:.2f} s (target < 1 s)")

    sample = "".join(source for _, source, _ in odw_rows()) + "".join(s for _, s in clean_sentences())
    text = (sample * (20_000_000 // max(1, len(sample.encode())) + 1))
    size_mb = len(text.encode("utf-8")) / 1e6
    start = time.perf_counter()
    chunk = 20_000
    for i in range(0, len(text), chunk):
        run(checkers, text[i:i + chunk])
    elapsed = time.perf_counter() - start
    print(f"throughput: {size_mb / elapsed:.1f} MB/s over {size_mb:.0f} MB (target ≥ 20 MB/s, one core)")

    tp = fp = fn = exact = 0
    for label, source, target in odw_rows():
        hits = [h for h in run(checkers, source) if h.rule in ("text.typo", "text.serious")]
        if hits and label:
            tp += 1
        elif hits:
            fp += 1
        elif label:
            fn += 1
        exact += sum(1 for h in hits if target[h.start:h.start + len(h.suggestion)] == h.suggestion
                     and source[h.start:h.end] != h.suggestion)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    rows = list(odw_rows())
    print(f"ECSpell 公文 ({len(rows)} sentences, {sum(1 for r in rows if r[0])} with errors): sentence precision {precision:.2f}, recall {recall:.2f}, "
          f"findings with the gold correction {exact}")

    per_source: dict[str, list[int]] = {}
    for name, sentence in clean_sentences():
        counts = per_source.setdefault(name, [0, 0, 0])
        counts[0] += len(sentence)
        for hit in run(checkers, sentence):
            if hit.rule in ("text.typo", "text.serious"):
                counts[1] += 1
            else:
                counts[2] += 1
    for name, (chars, serious_typo, other) in per_source.items():
        print(f"error-free {name}: {chars} chars, text.serious+text.typo findings {serious_typo} "
              f"({10_000 * serious_typo / chars:.2f} per 10,000 chars; target < 1), other text findings {other}")
    undated = {}
    for name, sentence in clean_sentences():
        counts = undated.setdefault(name, [0, 0])
        counts[0] += 1
        counts[1] += len(checkers(sentence, None, False))  # date unknown, as a scan treats an undated page
    for name, (sentences, found) in undated.items():
        print(f"error-free {name}, publication date unknown: {sentences} sentences, {found} findings of all text rules")
    real_pages()
    statistical_bench()


if __name__ == "__main__":
    main()
