"""Writes the tiny synthetic sentiment task the PyTorch example ships with (train.jsonl, dev.jsonl).

Each sentence mixes filler words with a few positive and negative words; the label is 1 when it has
more positive than negative words, and 8 % of the labels are flipped, so no model reaches 100 % and
seeds matter. Seeded: running it again writes the same files.

    python3 make_data.py            # writes next to this script
"""

import json
import os
import random

POSITIVE = ["good", "great", "fine", "lovely", "superb", "pleasant", "bright", "warm"]
NEGATIVE = ["bad", "awful", "poor", "dull", "grim", "bleak", "cold", "weak"]
FILLER = ["the", "a", "film", "plot", "cast", "music", "story", "was", "is", "and", "but", "very",
          "quite", "rather", "scene", "ending", "actor", "script", "pace", "overall", "really", "it"]


def sentence(rng):
    positives, negatives = rng.randint(0, 3), rng.randint(0, 3)
    while positives == negatives:
        positives, negatives = rng.randint(0, 3), rng.randint(0, 3)
    words = [rng.choice(FILLER) for _ in range(rng.randint(4, 12))]
    words += [rng.choice(POSITIVE) for _ in range(positives)] + [rng.choice(NEGATIVE) for _ in range(negatives)]
    rng.shuffle(words)
    label = 1 if positives > negatives else 0
    if rng.random() < 0.08:
        label = 1 - label
    return {"text": " ".join(words), "label": label}


def main():
    rng = random.Random(20200215)
    here = os.path.dirname(os.path.abspath(__file__))
    for name, count in (("train.jsonl", 400), ("dev.jsonl", 100)):
        with open(os.path.join(here, name), "w") as f:
            for _ in range(count):
                f.write(json.dumps(sentence(rng)) + "\n")


if __name__ == "__main__":
    main()
