from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from microbiomix.outputs import atomic_writer


def test_written_file_has_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with atomic_writer(tmp_path / "out.txt") as handle:
            handle.write("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o644


def test_error_leaves_existing_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write("new, half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    # `-o /dev/null` (as root) used to replace the device with a regular file.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with atomic_writer(fifo) as handle:
            handle.write("through the pipe\n")
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_directory_target_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(IsADirectoryError) as caught, atomic_writer(tmp_path / "out") as handle:
        handle.write("x")
    assert caught.value.filename == str(tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_unwritable_directory_error_names_the_target_not_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A read-only folder, as a non-root user meets it (root may write anywhere, so the refusal
    # from the file system is reproduced where it happens: creating the temporary file).
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".x.tsv.abc123.tmp"))

    monkeypatch.setattr("microbiomix.outputs.tempfile.mkstemp", refuse)
    with pytest.raises(PermissionError) as caught, atomic_writer(tmp_path / "x.tsv") as handle:
        handle.write("x")
    assert caught.value.filename == str(tmp_path / "x.tsv")
