#!/usr/bin/env python3
"""Draws the paragraphs of the hand-checked citation sample (issue 22). Standard library only.

Reads `paragraphd parse --json` output (one document a line) and prints, one JSON object a
line, a seeded sample of paragraphs of at most MAX_CHARS characters: CITING paragraphs whose
text looks like it cites (a symbol, the words for paragraphs, `ibid`, a resolution, a chapter
or section), then OTHER paragraphs drawn from the rest. Each line holds the document id, the
ordinal, the number and the text, for a person to read and write the expected citations; it
holds no output of the citation finder.

    target/debug/paragraphd parse --json ../shared/corpus/{upr,un2025}/*.txt > all.jsonl
    python3 scripts/sample_citations.py all.jsonl > sample.jsonl
"""

import json
import random
import re
import sys

SEED = 22
CITING = 200
OTHER = 100
MAX_CHARS = 1500
LOOKS_CITING = re.compile(
    r"[A-Z]/\d|/[A-Z]+/\d|\bparas?\.|\bparagraphs? \d|\bibid|\bresolutions? \d"
    r"|\b[Cc]hapters? [IVX]|\b[Ss]ections? [IVX]",
    re.IGNORECASE,
)


def main(path: str) -> None:
    looks, rest = [], []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            for p in doc.get("paragraphs", []):
                text = p.get("text", "")
                if not text or len(text) > MAX_CHARS:
                    continue
                row = {
                    "doc": doc["id"],
                    "ordinal": p.get("ordinal", 0),
                    "number": p.get("number", ""),
                    "text": text,
                }
                (looks if LOOKS_CITING.search(text) else rest).append(row)
    rng = random.Random(SEED)
    picked = rng.sample(looks, min(CITING, len(looks))) + rng.sample(rest, min(OTHER, len(rest)))
    for row in picked:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
