"""python -m diplomacy.synthetic --n N --seed S --out DIR [--extra K] [--off-topic 0.9] [--txt-share 0]"""
from __future__ import annotations

import argparse
import json
import sys

from diplomacy.synthetic.corpus import Settings
from diplomacy.synthetic.writer import BATCH_RECORDS, GOLD_YAML_MAX, write_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m diplomacy.synthetic", description=__doc__)
    parser.add_argument("--n", type=int, required=True, help="records in OUT/landing")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    parser.add_argument("--extra", type=int, default=0, help="the next K records, in OUT/increment/landing")
    parser.add_argument("--off-topic", type=float, default=Settings.off_topic, help="share never mentioning Central Asia")
    parser.add_argument("--txt-share", type=float, default=0.0, help="share written as single .txt files")
    parser.add_argument("--batch-records", type=int, default=BATCH_RECORDS)
    parser.add_argument("--gold-yaml-max", type=int, default=GOLD_YAML_MAX, help="write gold.yaml up to this N")
    args = parser.parse_args(argv)
    if not 0 <= args.off_topic <= 1 or not 0 <= args.txt_share <= 1:
        parser.error("--off-topic and --txt-share are shares between 0 and 1")
    settings = Settings(seed=args.seed, off_topic=args.off_topic, txt_share=args.txt_share)
    manifest = write_corpus(args.out, args.n, settings, extra=args.extra, batch_records=args.batch_records,
                            gold_yaml_max=args.gold_yaml_max,
                            progress=lambda i: print(f"  {i} records", file=sys.stderr, flush=True))
    print(json.dumps({k: manifest[k] for k in ("n", "extra", "sizes", "gold", "seconds")}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
