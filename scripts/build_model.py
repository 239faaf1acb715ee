"""Save the renovex pipeline as a spacy.load-able folder (default: models/renovex-renovation).

    python scripts/build_model.py [OUT] [--pack renovation]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import renovex


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="models/renovex-renovation")
    parser.add_argument("--pack", default="renovation")
    args = parser.parse_args()
    nlp = renovex.api.build(args.pack)
    nlp.meta["name"] = f"renovex_{Path(str(args.pack)).name}"
    nlp.meta["version"] = renovex.__version__
    nlp.to_disk(args.out)
    print(f"saved {', '.join(nlp.pipe_names)} to {args.out}")


if __name__ == "__main__":
    main()
