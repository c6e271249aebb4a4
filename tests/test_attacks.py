"""A determined attacker against kwaliteit (issue 14): one test per way the promises broke.

Privacy (anonymous means anonymous), templates (a stranger's template cannot run code), files
(locks and outputs cannot be turned against the user) and honesty when the disk is full. The
tests drive the real CLI in a subprocess wherever they can, so they hold whatever the layout
of the package inside.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.attackkit import (
    NAME_FORMS,
    NSE_ANSWERS,
    attack_data,
    follow_up_table,
    in_progress_session,
    leaked_words,
    nse_data,
    write_session,
)
from tests.conftest import ROOT, run_kwaliteit

ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# --- 1. --anoniem leaks names ----------------------------------------------------------------


def test_anonymous_report_catches_every_form_of_every_name(tmp_path: Path) -> None:
    session = write_session(tmp_path / "s.toml", attack_data())
    result = run_kwaliteit("report", session, "--anoniem", "-f", "json")
    assert result.returncode == 0, result.stderr
    context = json.loads(result.stdout)
    leaked = [
        form
        for form, agreement in zip(NAME_FORMS, context["agreements"], strict=True)
        if leaked_words(agreement["what"])
    ]
    assert leaked == [], f"{len(leaked)} of {len(NAME_FORMS)} name forms leaked: {leaked}"
    for fmt in ("md", "html", "json"):
        text = run_kwaliteit("report", session, "--anoniem", "-f", fmt).stdout
        assert leaked_words(text) == set(), fmt


def test_a_free_text_role_with_a_name_does_not_become_the_label(tmp_path: Path) -> None:
    data = attack_data()
    data["participants"][4]["role"] = "mentor van Karim"
    session = write_session(tmp_path / "s.toml", data)
    result = run_kwaliteit("report", session, "--anoniem")
    assert result.returncode == 0, result.stderr
    assert leaked_words(result.stdout) == set()


def test_overview_anonymous_leaves_no_name_in_titles_questions_or_agreements(
    tmp_path: Path,
) -> None:
    write_session(tmp_path / "s.toml", attack_data())
    for fmt in ("md", "html", "json"):
        result = run_kwaliteit("overzicht", tmp_path, "--anoniem", "-f", fmt)
        assert result.returncode == 0, result.stderr
        assert leaked_words(result.stdout) == set(), fmt


def test_the_follow_up_look_back_is_anonymous(tmp_path: Path) -> None:
    data = attack_data()
    data["follow_up"] = follow_up_table()
    session = write_session(tmp_path / "s.toml", data)
    for fmt in ("md", "html", "json"):
        result = run_kwaliteit("report", session, "--anoniem", "-f", fmt)
        assert result.returncode == 0, result.stderr
        assert leaked_words(result.stdout) == set(), fmt
    overview = run_kwaliteit("overzicht", tmp_path, "--anoniem", "-f", "json")
    assert leaked_words(overview.stdout) == set()


def test_batch_report_names_under_anoniem_carry_no_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_session(folder / "s.toml", attack_data())
    out = tmp_path / "uit"
    result = run_kwaliteit("report", folder, "--output-dir", out, "--anoniem")
    assert result.returncode == 0, result.stderr
    names = [p.name for p in out.iterdir()]
    assert len(names) == 1
    assert leaked_words(names[0].replace("-", " ")) == set(), names
    assert leaked_words(result.stderr) == set()


def test_numbered_neutral_labels_show_neither_name_nor_role(tmp_path: Path) -> None:
    session = write_session(tmp_path / "s.toml", attack_data())
    result = run_kwaliteit("report", session, "--anoniem", "--neutraal", "-f", "json")
    assert result.returncode == 0, result.stderr
    context = json.loads(result.stdout)
    labels = [p["label"] for p in context["participants"]]
    assert labels == [f"Deelnemer {n}" for n in range(1, 6)]
    text = json.dumps(context, ensure_ascii=False)
    assert "schoolopleider" not in text.casefold() and "bestuurder" not in text.casefold()
    assert leaked_words(text) == set()


def test_the_anonymous_report_says_a_unique_role_can_point_at_a_person(tmp_path: Path) -> None:
    session = write_session(tmp_path / "s.toml", attack_data())
    result = run_kwaliteit("report", session, "--anoniem")
    assert "kleine groep" in result.stdout
    assert "kleine groep" not in run_kwaliteit("report", session).stdout


# --- 2. --template runs any code --------------------------------------------------------------

TEMPLATE_ESCAPES = [
    "{{ lipsum.__globals__['os'].system('touch MARK') }}",
    "{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}",
    "{{ joiner.__init__.__globals__.os.system('touch MARK') }}",
    "{{ namespace.__init__.__globals__.os.system('touch MARK') }}",
    "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if c.__name__ == 'Popen' %}"
    "{{ c(['touch', 'MARK']).wait() }}{% endif %}{% endfor %}",
    "{{ lipsum.__globals__.__builtins__.open('MARK', 'w').write('x') }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch MARK') }}",
    "{{ lipsum.__globals__.__builtins__.open('SESSION').read() }}",
    "{{ lipsum.__globals__.os.environ['KWALITEIT_GEHEIM'] }}",
]


@pytest.mark.parametrize("payload", TEMPLATE_ESCAPES)
def test_a_template_cannot_run_code_or_read_files(payload: str, tmp_path: Path) -> None:
    session = write_session(tmp_path / "s.toml", attack_data())
    template = tmp_path / "kwaad.md.j2"
    template.write_text(payload.replace("SESSION", str(session)), "utf-8")
    result = run_kwaliteit(
        "report",
        session,
        "--anoniem",
        "--template",
        template,
        cwd=tmp_path,
        env={"KWALITEIT_GEHEIM": "geheim-1234"},
    )
    ran = (tmp_path / "MARK").exists() or "geheim-1234" in result.stdout
    ran = ran or bool(leaked_words(result.stdout))
    assert not ran, "the template ran code"
    assert result.returncode == 1, result.stderr
    assert "Sjabloon" in result.stderr and "Traceback" not in result.stderr


def test_a_template_cannot_change_the_context(tmp_path: Path) -> None:
    session = write_session(tmp_path / "s.toml", attack_data())
    template = tmp_path / "t.md.j2"
    template.write_text("{% set _ = participants.append(1) %}{{ participants | length }}", "utf-8")
    result = run_kwaliteit("report", session, "--template", template)
    assert result.returncode == 1
    assert "Sjabloon" in result.stderr and "Traceback" not in result.stderr


def test_a_template_that_writes_html_is_escaped_whatever_its_name(tmp_path: Path) -> None:
    data = attack_data()
    data["meeting"]["title"] = "<script>alert(1)</script>"
    session = write_session(tmp_path / "s.toml", data)
    template = tmp_path / "verslag.txt.j2"
    template.write_text("<!doctype html>\n<html><body><h1>{{ title }}</h1></body></html>\n")
    result = run_kwaliteit("report", session, "--template", template)
    assert result.returncode == 0, result.stderr
    assert "<script>" not in result.stdout and "&lt;script&gt;" in result.stdout


def test_a_plain_template_still_works(tmp_path: Path) -> None:
    session = write_session(tmp_path / "s.toml", nse_data())
    template = tmp_path / "lijst.md.j2"
    template.write_text(
        "{% for a in agreements %}- {{ a.what }} ({{ a.who }})\n{% endfor %}", "utf-8"
    )
    result = run_kwaliteit("report", session, "--template", template)
    assert result.returncode == 0, result.stderr
    assert "(Sanne de Wit)" in result.stdout


# --- 3 and 4. locks ---------------------------------------------------------------------------


def test_a_planted_lock_symlink_does_not_overwrite_its_target(tmp_path: Path) -> None:
    session = in_progress_session(tmp_path)
    victim = tmp_path / "belangrijk.txt"
    victim.write_text("niet aankomen\n", "utf-8")
    (tmp_path / "gesprek.toml.lock").symlink_to(victim)
    result = run_kwaliteit("resume", session, "--answers", NSE_ANSWERS)
    assert victim.read_text("utf-8") == "niet aankomen\n"
    assert result.returncode == 1
    assert "slot" in result.stderr and "Traceback" not in result.stderr


def test_a_planted_lock_symlink_for_a_new_session_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "belangrijk.txt"
    victim.write_text("niet aankomen\n", "utf-8")
    (tmp_path / "nieuw.toml.lock").symlink_to(victim)
    result = run_kwaliteit("start", "--answers", NSE_ANSWERS, "-o", tmp_path / "nieuw.toml")
    assert victim.read_text("utf-8") == "niet aankomen\n"
    assert result.returncode == 1


@contextlib.contextmanager
def _held_open(session: Path) -> Iterator[None]:
    """Another process that has ``session`` open, as `kwaliteit resume` would have it."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from kwaliteit_cli.session.lock import SessionLock\n"
        "lock = SessionLock(Path(sys.argv[1]))\n"
        "lock.acquire()\n"
        "print('vast' if lock.held else 'los', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(session)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "vast"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_holds_for_the_file_not_the_name_symlink(tmp_path: Path) -> None:
    session = in_progress_session(tmp_path)
    link = tmp_path / "ander-pad.toml"
    link.symlink_to(session.name)
    with _held_open(session):
        result = run_kwaliteit("resume", link, "--answers", NSE_ANSWERS)
    assert result.returncode == 1
    assert "al geopend" in result.stderr


