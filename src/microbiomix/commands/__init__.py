"""The ``mmm`` subcommands, one module each (``add_parser(subparsers)`` sets ``handler``).

``COMMANDS`` gives each command's one-line help, so ``mmm --help`` lists them without importing
any command module (each imports its own part of the library: NumPy, SciPy, the report, ...).
"""

COMMANDS: dict[str, str] = {
    "markers": "compute markers (GMHI, GMWI2, diversity, ...) for profile files",
    "demo": "run on the bundled example data",
    "db": "build or describe a reference database for `mmm profile`",
    "profile": "profile FASTQ reads against a reference database",
    "portal": "the practitioner web portal",
    "report": "write a gut-health report (HTML, PDF, JSON, FHIR) for one sample",
    "reference": "build a healthy reference for marker percentiles and the dysbiosis score",
    "interpret": "findings, red flags and an evidence-graded plan for one sample",
    "run": "reads to full report for one sample (QC, profile, markers, report)",
    "functions": "run HUMAnN on one sample's reads (tables for mmm report --functions)",
    "batch": "run every sample of a sample sheet through the Snakemake workflow",
    "formats": "list the profile formats microbiomix reads",
    "genes": "detect resistance and virulence genes in FASTQ reads (KMA)",
}
