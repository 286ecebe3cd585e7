"""microbiomix: stool metagenome profiles to an evidence-graded gut-health report."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("microbiomix")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

# Every machine-readable output carries this, so readers of old files know what they hold.
SCHEMA_VERSION = "1"