def test_resume_through_a_symlink_writes_the_real_file_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    session = in_progress_session(tmp_path)
    link = tmp_path / "ander-pad.toml"
    link.symlink_to(session.name)
    result = run_kwaliteit("resume", link, "--answers", NSE_ANSWERS)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert 'status = "completed"' in session.read_text("utf-8")


def test_a_session_with_a_second_name_hard_link_is_refused(tmp_path: Path) -> None:
    session = in_progress_session(tmp_path)
    other = tmp_path / "tweede-naam.toml"
    os.link(session, other)
    before = session.read_bytes()
    result = run_kwaliteit("resume", other, "--answers", NSE_ANSWERS)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "koppeling" in result.stderr
    assert session.read_bytes() == before and os.stat(session).st_ino == os.stat(other).st_ino


# --- 5. a completely full disk ----------------------------------------------------------------

_FULL_DISK = """
set -e
exec 3>/out/stdout 4>/out/stderr 5>/out/rc 6<"$SESSION"  # before /tmp is covered
# The checkout and its interpreter may live under /tmp themselves (a CI clone): keep the
# real /tmp and /var/tmp reachable under /mnt before covering them with full ones.
mount -t tmpfs tmpfs /mnt
mkdir /mnt/tmp /mnt/var-tmp
mount --bind /tmp /mnt/tmp
mount --bind /var/tmp /mnt/var-tmp
for d in /tmp /var/tmp; do mount -t tmpfs -o size=64k tmpfs $d; done
cd /tmp
cat <&6 > /tmp/s.toml
dd if=/dev/zero of=/tmp/vol bs=1k count=1000 2>/dev/null || true
dd if=/dev/zero of=/var/tmp/vol bs=1k count=1000 2>/dev/null || true
set +e
HOME=/tmp TMPDIR=/tmp "$PYTHON" -m kwaliteit_cli resume /tmp/s.toml --answers "$ANSWERS" >&3 2>&4
echo $? >&5
"""


