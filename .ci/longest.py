#!/usr/bin/env python3
"""The longest functions and files of the Rust sources that git tracks.

    .ci/longest.py [N]

Counts the lines from each `fn` to its closing brace (string and character
literals blanked first, so braces inside them do not count), leaving out
`#[cfg(test)] mod tests` blocks, tests/ folders and tests.rs files; then the
longest files, tests included. The limits of issue 14: no production function
over about 100 lines, no source file over 800.
"""
import re
import subprocess
import sys

FN = re.compile(r"\s*(pub(\([a-z]+\))? )?(async )?(const )?fn (\w+)")
STRING = re.compile(r'"(\\.|[^"\\])*"')
CHAR = re.compile(r"'(\\.|[^'\\])'")


def functions(path):
    raw = open(path, encoding="utf-8").read().split("\n")
    lines = [CHAR.sub("''", STRING.sub('""', line)) for line in raw]
    end = len(lines)
    for i, line in enumerate(lines[:-1]):
        if line.startswith("#[cfg(test)]") and lines[i + 1].startswith("mod tests"):
            end = i
            break
    for i in range(end):
        match = FN.match(lines[i])
        if not match:
            continue
        depth, started, j = 0, False, i
        while j < end:
            for ch in lines[j]:
                if ch == "{":
                    depth, started = depth + 1, True
                elif ch == "}":
                    depth -= 1
            if started and depth == 0 or not started and lines[j].rstrip().endswith(";"):
                break
            j += 1
        yield j - i + 1, f"{path}:{i + 1}", match.group(5)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    files = subprocess.check_output(["git", "ls-files", "*.rs"], text=True).split()
    production = [f for f in files if "/tests/" not in f and not f.endswith("/tests.rs")]
    found = sorted((fn for f in production for fn in functions(f)), reverse=True)
    print("longest functions (lines, place, name):")
    for length, place, name in found[:count]:
        print(f"  {length:4} {place} {name}")
    sizes = sorted(((sum(1 for _ in open(f, encoding="utf-8")), f) for f in files), reverse=True)
    print("longest files (lines):")
    for length, path in sizes[:count]:
        print(f"  {length:4} {path}")


if __name__ == "__main__":
    main()
