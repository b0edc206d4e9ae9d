#!/usr/bin/env python3
"""Precision and recall of stemmed search, before and after a change.

Usage: bench/stemming.py BEFORE_URL AFTER_URL [QUERY...]

Each URL is a `fouille serve` of the same corpus (Enron and the OCaml list)
indexed by the binary before and after. For each query, every hit is judged
from its text (subject, body, names, attachment names, fetched from the
API): a hit is right when it holds a word sharing all but the last letter
of the query word (at least 3 letters), which keeps `tennis`, `tennis's`,
`organize`/`organizing`, and judges `ten`, `tens`, `Tenn`, `Tennessee`
and `tenir` wrong for `tennis` (and `meet` wrong for `meeting`: a strict
proxy). The judge is a proxy, the same on both sides. Prints a
Markdown table: hits, right hits, precision, before and after; recall does
not drop when no query has fewer right hits after.
"""

import json
import sys
import unicodedata
import urllib.parse
import urllib.request

QUERIES = [
    # English, Enron.
    "tennis", "meeting", "contract", "energy", "price", "trading", "report",
    "organize", "election", "market", "legal", "pain", "sale", "comment",
    # French, the OCaml list.
    "compilateur", "fonction", "programme", "erreur", "bibliothèque",
    "problème", "tenir", "chat",
]


def fold(text):
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text):
    word = []
    for c in fold(text):
        if c.isalnum():
            word.append(c)
        elif word:
            yield "".join(word)
            word = []
    if word:
        yield "".join(word)


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=60) as response:
        return json.load(response)


def text_of(base, hit):
    if hit.get("kind") == "email":
        view = get(base, "/api/messages/" + hit["id"])
        parts = [view.get("subject", ""), view.get("text", "")]
        for address in [view.get("from") or {}] + view.get("to", []) + view.get("cc", []):
            parts.append(address.get("name") or "")
            parts.append(address.get("address") or "")
        parts += [a.get("name", "") for a in view.get("attachments", [])]
    else:
        view = get(base, "/api/documents/" + hit["id"])
        parts = [view.get("text", ""), (view.get("file") or {}).get("name", "")]
    return " ".join(parts)


def right(query, text):
    query = fold(query)
    need = max(3, len(query) - 1)
    stem = query[:need]
    return any(word.startswith(stem) for word in words(text))


def judge(base, query):
    hits = []
    page = 1
    while True:
        path = "/api/search?per_page=100&page=%d&q=%s" % (page, urllib.parse.quote(query))
        response = get(base, path)
        hits += response["hits"]
        if len(hits) >= response["total"] or page * 100 >= 10_000 or not response["hits"]:
            break
        page += 1
    good = sum(1 for hit in hits if right(query, text_of(base, hit)))
    return len(hits), good


def main():
    before, after = sys.argv[1], sys.argv[2]
    queries = sys.argv[3:] or QUERIES
    print("| query | hits before | right | precision | hits after | right | precision |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    totals = [0, 0, 0, 0]
    dropped = []
    for query in queries:
        hits_b, good_b = judge(before, query)
        hits_a, good_a = judge(after, query)
        totals = [t + v for t, v in zip(totals, (hits_b, good_b, hits_a, good_a))]
        if good_a < good_b:
            dropped.append(query)
        pct = lambda good, hits: "%.0f %%" % (100 * good / hits) if hits else "–"
        print("| `%s` | %d | %d | %s | %d | %d | %s |" % (
            query, hits_b, good_b, pct(good_b, hits_b), hits_a, good_a, pct(good_a, hits_a)))
    hb, gb, ha, ga = totals
    print("| **all** | %d | %d | %.1f %% | %d | %d | %.1f %% |" % (
        hb, gb, 100 * gb / max(hb, 1), ha, ga, 100 * ga / max(ha, 1)))
    print()
    print("right hits lost (recall drop): %s" % (", ".join(dropped) or "none"))


if __name__ == "__main__":
    main()
