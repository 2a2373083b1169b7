#!/usr/bin/env python3
"""Compares the parse of each corpus document's pdftotext `.txt` with the parse of its PDF.

Every pair of the corpus (upr/, un2025/, multilingual/pdfs/) where the two parses disagree on
what a citation depends on is listed: the numbered paragraphs (count, and the first number
where the sequences part), footnotes, sections, symbol and title.

Two rough measures of the text path on un2025, with the PDF parse (which has geometry) as a
weak reference; neither is a bar, both are reported in docs/accuracy.md:

- table recall: of the words of the PDF parse's TABLE paragraphs, the share found in TABLE
  paragraphs of the same pages in the `.txt` parse;
- merged words: for each numbered paragraph of the `.txt` parse, the words that the PDF parse's
  paragraph with the same number (and rank) lacks, counted where there are at least 8 (text
  such as a table or a quoted resolution merged into the paragraph).

Usage: python3 scripts/text_vs_pdf.py [--top N] [--pairs-only]   (after `cargo build --release`)
Environment: PARAGRAPHD_BIN (default target/release/paragraphd), CORPUS (default
../shared/corpus).
"""

import collections
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("PARAGRAPHD_BIN", os.path.join(ROOT, "target/release/paragraphd"))
CORPUS = os.environ.get("CORPUS", os.path.join(ROOT, "../shared/corpus"))
MIN_MERGED = 8


def parse(files):
    out = subprocess.run(
        [BIN, "parse", "--json", *files], capture_output=True, text=True, check=True
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


def words(text):
    return re.findall(r"[A-Za-z]{3,}|\d[\d,.]*", text)


def of_kind(doc, kind):
    return [p for p in doc["paragraphs"] if p.get("kind") == "PARAGRAPH_KIND_" + kind]


def table_recall(pdf_doc, txt_doc):
    """(words of the PDF tables, of them found in text tables of the same pages)."""
    by_page = collections.defaultdict(collections.Counter)
    for p in of_kind(txt_doc, "TABLE"):
        for page in range(p["pageStart"], p.get("pageEnd", p["pageStart"]) + 1):
            by_page[page].update(words(p["text"]))
    total = found = 0
    for p in of_kind(pdf_doc, "TABLE"):
        ws = words(p["text"])
        total += len(ws)
        found += sum(1 for w in ws if by_page[p["pageStart"]][w] > 0)
    return total, found


def merged_words(pdf_doc, txt_doc):
    """[(count, number, first words)] for text paragraphs with words their PDF twin lacks."""
    twins = collections.defaultdict(list)
    for p in of_kind(pdf_doc, "NUMBERED"):
        twins[(p["number"], p.get("inAnnex", False))].append(p)
    seen = collections.Counter()
    rows = []
    for p in of_kind(txt_doc, "NUMBERED"):
        key = (p["number"], p.get("inAnnex", False))
        rank = seen[key]
        seen[key] += 1
        if rank >= len(twins[key]):
            continue
        left = collections.Counter(words(twins[key][rank].get("text", "")))
        extra = []
        for w in words(p.get("text", "")):
            if left[w] > 0:
                left[w] -= 1
            else:
                extra.append(w)
        if len(extra) >= MIN_MERGED:
            rows.append((len(extra), p["number"], " ".join(extra[:12])))
    return rows


PAIR_DIRS = ("upr", "un2025", os.path.join("multilingual", "pdfs"))


def numbered(doc):
    return [p.get("number", "") for p in of_kind(doc, "NUMBERED") if not p.get("inAnnex")]


def disagreements(pdf_doc, txt_doc):
    """What a citation depends on and the two parses of one document read differently."""
    out = []
    a, b = numbered(pdf_doc), numbered(txt_doc)
    if a != b:
        at = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        got = lambda seq: seq[at] if at < len(seq) else "end"
        out.append(f"numbered {len(a)} pdf / {len(b)} txt, parting at #{at + 1} "
                   f"({got(a)} / {got(b)})")
    for key, label in (("footnotes", "footnotes"), ("sections", "sections")):
        x, y = len(pdf_doc.get(key, [])), len(txt_doc.get(key, []))
        if x != y:
            out.append(f"{label} {x} / {y}")
    for key in ("symbol", "title"):
        x, y = pdf_doc.get(key, ""), txt_doc.get(key, "")
        if x != y:
            out.append(f"{key} {x[:60]!r} / {y[:60]!r}")
    return out


def pair_report():
    """Prints every pair whose parses disagree; returns (pairs, pairs that disagree)."""
    pairs = disagreeing = 0
    for sub in PAIR_DIRS:
        pdfs = sorted(glob.glob(os.path.join(CORPUS, sub, "*.pdf")))
        pdfs = [p for p in pdfs if os.path.exists(p[:-4] + ".txt")]
        if not pdfs:
            continue
        txts = [p[:-4] + ".txt" for p in pdfs]
        for path, pdf_doc, txt_doc in zip(pdfs, parse(pdfs), parse(txts)):
            pairs += 1
            found = disagreements(pdf_doc, txt_doc)
            if found:
                disagreeing += 1
                print(f"  {os.path.join(sub, os.path.basename(path))}: " + "; ".join(found))
    print(f"text and PDF disagree: {disagreeing} of {pairs} pairs")
    return pairs, disagreeing


def main():
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 10
    pair_report()
    if "--pairs-only" in sys.argv:
        return
    pdfs = sorted(glob.glob(os.path.join(CORPUS, "un2025", "*.pdf")))
    txts = [p[:-4] + ".txt" for p in pdfs]
    total = found = 0
    merged = []
    for path, pdf_doc, txt_doc in zip(pdfs, parse(pdfs), parse(txts)):
        t, f = table_recall(pdf_doc, txt_doc)
        total, found = total + t, found + f
        name = os.path.basename(path)[: -len(".en.pdf")]
        merged += [(n, name, number, head) for n, number, head in merged_words(pdf_doc, txt_doc)]
    print(f"table recall: {found}/{total} words ({100 * found / max(total, 1):.1f}%)")
    print(f"merged words: {sum(r[0] for r in merged)} in {len(merged)} numbered paragraphs")
    for n, name, number, head in sorted(merged, reverse=True)[:top]:
        print(f"  {n:5d}  {name} para. {number}: {head}")


if __name__ == "__main__":
    main()
