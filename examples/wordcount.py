#!/usr/bin/env python3
"""Counts the words of the data file (--data) and writes the ten most frequent to counts.txt."""
import collections
import os
import re
import sys

path = os.environ.get("TASKGRID_DATA")
if not path:
    sys.exit("wordcount.py needs a data file: taskgrid submit examples/wordcount.py --data FILE")
with open(path, encoding="utf-8") as f:
    words = re.findall(r"[\w']+", f.read().lower())
counts = collections.Counter(words)
with open("counts.txt", "w", encoding="utf-8") as out:
    for word, n in counts.most_common(10):
        out.write(f"{n}\t{word}\n")
print(f"{len(words)} words, {len(counts)} distinct; the ten most frequent are in counts.txt.")
