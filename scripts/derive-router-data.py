#!/usr/bin/env python3
"""Derives data/router/public/*.tsv from the public intent datasets (training and validation
splits only; their test splits are never read), so that the router trains from the repository
alone. Deterministic: same input, same output. Usage:

    scripts/derive-router-data.py [/path/to/shared/data/intents [/path/to/heldout.sha256]]

The published training splits repeat some sentences of their own test splits, whole or as a clause.
Those must stay unseen, so any text that is, or contains as a clause, a sentence whose hash is in
the held-out list (sha256 of the lowercased, space-collapsed sentence, first 20 hex digits; by
default `../../hooks/heldout.sha256` beside the intents folder) is left out.

Each output line is `text<TAB>labels`: labels is a comma-separated list of amex-help reason slugs
(first = the one the router trains on; any counts as right when scoring), or `oos` for text that
is not about the card at all. Intents the mapping calls `diag` (no single department) or `drop`
(no Amex meaning, such as top-ups and bank transfers) are left out entirely: they are neither a
reason nor clearly "not about the card".
"""
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/intents")
OUT = Path(__file__).resolve().parent.parent / "data" / "router" / "public"
HELD_FILE = Path(sys.argv[2]) if len(sys.argv) > 2 else SRC.parent.parent / "hooks" / "heldout.sha256"
HELD = (
    {l.strip() for l in HELD_FILE.read_text().splitlines() if l.strip() and not l.startswith("#")}
    if HELD_FILE.exists()
    else set()
)


def held_out(text):
    """Whether `text`, or a clause of it, is a sentence of a held-out test split."""
    norm = lambda s: re.sub(r"\s+", " ", s.strip().lower())
    pieces = [text] + re.split(r"[,;?!\"'()|]", text) + re.split(r"(?<=[.?!])\s", text)
    parts = {p for piece in pieces for p in (piece, piece.strip(" .?!:"))}
    return any(
        len(norm(p)) >= 12 and hashlib.sha256(norm(p).encode()).hexdigest()[:20] in HELD
        for p in parts
    )

# CLINC150 intents outside its banking and credit-card domains that do touch a reason. Every other
# intent of those eight domains is "not about the card" (oos). EXCLUDED ones are too close to a
# reason to teach "not about the card", and not clearly one either.
CLINC_OTHER = {
    "book_flight": "travel",
    "book_hotel": "travel",
    "car_rental": "travel",
    "travel_notification": "international",
    "lost_luggage": "global-assist",
    "jump_start": "roadside",
    "restaurant_reservation": "concierge",
}
CLINC_EXCLUDED = {
    "confirm_reservation",  # could be a concierge booking or a restaurant's own
    "cancel_reservation",
    "accept_reservations",
    "tire_change",  # how-to questions, but roadside changes tyres
    "travel_alert",  # advisories: Global Assist gives pre-trip information
    "vaccines",
    "international_visa",
    "flight_status",  # a travel booking question, or an airline's
    "carry_on",
    "exchange_rate",  # currency conversion, close to card use abroad
    "oil_change_when",
    "oil_change_how",
    "schedule_maintenance",
    "last_maintenance",
    "tire_pressure",
    "change_language",  # "can we speak in english": an assistant setting, or asking for a rep who does
}


def clean(text):
    return " ".join(text.replace("\t", " ").split())


def main():
    if not HELD:
        sys.exit(f"no held-out list at {HELD_FILE}: give its path, so no test sentence is derived")
    mapping = {}
    for row in (SRC / "mapping.tsv").read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        source, intent, slugs, tier = row.split("\t")[:4]
        mapping[(source, intent)] = (slugs, tier)

    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    with open(SRC / "banking77-train.csv", encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            slugs, tier = mapping[("banking77", rec["category"])]
            if tier in ("core", "ext"):
                rows.append((clean(rec["text"]), slugs, rec["category"]))
    write("banking77.tsv", rows)

    domains = json.loads((SRC / "clinc150-domains.json").read_text(encoding="utf-8"))
    card_domains = set(domains["banking"]) | set(domains["credit_cards"])
    data = json.loads((SRC / "clinc150-train-val.json").read_text(encoding="utf-8"))
    rows = []
    for split in ("train", "val"):
        for text, intent in data[split]:
            if intent in card_domains:
                slugs, tier = mapping[("clinc150", intent)]
                if tier not in ("core", "ext"):
                    continue
                label = slugs
            elif intent in CLINC_OTHER:
                label = CLINC_OTHER[intent]
            elif intent in CLINC_EXCLUDED:
                continue
            else:
                label = "oos"
            rows.append((clean(text), label, intent))
    write("clinc150.tsv", rows)
    # CLINC150's own out-of-scope queries apart: they are what "not about the card" looks like
    # at its hardest, and the router's calibration weighs them apart from the other domains.
    rows = [(clean(t), "oos", i) for split in ("oos_train", "oos_val") for t, i in data[split]]
    write("clinc150-oos.tsv", rows)


def write(name, rows):
    seen = set()
    lines = []
    for text, label, _intent in rows:
        key = text.lower()
        if not text or key in seen or held_out(text):
            continue
        seen.add(key)
        lines.append(f"{text}\t{label}\n")
    (OUT / name).write_text("".join(lines), encoding="utf-8")
    print(f"{name}: {len(lines)} lines", file=sys.stderr)


if __name__ == "__main__":
    main()
