"""The published ``gmwi2_metaphlan_output.py``, unchanged, run for many profiles in one Python
process: its ``main()`` is called once per profile with the arguments its command line takes,
so pandas and scikit-learn are imported once (the strongest fair use of the published code; its
README runs it once per sample). Run with the GMWI2 environment (``make gmwi2-venv``).

Usage: .venv-gmwi2/bin/python published_in_one_process.py MODEL OUT_FOLDER PROFILE...
(writes OUT_FOLDER/<name>_GMWI2.txt and <name>_GMWI2_taxa.txt, name = file name up to its
first ``.``, as ``mmm markers`` names the sample)
"""

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "gmwi2_metaphlan_output.py"


def main() -> None:
    spec = importlib.util.spec_from_file_location("gmwi2_metaphlan_output", SCRIPT)
    published = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(published)
    model, out, profiles = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
    for profile in profiles:
        sys.argv = [str(SCRIPT), profile, model, str(out / Path(profile).name.split(".", 1)[0])]
        published.main()


if __name__ == "__main__":
    main()
