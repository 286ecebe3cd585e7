"""How `mmm` fails: one stderr line naming the file, exit 2, no traceback; 130 when interrupted;
quiet when its reader goes away. Real files and real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from microbiomix.cli import main
from microbiomix.errors import InputError

KEFIR = "metaphlan_kefir/Subj001_time1_S1.metaphlan3.txt"
MERGED = "gmhi/example_species_relative_abundances.csv"
MMM = [sys.executable, "-m", "microbiomix.cli"]


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_output_into_a_directory_names_it(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out").mkdir()
    assert main(["markers", str(data_dir / KEFIR), "-o", str(tmp_path / "out")]) == 2
    line = one_error_line(capsys)
    assert line.startswith(f"mmm markers: error: {tmp_path / 'out'}: ")
    assert ".tmp" not in line and "Errno" not in line


def test_missing_reference_file_is_one_plain_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nosuch.ref"
    assert main(["markers", str(data_dir / KEFIR), "--reference", str(missing)]) == 2
    assert one_error_line(capsys) == f"mmm markers: error: {missing}: No such file or directory"


def test_reader_going_away_is_not_an_error(data_dir: Path) -> None:
    # `mmm markers ... | head -1`: 25 samples x all markers (~200 kB) is more than a pipe holds.
    process = subprocess.Popen(
        [*MMM, "markers", str(data_dir / MERGED)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith(b"sample\tmarker\t")
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 141
    assert err.decode() == ""


def _read_to_end(fd: int) -> None:
    while os.read(fd, 65536):
        pass


def test_ctrl_c_exits_130_with_one_line(data_dir: Path, tmp_path: Path) -> None:
    # Output (~200 kB) into a FIFO that is read only a little: once output has begun the command
    # is blocked writing, so the interrupt arrives while it runs, whatever the machine's speed.
    fifo = tmp_path / "out.tsv"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    process = subprocess.Popen(
        [*MMM, "markers", str(data_dir / MERGED), "-o", str(fifo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        first = b""
        deadline = time.monotonic() + 60
        while not first and time.monotonic() < deadline:
            try:
                first = os.read(reader, 100)  # b"" until the command opens the FIFO
            except BlockingIOError:
                pass
            if not first:
                time.sleep(0.05)
        assert first.startswith(b"sample\tmarker\t")
        time.sleep(0.2)  # let it fill the pipe and block
        process.send_signal(signal.SIGINT)
        # Keep reading after the interrupt: whatever the command still flushes while closing must
        # not block it (on a loaded machine the interrupt can land before the pipe is full).
        os.set_blocking(reader, True)
        drain = threading.Thread(target=lambda: _read_to_end(reader), daemon=True)
        drain.start()
        _, err = process.communicate(timeout=60)
        drain.join(timeout=60)
    finally:
        if process.poll() is None:  # never leave it running with open pipes for a later test
            process.kill()
            process.communicate()
        os.close(reader)
    assert process.returncode == 130
    assert err.decode() == "mmm markers: interrupted\n"


def test_markers_sample_id_chooses_one_sample_of_a_merged_table(
    data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "m.tsv"
    assert main(["markers", str(data_dir / MERGED), "--sample-id", "Sample3", "-o", str(out)]) == 0
    rows = out.read_text().splitlines()[1:]
    assert rows and {row.split("\t")[0] for row in rows} == {"Sample3"}


def test_markers_unknown_sample_id_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It used to be ignored: all 25 samples were written as if nothing was asked.
    out = tmp_path / "m.tsv"
    assert main(["markers", str(data_dir / MERGED), "--sample-id", "nosuch", "-o", str(out)]) == 2
    assert "has no sample 'nosuch'; it holds Sample1, Sample2" in one_error_line(capsys)
    assert not out.exists()


def test_interpret_sample_id_names_a_single_sample_file_with_forced_format(
    data_dir: Path, tmp_path: Path
) -> None:
    # With --input-format the name used to be taken as a choice among samples and refused.
    out = tmp_path / "f.json"
    argv = ["interpret", str(data_dir / KEFIR), "--input-format", "metaphlan",
            "--sample-id", "client42", "-o", str(out)]
    assert main(argv) == 0
    assert '"sample": "client42"' in out.read_text()


def test_a_parser_message_of_several_lines_is_printed_as_one(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A profile given as --intake: PyYAML's message spans five lines.
    assert main(["interpret", "--intake", str(data_dir / KEFIR)]) == 2
    line = one_error_line(capsys)
    assert line.startswith(f"mmm interpret: error: {data_dir / KEFIR}:")


@pytest.mark.parametrize(
    "argv",
    [["--debug", "markers", "nosuch.txt"], ["markers", "nosuch.txt", "--debug"],
     ["db", "info", "nosuch", "--debug"]],
)
def test_debug_shows_the_traceback_before_or_after_the_command(argv: list[str]) -> None:
    # After the command it used to be refused: "unrecognized arguments: --debug".
    with pytest.raises(InputError, match="nosuch"):
        main(argv)


def test_output_folder_that_is_a_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out").write_text("a file")
    assert main(["demo", "-o", str(tmp_path / "out")]) == 2
    assert one_error_line(capsys) == (
        f"mmm demo: error: {tmp_path / 'out'}: is a file; expected a folder "
        "(or a name that does not exist)"
    )
    assert (tmp_path / "out").read_text() == "a file"


def test_previous_with_many_samples_is_not_sent_to_sample_id(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It used to say "choose one with --sample-id", an option that chooses the reported sample.
    argv = ["report", str(data_dir / KEFIR), "--previous", str(data_dir / MERGED),
            "-o", str(tmp_path / "r.html")]
    assert main(argv) == 2
    assert one_error_line(capsys).endswith(
        "holds 25 samples; --previous takes single-sample profiles")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("option", ["--labs", "--intake"])
def test_run_checks_labs_and_intake_before_profiling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    # A missing --labs used to be found only after profiling, leaving a run without its report.
    reads = tmp_path / "s_R1.fq"
    reads.write_text("@r1\nACGTACGTAC\n+\nIIIIIIIIII\n")
    argv = ["run", str(reads), "--db", str(tmp_path / "db"), "-o", str(tmp_path / "out"),
            option, str(tmp_path / "absent")]
    assert main(argv) == 2
    assert one_error_line(capsys).endswith(f"{tmp_path / 'absent'}: No such file or directory")
    assert not (tmp_path / "out").exists()


def test_ctrl_c_while_starting_up_is_130_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ctrl-C while the command modules are being imported (the first ~0.3 s of every run).
    def interrupted(command: str | None = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("microbiomix.cli.build_parser", interrupted)
    assert main(["markers", "x"]) == 130
    assert one_error_line(capsys) == "mmm: interrupted"


def test_messages_name_the_whole_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "mmm db: error" / "mmm reference: error" did not say which action failed.
    assert main(["db", "info", str(tmp_path / "absent")]) == 2
    assert one_error_line(capsys).startswith("mmm db info: error: ")
    assert main(["reference", "build", str(tmp_path / "a"), "-o", str(tmp_path / "r")]) == 2
    assert one_error_line(capsys).startswith("mmm reference build: error: ")


@pytest.mark.parametrize("command", ["profile", "run"])
def test_threads_below_one_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # --threads 0 was accepted and passed on to the profiler.
    reads = tmp_path / "s_R1.fq"
    reads.write_text("@r1\nACGTACGTAC\n+\nIIIIIIIIII\n")
    out = tmp_path / ("s.profile" if command == "profile" else "out")
    argv = [command, str(reads), "--db", str(tmp_path), "-o", str(out), "--threads", "0"]
    assert main(argv) == 2
    assert one_error_line(capsys) == f"mmm {command}: error: --threads must be at least 1 (got 0)"
    assert not out.exists()
