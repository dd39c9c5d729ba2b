"""Text-rule benchmark (issue 3): load time, throughput and precision on real sentences.

Prints, with the full text rule set:
- load time of the rules (target < 1 s);
- throughput in MB/s of Chinese text on one core (target ≥ 20 MB/s);
- on ECSpell's 公文 test set (../shared/corpus/lexicons/csc_domain): sentence-level precision and
  recall of text.typo + text.serious, and how many findings propose exactly the gold correction;
- on SIGHAN-15 and ECSpell sentences without errors: findings per 10,000 characters
  (target < 1 for text.serious and text.typo).

    .venv/bin/python bench/text_bench.py
"""
from __future__ import annotations

import json
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


def main() -> None:
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
    print(f"ECSpell 公文 (500 sentences, 170 with errors): sentence precision {precision:.2f}, recall {recall:.2f}, "
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


if __name__ == "__main__":
    main()
