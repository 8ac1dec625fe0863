#!/usr/bin/env python3
"""Writes a JSON Lines article stream of a given size made from the test corpus, to stdout (nothing is committed).

Smaller than the corpus: every k-th line, so all outlets, sections and years are in it.
Larger: the corpus again and again; pass n (from 1) gets ids ending in "~rN" (so the importer adds, never updates,
and gives each copy its own slug) and publication dates 8*N years earlier (8, so 29 February stays a real date).
"""
import gzip
import json
import sys


def lines(path):
    with open(path, "rb") as raw:
        magic = raw.read(2)
    opener = gzip.open if magic == b"\x1f\x8b" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield line


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: corpus.py CORPUS SIZE > out.jsonl")
    path, size = sys.argv[1], int(sys.argv[2])
    total = sum(1 for _ in lines(path))
    out = sys.stdout
    if size <= total:
        step = total / size
        picked = {int(i * step) for i in range(size)}
        for i, line in enumerate(lines(path)):
            if i in picked:
                out.write(line)
        return
    written, n = 0, 0
    while written < size:
        for line in lines(path):
            if written == size:
                break
            if n == 0:
                out.write(line)
            else:
                record = json.loads(line)
                record["id"] = f"{record['id']}~r{n}"
                date = record["published"]
                record["published"] = f"{int(date[:4]) - 8 * n:04d}{date[4:]}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
        n += 1


if __name__ == "__main__":
    main()
