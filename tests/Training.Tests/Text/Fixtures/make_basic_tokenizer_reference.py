#!/usr/bin/env python3
"""Writes basic_tokenizer_reference.jsonl: random strings rich in Unicode edge cases and the
tokens BERT's basic tokenizer gives for them, computed here with Python's own str.lower(),
str.split() and unicodedata, following the steps of Google BERT's tokenization.py (clean text,
space around CJK, whitespace split, lower + NFD + drop Mn when uncased, punctuation split).
BasicTokenizerReferenceTests checks the C# tokenizer against this file.
Run: python3 make_basic_tokenizer_reference.py  (deterministic for a given Python/Unicode version)
"""
import json
import random
import sys
import unicodedata

NEVER_SPLIT = {"[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]"}


def is_whitespace(c):
    return c in " \t\n\r" or unicodedata.category(c) == "Zs"


def is_control(c):
    return c not in "\t\n\r" and unicodedata.category(c) in ("Cc", "Cf")


def is_punctuation(c):
    cp = ord(c)
    return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or unicodedata.category(c).startswith("P")


def is_cjk(cp):
    return any(a <= cp <= b for a, b in [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
                                         (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)])


def basic_tokenize(text, lower):
    cleaned = []
    for c in text:
        if ord(c) in (0, 0xFFFD) or is_control(c):
            continue
        if is_whitespace(c):
            cleaned.append(" ")
        elif is_cjk(ord(c)):
            cleaned.extend([" ", c, " "])
        else:
            cleaned.append(c)
    pieces = []
    for word in "".join(cleaned).split():
        if word in NEVER_SPLIT:
            pieces.append(word)
            continue
        if lower:
            word = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")
        current = None
        for c in word:
            if is_punctuation(c):
                pieces.append(c)
                current = None
            else:
                if current is None:
                    pieces.append("")
                    current = len(pieces) - 1
                pieces[current] += c
    return " ".join(pieces).split()


POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    " \t\n\r\x0b\x0c\x00\x85\xa0\u2028\u2029\u3000\u200b\ufeff\ufffd\u00ad",
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u00bf\u00a1\u2014\u2019\u3002\uff01\u00b7\u0387",
    "\u03a3\u03c3\u03c2\u0391\u0392\u039f\u0394\u1f08\u0345\u0130\u0131\u00df\u1e9e\u01c5\u01c4\u2126\u212a\u212b",
    "\u00e9\u00c9\u00f1\u00fc\u00c5\u0301\u0300\u0308\u0323\u0327\u1ec7\u0f73\u0f75\u0344\u0958\u2adc\u0e33",
    "\u4e2d\u6587\u5b57\u3400\U00020000\U0002A700\U0002F800\uf900\u3042\u30a2\uac00\ud55c\uae00\u1100\u1161",
    "\U0001F600\U0001D400\U00010400\U0001D165\U0001D16E\u05b0\u0591",
]


def main():
    rng = random.Random(20240601)
    out = sys.argv[1] if len(sys.argv) > 1 else "basic_tokenizer_reference.jsonl"
    with open(out, "w", encoding="ascii", newline="\n") as f:
        f.write(json.dumps({"python": sys.version.split()[0], "unicode": unicodedata.unidata_version}) + "\n")
        for _ in range(300):
            text = "".join(rng.choice(rng.choice(POOLS)) for _ in range(rng.randint(0, 16)))
            if rng.random() < 0.1:
                text += "[SEP]"
            f.write(json.dumps({"text": text, "uncased": basic_tokenize(text, True), "cased": basic_tokenize(text, False)}) + "\n")


if __name__ == "__main__":
    main()
