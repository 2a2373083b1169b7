#!/usr/bin/env python3
"""Counts the words of paragraphd's PDF parse that pdftotext does not read in the same file
(issue 18, "PDF words split": `expecte d`, `pat hs` read as two words).

    python3 scripts/pdf_words.py [BIN] [--show N]

For every PDF of ../shared/corpus/{upr,un2025} with its pdftotext `.txt` beside it: the words
(\\w+, lower case) of the parse's paragraphs and section titles that are not words of the `.txt`
(where line-end hyphens are also joined), over all the parse's words. The same count the other
way (words of the `.txt` absent from the parse) is pdftotext's own disagreement level. Prints
one summary line last: split=.. (neighbour words of the parse that the `.txt` reads as one
word, one of them a fragment) pdf_only=.. txt_only=.. words=..
"""
import glob, json, os, re, subprocess, sys, unicodedata
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")


def words(s):
    return re.findall(r"\w+", unicodedata.normalize("NFKC", s).lower())


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    binary = args[0] if args else os.path.join(ROOT, "target", "release", "paragraphd")
    pdfs = sorted(glob.glob(os.path.join(CORPUS, "upr", "*.pdf")) + glob.glob(os.path.join(CORPUS, "un2025", "*.pdf")))
    total = pdf_only = txt_only = txt_total = splits = 0
    odd = Counter()
    for pdf in pdfs:
        txt = pdf[:-4] + ".txt"
        if not os.path.exists(txt):
            continue
        raw = open(txt, encoding="utf-8", errors="replace").read()
        joined = re.sub(r"(\w)-\n(\w)", r"\1\2", raw)
        vocab = set(words(raw)) | set(words(joined))
        out = subprocess.run([binary, "parse", "--json", pdf], capture_output=True, text=True)
        if out.returncode != 0 or not out.stdout.strip():
            continue
        doc = json.loads(out.stdout.strip().splitlines()[-1])
        text = " ".join([p.get("text", "") for p in doc.get("paragraphs", [])] + [s.get("title", "") for s in doc.get("sections", [])])
        ws = words(text)
        total += len(ws)
        miss = [w for w in ws if w not in vocab]
        pdf_only += len(miss)
        # A word split in two: two neighbours that pdftotext reads as one word.
        pairs = set(zip(words(joined), words(joined)[1:]))
        split = [a + " " + b for a, b in zip(ws, ws[1:]) if a + b in vocab and (a, b) not in pairs and (a not in vocab or b not in vocab or len(a) == 1 or len(b) == 1)]
        splits += len(split)
        odd.update(split)
        parsed = set(ws)
        tw = words(raw)
        txt_total += len(tw)
        txt_only += sum(1 for w in tw if w not in parsed)
    for w, n in odd.most_common(show):
        print(f"{n:6} {w}")
    print(f"split={splits} pdf_only={pdf_only} pdf_only_rate={pdf_only / max(total, 1):.5f} txt_only={txt_only} "
          f"txt_only_rate={txt_only / max(txt_total, 1):.5f} words={total} pdfs={len(pdfs)}")


if __name__ == "__main__":
    main()
