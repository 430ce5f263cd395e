# SPDX-License-Identifier: MIT
"""Replays the terminal transcripts in docs/ against a real step server.

A page shows what a reader will see when they type its commands; this module runs those commands
and compares. The format is described in docs/contributing-docs.md ("Terminal transcripts"):
`console` blocks, `$ ` commands, expected output with placeholders, and one
`<!-- replay: StepN args -->` comment naming the server the page needs (started by the
`start_step` fixture of conftest.py).
"""
from __future__ import annotations

import contextlib
import os
import re
import selectors
import shlex
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable
from urllib.parse import urlsplit

COMMAND_TIMEOUT = 30.0

# Commands the page shows for the reader to start or build the server; the harness has already
# started it, so these are neither run nor checked.
NOT_RUN_PREFIXES = ("swift run", "swift build", "swift test")
# `swift run Step2 --port 3001 ...`: a second server the reader starts in another terminal. The
# harness starts it too, before the first command, and points `localhost:3001` at it.
SECOND_SERVER = re.compile(r"^swift run (\S+)(.*?) --port (\d+)(.*)$")

PLACEHOLDERS = {
    "<sid>": r"[A-Za-z0-9_-]{20}",
    "<date>": r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
              r" \d{4} \d{2}:\d{2}:\d{2} GMT",
    "<time>": r"\d+(?:\.\d+)?(?: ?[A-Za-zµ]+)?",
    "<n>": r"\d+",
    "<any>": r".*?",
}
PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))
ANY_LINES = "<...>"

REPLAY_COMMENT = re.compile(r"^\s*<!--\s*replay:\s*(.*?)\s*-->\s*$")
FENCE_OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`]*?)\s*$")
# `localhost:3000` but not `localhost:30001`.
DEFAULT_ADDRESS = re.compile(r"(?:localhost|127\.0\.0\.1):3000(?!\d)")
DEFAULT_DEV_TCP = re.compile(r"/dev/tcp/(?:localhost|127\.0\.0\.1)/3000(?!\d)")


class TranscriptError(Exception):
    """A `console` block that does not follow the format (reported as a test failure)."""


@dataclass
class Command:
    """One `$ ` command of a page and the output the page says it prints."""
    text: str
    line: int
    expected: list[str] = field(default_factory=list)

    @property
    def is_run(self) -> bool:
        return not self.text.startswith(NOT_RUN_PREFIXES)


@dataclass
class Page:
    path: Path
    replay: str | None          # the text of the replay comment; None when the page has none
    blocks: list[tuple[int, list[str]]]  # (line of the first content line, content lines)

    @property
    def server(self) -> list[str]:
        """The binary name and its arguments, from `<!-- replay: Step2 --test-suite -->`."""
        words = shlex.split(self.replay or "")
        if not words:
            raise TranscriptError(f"{self.path}: the replay comment names no binary")
        return words

    def commands(self) -> list[Command]:
        return [command for line, lines in self.blocks for command in parse_block(lines, line)]


def read_page(path: Path) -> Page:
    """Finds the `console` blocks and the replay comment, ignoring anything inside other code
    blocks (so a page can show the format itself in a ```` ```markdown ```` block)."""
    replays: list[str] = []
    blocks: list[tuple[int, list[str]]] = []
    fence: tuple[str, str] | None = None  # indentation and fence marks of the open code block
    content: list[str] | None = None      # the open block's lines, when it is a `console` block
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fence is None:
            if match := FENCE_OPEN.match(line):
                indent, marks, info = match.groups()
                fence = (indent, marks)
                content = [] if info.split()[:1] == ["console"] else None
                if content is not None:
                    blocks.append((number + 1, content))
            elif match := REPLAY_COMMENT.match(line):
                replays.append(match.group(1))
        elif re.fullmatch(rf"\s*{re.escape(fence[1][0])}{{{len(fence[1])},}}\s*", line):
            fence = None
        elif content is not None:
            content.append(line.removeprefix(fence[0]))
    if len(set(replays)) > 1:
        raise TranscriptError(f"{path}: several different replay comments: {replays}")
    return Page(path, replays[0] if replays else None, blocks)


def parse_block(lines: list[str], first_line: int) -> list[Command]:
    """Splits a `console` block into commands; a trailing backslash continues a command."""
    commands: list[Command] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("$ "):
            command = Command(line[2:], first_line + index)
            while command.text.endswith("\\") and index + 1 < len(lines):
                index += 1
                command.text += "\n" + lines[index]
            commands.append(command)
        elif commands:
            commands[-1].expected.append(line)
        elif line.strip():
            raise TranscriptError(f"line {first_line + index}: output before the first `$ ` command: {line!r}")
        index += 1
    return commands


def normalized_lines(text: str) -> list[str]:
    """CRLF to LF, no trailing whitespace, no trailing blank lines: what a reader can see."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def expected_pattern(expected: list[str]) -> re.Pattern[str]:
    """One regex for a command's whole output. Each line matches up to and including its `\\n`,
    ignoring trailing whitespace (so `Bad Request: <any>` matches `Bad Request: ` too)."""
    parts = []
    for line in normalized_lines("\n".join(expected)):
        if line.strip() == ANY_LINES:
            parts.append(r"(?:[^\n]*\n)*?")
            continue
        position = 0
        for match in PLACEHOLDER.finditer(line):
            parts.append(re.escape(line[position:match.start()]) + PLACEHOLDERS[match.group()])
            position = match.end()
        parts.append(re.escape(line[position:]) + r"[ \t]*\n")
    return re.compile("".join(parts))


