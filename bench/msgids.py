#!/usr/bin/env python3
"""Does every copy's Message-ID find its message, and are CRLF and LF copies
of one message one document? Measured against a running `fouille serve` of
an archive of CORPUS (issue 15, part 5).

    fouille index --index A CORPUS && fouille serve --index A --bind 127.0.0.1:8093 &
    python3 bench/msgids.py CORPUS http://127.0.0.1:8093

Prints the Message-IDs found in the files, how many find nothing through
`msgid:` (a few are listed), and how many messages are stored twice because
of their line ends: files are grouped by what makes two copies one message
(Date, From, To, Cc, Subject and the body, line ends made LF), and each
group holding both a CRLF and an LF file should be one document.
"""

import email.parser
import email.policy
import hashlib
import http.client
import json
import os
import sys
import urllib.parse


def files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)


def read(path):
    raw = open(path, "rb").read()
    head, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(head + b"\n\n")
    mid = (headers.get("Message-ID") or "").strip()
    key = hashlib.blake2b(digest_size=16)
    for name in ("Date", "From", "To", "Cc", "Subject"):
        key.update(" ".join(str(headers.get(name) or "").split()).encode("utf-8", "replace") + b"\0")
    key.update(body.strip())
    return mid, key.hexdigest(), b"\r\n" in raw


def main():
    corpus, url = sys.argv[1], urllib.parse.urlparse(sys.argv[2])
    connection = http.client.HTTPConnection(url.hostname, url.port)

    def documents(mid):
        query = urllib.parse.urlencode({"q": f"msgid:{mid}", "per_page": 10})
        connection.request("GET", f"/api/search?{query}")
        answer = json.loads(connection.getresponse().read())
        return [hit["id"] for hit in answer["hits"]]

    mids, groups, unparsed = {}, {}, 0
    for path in files(corpus):
        if os.path.basename(path) in ("SOURCE.txt", "INDEX.txt"):
            continue
        mid, key, crlf = read(path)
        if not (mid.startswith("<") and mid.endswith(">")):
            unparsed += 1
            continue
        mids.setdefault(mid, []).append(path)
        groups.setdefault(key, []).append((mid, crlf))

    found, lost = {}, []
    for mid in mids:
        found[mid] = documents(mid)
        if not found[mid]:
            lost.append(mid)
    twice = 0
    mixed = 0
    for members in groups.values():
        if len({crlf for _, crlf in members}) < 2:
            continue
        mixed += 1
        stored = {doc for mid, _ in members for doc in found[mid]}
        twice += max(len(stored) - 1, 0)
    print(f"files without a Message-ID: {unparsed}")
    print(f"Message-IDs: {len(mids)}, finding nothing: {len(lost)}")
    for mid in lost[:5]:
        print(f"  {mid}  {mids[mid][0]}")
    print(f"messages with both CRLF and LF copies: {mixed}, stored twice because of line ends: {twice}")


if __name__ == "__main__":
    main()
