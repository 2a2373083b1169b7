#!/usr/bin/env python3
"""Compares the parse of each un2025 document's pdftotext `.txt` with the parse of its PDF.

Two rough measures of the text path, with the PDF parse (which has geometry) as a weak
reference; neither is a bar, both are reported in docs/accuracy.md:

- table recall: of the words of the PDF parse's TABLE paragraphs, the share found in TABLE
  paragraphs of the same pages in the `.txt` parse;
- merged words: for each numbered paragraph of the `.txt` parse, the words that the PDF parse's
  paragraph with the same number (and rank) lacks, counted where there are at least 8 (text
  such as a table or a quoted resolution merged into the paragraph).

Usage: python3 scripts/text_vs_pdf.py [--top N]   (after `cargo build --release`)
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


def main():
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 10
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