def _reachable(path: Path | str) -> str:
    """Where ``path`` is found once /tmp and /var/tmp are covered (see _FULL_DISK)."""
    text = str(path)
    for covered, kept in (("/var/tmp", "/mnt/var-tmp"), ("/tmp", "/mnt/tmp")):
        if text == covered or text.startswith(covered + "/"):
            return kept + text[len(covered) :]
    return text


def _can_unshare() -> bool:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /tmp"],
        capture_output=True,
    )
    return done.returncode == 0


def test_a_completely_full_disk_prints_the_answers_and_says_so_honestly(tmp_path: Path) -> None:
    if not _can_unshare():
        pytest.fail("this test needs root and mount namespaces (unshare -m), as in CI")
    out = tmp_path / "out"
    out.mkdir()
    script = _FULL_DISK.replace("/out/", f"{out}/")
    session = in_progress_session(tmp_path)
    env = {**os.environ, "PYTHON": _reachable(sys.executable)}
    env["ANSWERS"] = _reachable(NSE_ANSWERS)
    env["SESSION"] = str(session)
    env["PYTHONPATH"] = _reachable(ROOT)
    subprocess.run(["unshare", "-m", "sh", "-c", script], env=env, cwd=ROOT, check=True)
    stdout = (out / "stdout").read_text("utf-8")
    stderr = (out / "stderr").read_text("utf-8")
    assert (out / "rc").read_text().strip() == "1", stderr
    assert "onverwacht" not in stderr
    assert "veilig" not in stderr
    assert "Ook een noodkopie lukte nergens" in stderr
    # The whole session on stdout, to copy: it reads back as a session file.
    assert "Uitgesplitst zie je dat het vooral op de twee grootste scholen speelt." in stdout
    copied = tmp_path / "overgenomen.toml"
    copied.write_text(stdout, "utf-8")
    check = run_kwaliteit("check", copied)
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_emergency_copy_is_one_the_reader_accepts(tmp_path: Path) -> None:
    """An answer that makes the session too large: the emergency copy still resumes."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kwaliteit_cli.conversation.saving import SessionKeeper\n"
        "from kwaliteit_cli.session.file import load_session, SESSION_MAX_BYTES\n"
        "from kwaliteit_cli.errors import SaveError\n"
        "session = load_session(Path(sys.argv[1]))\n"
        "session.answers[-1].text = 'x' * (SESSION_MAX_BYTES - 1000)\n"
        "keeper = SessionKeeper(Path(sys.argv[1]))\n"
        "try:\n"
        "    keeper.save(session)\n"
        "except SaveError as error:\n"
        "    print(error.hint)\n"
    )
    session = in_progress_session(tmp_path)
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(session)], capture_output=True, text=True, env=env
    )
    copies = list(tmp_path.glob("*noodkopie*.toml"))
    assert len(copies) == 1, done.stdout + done.stderr
    result = run_kwaliteit("check", copies[0])
    assert result.returncode == 0, result.stdout + result.stderr


# --- 6. escape sequences reach the terminal ---------------------------------------------------


def test_file_names_in_messages_reach_the_terminal_inert(tmp_path: Path) -> None:
    name = "\x1b]52;c;Z2VoYWNrdA==\x07\x1b]0;titel\x07\x1b[2J\x9b31m.toml"
    result = run_kwaliteit("report", str(tmp_path / name))
    assert result.returncode in (1, 2)
    assert not ESCAPES.search(result.stderr.replace("\n", "")), repr(result.stderr)
    bad = tmp_path / "kapot\x1b[2J.toml"
    bad.write_text("schema_version = [", "utf-8")
    for command in ("check", "report", "overzicht"):
        result = run_kwaliteit(command, tmp_path)
        assert not ESCAPES.search(result.stderr.replace("\n", "")), (command, result.stderr)
        assert not ESCAPES.search(result.stdout.replace("\n", "")), (command, result.stdout)


def test_a_stale_lock_file_cannot_send_escape_sequences(tmp_path: Path) -> None:
    session = in_progress_session(tmp_path)
    (tmp_path / "gesprek.toml.lock").write_text(
        'pid = 1\nhost = "\\u001b]0;gehackt\\u0007\\u001b[2Jlaptop"\n', "utf-8"
    )
    result = run_kwaliteit("resume", session, "--answers", NSE_ANSWERS)
    assert result.returncode == 0, result.stderr
    assert "laptop" in result.stderr
    assert not ESCAPES.search(result.stderr.replace("\n", "")), repr(result.stderr)


def test_overview_json_escapes_every_control_character(tmp_path: Path) -> None:
    data = nse_data()
    data["meeting"]["title"] = "a\x7fb\x9b31mc\x85d\u2028e"
    data["agreements"][0]["what"] = "\x1b]0;titel\x07 en \x9b2J"
    write_session(tmp_path / "s.toml", data)
    result = run_kwaliteit("overzicht", tmp_path, "-f", "json")
    assert result.returncode == 0, result.stderr
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", result.stdout)
    assert json.loads(result.stdout)["sessions"][0]["title"] == "a\x7fb\x9b31mc\x85d\u2028e"


# --- 7. outputs replace device files and FIFOs ------------------------------------------------


def test_overzicht_output_does_not_replace_a_fifo(tmp_path: Path) -> None:
    write_session(tmp_path / "s.toml", nse_data())
    fifo = tmp_path / "uit.md"
    os.mkfifo(fifo)
    result = run_kwaliteit("overzicht", tmp_path / "s.toml", "-o", fifo, timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "uit.md" in result.stderr


def test_overzicht_output_does_not_replace_a_device(tmp_path: Path) -> None:
    """Written into, as `report -o` does: a character device of its own (never /dev/null
    itself, which a failing run as root would replace for the whole machine)."""
    write_session(tmp_path / "s.toml", nse_data())
    device = tmp_path / "leeg"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        device.symlink_to("/dev/null")  # not root: the link is what would be replaced
    result = run_kwaliteit("overzicht", tmp_path / "s.toml", "-o", device)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat(device).st_mode) and not stat.S_ISREG(os.lstat(device).st_mode)


def test_a_fifo_under_a_report_name_does_not_hang_the_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_session(folder / "s.toml", nse_data())
    out = tmp_path / "uit"
    out.mkdir()
    fifo = out / "2026-03-12-nse-2026-begeleiding-op-de-stageschool.md"
    os.mkfifo(fifo)
    try:
        result = run_kwaliteit("report", folder, "-d", out, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("report -d hung on a FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert result.returncode == 1
    assert "geen gewoon bestand" in result.stderr


# --- 8. a killed batch leaves its workers running ---------------------------------------------


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found |= {int(x) for x in handle.read().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and fork: Linux only")
def test_killing_a_batch_stops_its_workers_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (ROOT / "examples" / "nse-stagebegeleiding.toml").read_text("utf-8")
    for n in range(3000):
        (folder / f"s{n:04d}.toml").write_text(text, "utf-8")
    out = tmp_path / "uit"
    parent = subprocess.Popen(
        [sys.executable, "-m", "kwaliteit_cli", "report", str(folder), "-d", str(out), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    for _ in range(600):  # wait (at most a minute) until both workers write reports
        workers = _children(parent.pid)
        if len(workers) >= 2 and out.is_dir() and len(os.listdir(out)) > 10:
            break
        time.sleep(0.1)
    assert len(workers) >= 2, "the workers never started"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(300):
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    alive = [pid for pid in workers if _alive(pid)]
    for pid in alive:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert alive == [], "workers kept running after their parent was killed"
    leftovers = [name for name in os.listdir(out) if name.endswith(".tmp")]
    assert leftovers == []


# --- 9. a cut-off session file passes as complete ---------------------------------------------


def test_a_session_cut_off_at_a_table_boundary_is_noticed(tmp_path: Path) -> None:
    session = tmp_path / "s.toml"
    result = run_kwaliteit("start", "--answers", NSE_ANSWERS, "-o", session)
    assert result.returncode == 0, result.stderr
    text = session.read_text("utf-8")
    cut = tmp_path / "afgebroken.toml"
    cut.write_text(text[: text.index("[[agreements]]")], "utf-8")
    check = run_kwaliteit("check", cut)
    assert check.returncode == 1
    assert "afgebroken" in check.stdout + check.stderr
    report = run_kwaliteit("report", cut)
    assert report.returncode == 1 and "Traceback" not in report.stderr


def test_a_hand_edit_of_a_session_file_stays_possible(tmp_path: Path) -> None:
    session = tmp_path / "s.toml"
    assert run_kwaliteit("start", "--answers", NSE_ANSWERS, "-o", session).returncode == 0
    text = session.read_text("utf-8")
    edited = text.replace("Aantal studenten per werkplekbegeleider", "Aantal studenten per school")
    first = edited.index("[[agreements]]")
    second = edited.index("[[agreements]]", first + 1)
    edited = edited[:first] + edited[second:]  # one agreement taken out by hand
    session.write_text(edited, "utf-8")
    check = run_kwaliteit("check", session)
    assert check.returncode == 0, check.stdout + check.stderr


# --- 10. a stale lock file with deeply nested content -----------------------------------------


def test_a_stale_lock_with_deeply_nested_content_does_not_block_resume(tmp_path: Path) -> None:
    session = in_progress_session(tmp_path)
    (tmp_path / "gesprek.toml.lock").write_text("x = " + "[" * 100_000, "utf-8")
    result = run_kwaliteit("resume", session, "--answers", NSE_ANSWERS)
    assert result.returncode == 0, result.stderr
    assert "onverwacht" not in result.stderr


# --- 11. two sessions created in the same second ----------------------------------------------


def test_a_follow_up_created_in_the_same_second_is_not_linked_to_itself(tmp_path: Path) -> None:
    earlier = nse_data()
    later = nse_data()
    later["meeting"]["title"] = "Vervolg"
    later["meeting"]["date"] = dt.date(2026, 6, 1)
    later["follow_up"] = {
        "title": earlier["meeting"]["title"],
        "file": "a.toml",
        "created_at": earlier["created_at"],
    }
    write_session(tmp_path / "a.toml", earlier)
    write_session(tmp_path / "b.toml", later)
    result = run_kwaliteit("overzicht", tmp_path, "-f", "json")
    assert result.returncode == 0, result.stderr
    sessions = {Path(s["file"]).name: s for s in json.loads(result.stdout)["sessions"]}
    assert Path(sessions["b.toml"]["follows"]["file"]).name == "a.toml"
    assert [Path(r["file"]).name for r in sessions["a.toml"]["followed_by"]] == ["b.toml"]
    assert sessions["b.toml"]["followed_by"] == []


def test_every_new_session_has_its_own_identity(tmp_path: Path) -> None:
    one, two = tmp_path / "een.toml", tmp_path / "twee.toml"
    for path in (one, two):
        assert run_kwaliteit("start", "--answers", NSE_ANSWERS, "-o", path).returncode == 0
    ids = [re.search(r'^id = "(.+)"$', p.read_text("utf-8"), re.M) for p in (one, two)]
    assert ids[0] is not None and ids[1] is not None
    assert ids[0].group(1) != ids[1].group(1)


# --- 12. permissions, a replaced session file, very long names --------------------------------


def test_report_folders_are_not_world_writable_under_umask_000(tmp_path: Path) -> None:
    write_session(tmp_path / "s.toml", nse_data())
    out = tmp_path / "nieuw" / "verslagen"
    command = [sys.executable, "-m", "kwaliteit_cli", "report", str(tmp_path / "s.toml")]
    done = subprocess.run(
        ["sh", "-c", 'umask 000; exec "$@"', "sh", *command, "-d", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    for folder in (out, out.parent):
        assert os.stat(folder).st_mode & 0o022 == 0, oct(os.stat(folder).st_mode)


def test_a_session_file_replaced_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kwaliteit_cli.conversation.saving import SessionKeeper\n"
        "from kwaliteit_cli.session.file import load_session\n"
        "from kwaliteit_cli.errors import KwaliteitError\n"
        "path = Path(sys.argv[1])\n"
        "with SessionKeeper(path) as keeper:\n"
        "    session = keeper.load() if hasattr(keeper, 'load') else load_session(path)\n"
        "    keeper.save(session)\n"
        "    other = path.with_name('ander.toml')\n"
        "    other.write_text(path.read_text('utf-8').replace('Joost', 'Anders'), 'utf-8')\n"
        "    other.replace(path)\n"
        "    try:\n"
        "        keeper.save(session)\n"
        "    except KwaliteitError as error:\n"
        "        print(error.message)\n"
    )
    session = in_progress_session(tmp_path)
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(session)], capture_output=True, text=True, env=env
    )
    assert "Anders" in session.read_text("utf-8"), done.stdout + done.stderr
    assert "vervangen" in done.stdout, done.stdout + done.stderr


def test_anonymous_reports_of_very_long_names_finish(tmp_path: Path) -> None:
    """A hang guard, not a timing (bench/anonymise_long_names.py measures): with a name of
    30,000 words the old pattern took many minutes (10,000 words: 43 s), now seconds."""
    data = attack_data()
    long_name = " ".join(f"Naam{n}" for n in range(30_000))
    data["participants"][0]["name"] = long_name
    data["answers"][0]["text"] = ("Over " + long_name + ". ") * 20
    session = write_session(tmp_path / "s.toml", data)
    try:
        result = run_kwaliteit("report", session, "--anoniem", timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("--anoniem did not finish within two minutes")
    assert result.returncode == 0, result.stderr
    assert "Naam1 " not in result.stdout