def output_matches(expected: list[str], actual: str) -> bool:
    lines = actual.replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return expected_pattern(expected).fullmatch("".join(line + "\n" for line in lines)) is not None


def with_port(command: str, port: int, others: dict[int, int] | None = None) -> str:
    """Points the page's `localhost:3000` at the server the harness started, and each port of
    `others` (a page's port: the real one) at the second server started for it."""
    command = DEFAULT_ADDRESS.sub(f"127.0.0.1:{port}", command)
    command = DEFAULT_DEV_TCP.sub(f"/dev/tcp/127.0.0.1/{port}", command)
    for page_port, real_port in (others or {}).items():
        command = re.sub(rf"(?:localhost|127\.0\.0\.1):{page_port}(?!\d)", f"127.0.0.1:{real_port}", command)
    return command


def second_servers(page: Page) -> dict[int, list[str]]:
    """The servers the page starts with `swift run StepN ... --port P` and then talks to at
    `localhost:P` (P other than 3000), by port: the binary name and its arguments without `--port P`.
    (`swift run Step1 --port 70000`, showing a refused setting, is addressed by no command.)"""
    servers = {}
    for command in page.commands():
        if (match := SECOND_SERVER.match(command.text)) and match.group(3) != "3000":
            address = re.compile(rf"(?:localhost|127\.0\.0\.1):{match.group(3)}(?!\d)")
            if any(address.search(other.text) for other in page.commands() if other.is_run):
                servers[int(match.group(3))] = [match.group(1), *shlex.split(match.group(2) + match.group(4))]
    return servers


@dataclass
class Run:
    """What one command printed (stdout and stderr merged) and its exit status.
    `output` is None when the shell never got to the command; `timed_out` when it hung."""
    output: str | None = None
    status: int | None = None
    timed_out: bool = False


