#!/usr/bin/env python3
"""Scrapes paragraphd's Prometheus endpoint and parses it with the real Prometheus text parser.

It fetches ``http://ADDR/metrics`` (``--metrics-listen``), parses the text with
``prometheus_client.parser.text_string_to_metric_families`` (which fails on anything that is not
valid Prometheus text) and prints one compact JSON line per sample: its family's name and type,
the sample's name, labels and value.

Usage::

    python scrape_metrics.py 127.0.0.1:9090

Exit codes: 0 success; 1 the endpoint did not answer 200 or its text did not parse.

tests/metrics_endpoint.rs runs this script with the venv that tests/tools/provision.sh
provisions.
"""

from __future__ import annotations

import json
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: scrape_metrics.py HOST:PORT", file=sys.stderr)
        return 2
    url = f"http://{sys.argv[1]}/metrics"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            content_type = response.headers.get("Content-Type", "")
            text = response.read().decode("utf-8")
        families = list(text_string_to_metric_families(text))
    except Exception as e:  # noqa: BLE001 - any failure is the test's failure, said plainly
        print(f"scrape of {url} failed: {e!r}", file=sys.stderr)
        return 1
    if not content_type.startswith("text/plain"):
        print(f"unexpected Content-Type {content_type!r}", file=sys.stderr)
        return 1
    for family in families:
        for sample in family.samples:
            line = {
                "family": family.name,
                "type": family.type,
                "name": sample.name,
                "labels": sample.labels,
                "value": sample.value,
            }
            print(json.dumps(line, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
