#!/usr/bin/env python3
"""Builds crates/engine/data/generator_names.tsv.gz, the name parts of `embargo register
generate`, from the Wikidata person-name groups of ../shared/names (CC0 via rigour, MIT).

One line per group: latin, cyrillic, arabic, hangul, han, kana (empty when the group has
no form in that script). Groups are taken every STEP-th line so the table is a spread of
the whole file, not its first letters. Usage: python3 gen.py [../../../shared]"""
import gzip, sys, unicodedata
from pathlib import Path

STEP = 40
shared = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared")
out = Path(__file__).resolve().parents[2] / "crates/engine/data/generator_names.tsv.gz"

def script(form):
    kinds = set()
    for ch in form:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"): kinds.add("latin")
        elif name.startswith("CYRILLIC"): kinds.add("cyrillic")
        elif name.startswith("ARABIC"): kinds.add("arabic")
        elif name.startswith("HANGUL"): kinds.add("hangul")
        elif name.startswith("CJK"): kinds.add("han")
        elif name.startswith("KATAKANA"): kinds.add("kana")
        else: kinds.add("other")
    return kinds.pop() if len(kinds) == 1 else None

rows = []
with open(shared / "names/person_name_variants.txt", encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i % STEP:
            continue
        forms = [x.strip() for x in line.split("=>")[0].split(",")]
        by = {}
        for form in forms:
            s = script(form)
            if s and s not in by and 2 <= len(form) <= 14:
                by[s] = form
        if "latin" not in by or not by["latin"].isascii() or len(by) < 2:
            continue
        rows.append("\t".join(by.get(k, "") for k in ["latin", "cyrillic", "arabic", "hangul", "han", "kana"]))
with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as g:
    g.write("\n".join(rows) + "\n")
print(f"{out}: {len(rows)} groups")