def run_in_one_shell(commands: list[str], cwd: Path, timeout: float = COMMAND_TIMEOUT) -> list[Run]:
    """Runs the commands in order in one bash, so `SID=$(...)` carries over to later commands.

    After each command bash prints a marker that cannot occur in real output; the text between
    markers is that command's output. The marker starts with a newline so that output without a
    final newline (curl) still ends where it should. stdin is /dev/null: the script is passed with
    `-c`, so a command that reads stdin cannot swallow the commands after it.

    On a terminal curl prints no progress meter; into our pipe it would, so a curlrc with
    `no-progress-meter` (found through CURL_HOME) makes it print what the reader sees.
    """
    marker = f"__docs_replay_{uuid.uuid4().hex}__"
    script = "".join(f"{command}\nprintf '\\n{marker} %s\\n' \"$?\"\n" for command in commands)
    with tempfile.TemporaryDirectory() as curl_home:
        Path(curl_home, ".curlrc").write_text("no-progress-meter\n")
        process = subprocess.Popen(
            ["bash", "--noprofile", "--norc", "-c", script], cwd=cwd, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "CURL_HOME": curl_home})
        try:
            return read_runs(process.stdout, len(commands), marker, timeout)
        finally:
            # The whole session: also whatever a command left running in the background.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            process.stdout.close()


def read_runs(stream: IO[bytes], count: int, marker: str, timeout: float) -> list[Run]:
    """Splits the shell's output at the markers; gives up on a command after `timeout` seconds."""
    boundary = re.compile(rb"\n" + marker.encode() + rb" (\d+)\n")
    runs = [Run() for _ in range(count)]
    buffer, done = b"", 0
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while done < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                runs[done] = Run(buffer.decode(errors="replace"), timed_out=True)
                break
            if not selector.select(remaining):
                continue
            chunk = os.read(stream.fileno(), 65536)
            if not chunk:
                runs[done] = Run(buffer.decode(errors="replace"))
                break
            buffer += chunk
            while done < count and (match := boundary.search(buffer)):
                runs[done] = Run(buffer[:match.start()].decode(errors="replace"), int(match.group(1)))
                buffer, done = buffer[match.end():], done + 1
                deadline = time.monotonic() + timeout
    return runs


def replay(page: Page, port: int, cwd: Path, timeout: float = COMMAND_TIMEOUT,
           others: dict[int, int] | None = None) -> list[str]:
    """Runs the page's commands against its server, already listening on `port` (and its second
    servers, `others`); returns one message per command whose output differs (empty when the page
    is current)."""
    commands = [command for command in page.commands() if command.is_run]
    runs = run_in_one_shell([with_port(c.text, port, others) for c in commands], cwd, timeout)
    failures = []
    for command, run in zip(commands, runs):
        if run.output is None:
            failures.append(f"{page.path}:{command.line}: not run, nor any command after it "
                            "(an earlier command hung or ended the shell)")
            break
        if run.timed_out or not output_matches(command.expected, run.output):
            failures.append(describe(page.path, command, run, port, others))
    return failures


def replay_page(path: Path, start_step: Callable[..., str], log_dir: Path, cwd: Path) -> list[str]:
    """Starts the page's server with conftest's `start_step` fixture (which logs to
    `<log_dir>/<name>-0.log`) and replays the page against it; failures end with the server's
    log, which often says why."""
    page = read_page(path)
    name, *args = page.server
    port = urlsplit(start_step(name, *args)).port
    others = {page_port: urlsplit(start_step(*server)).port for page_port, server in second_servers(page).items()}
    failures = replay(page, port, cwd, others=others)
    if failures:
        log = (log_dir / f"{name}-0.log").read_text(errors="replace").splitlines()
        failures.append(f"--- last lines of the {name} log (port {port}):\n" + "\n".join(log[-30:]))
    return failures


def describe(path: Path, command: Command, run: Run, port: int, others: dict[int, int] | None = None) -> str:
    """Where the command is, what it ran as, how it ended, and both outputs as a reader sees them."""
    if run.timed_out:
        what = "timed out"
    elif run.status is None:
        what = "the shell exited during it (`exit`, or a syntax error?)"
    else:
        what = f"exit status {run.status}"
    actual = "\n".join(normalized_lines(run.output))
    return (f"{path}:{command.line}: $ {command.text}\n"
            f"  ran as: {with_port(command.text, port, others)}  ({what})\n"
            f"--- expected\n" + "\n".join(normalized_lines("\n".join(command.expected))) + "\n"
            f"--- actual\n{actual}")
