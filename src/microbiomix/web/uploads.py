"""Uploaded files are checked by the library's own readers before anything is stored."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from microbiomix.errors import MicrobiomixError
from microbiomix.pipeline import load_profiles


class UploadRejected(Exception):
    """The upload is not acceptable; the message says why, in the user's terms."""


def safe_filename(name: str | None) -> str:
    """The last path component, with anything unusual replaced (never empty)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".")
    return base[:200] or "upload.txt"


@dataclass(frozen=True)
class CheckedProfile:
    filename: str
    input_format: str
    sample_label: str


def check_profile(filename: str, content: bytes, max_bytes: int) -> CheckedProfile:
    """Read the upload with :func:`microbiomix.pipeline.load_profiles`; one sample per file."""
    if len(content) > max_bytes:
        raise UploadRejected(f"file is larger than the limit of {max_bytes // (1024 * 1024)} MB")
    if not content:
        raise UploadRejected("file is empty")
    name = safe_filename(filename)
    with tempfile.TemporaryDirectory(prefix="mmm-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            profiles = load_profiles([path])
        except MicrobiomixError as exc:
            raise UploadRejected(str(exc).replace(folder + "/", "")) from None
        except UnicodeDecodeError:
            raise UploadRejected(f"{name}: not a text file") from None
    if len(profiles) != 1:
        raise UploadRejected(f"{name}: holds {len(profiles)} samples; upload one sample per file")
    profile = profiles[0]
    return CheckedProfile(
        filename=name,
        input_format=profile.provenance.format,
        sample_label=profile.sample_id,
    )
