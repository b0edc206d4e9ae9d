#!/usr/bin/env python3
"""Whether two servers give the same answers: totals, hits, snippets, facets.

Usage: bench/same.py BEFORE_URL AFTER_URL [SCRIPT.lua...]

Each URL is a `fouille serve` of the same archive, run by the binary before
and after a change to the read path. Every search path listed in the given
wrk scripts (default: bench/mixed.lua), and each again with pages 2 and 3
and 50 hits a page, is asked of both; the totals, the hits' ids and
snippets, and every facet must be equal. Prints how many searches and
snippets were compared and every difference.
"""

import json
import re
import sys
import urllib.request


def paths(scripts):
    found = []
    for script in scripts:
        with open(script, encoding="utf-8") as file:
            found += re.findall(r'"(/api/search[^"]*)"', file.read())
    more = []
    for path in found:
        for extra in ("page=2", "page=3", "per_page=50"):
            name = extra.split("=")[0]
            if f"?{name}=" not in path and f"&{name}=" not in path:
                more.append(f"{path}&{extra}")
    return found + more


def answer(base, path):
    with urllib.request.urlopen(base + path, timeout=60) as response:
        found = json.load(response)
    hits = [(hit["id"], hit["snippet"]) for hit in found["hits"]]
    return found["total"], hits, found["facets"]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    before, after = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/")
    searches = compared = differ = 0
    for path in paths(sys.argv[3:] or ["bench/mixed.lua"]):
        (old_total, old, old_facets) = answer(before, path)
        (new_total, new, new_facets) = answer(after, path)
        searches += 1
        compared += len(old)
        if (old_total, old, old_facets) != (new_total, new, new_facets):
            differ += 1
            print(f"differ: {path} (totals {old_total}, {new_total})")
            for name in old_facets:
                if old_facets[name] != new_facets.get(name):
                    print(f"  facet {name}: {old_facets[name]} / {new_facets.get(name)}")
            for (old_id, old_snippet), (new_id, new_snippet) in zip(old, new):
                if (old_id, old_snippet) != (new_id, new_snippet):
                    print(f"  {old_id}: {old_snippet!r}\n  {new_id}: {new_snippet!r}")
    print(f"{searches} searches, {compared} snippets compared, {differ} searches differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
