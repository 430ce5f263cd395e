# SPDX-License-Identifier: MIT
"""The transcript harness itself (docs_replay.py), on small pages written to a temp dir: what it
reads from a page, how expected output is matched, how commands run in one shell, and one page
replayed end to end against the real Step1."""
import textwrap
from pathlib import Path

import pytest

from docs_replay import (Command, TranscriptError, output_matches, read_page, replay, replay_page,
                         run_in_one_shell, second_servers, with_port)


def write_page(directory: Path, text: str) -> Path:
    path = directory / "page.md"
    path.write_text(textwrap.dedent(text))
    return path


def test_only_console_blocks_outside_other_code_blocks_are_read(tmp_path: Path) -> None:
    page = read_page(write_page(tmp_path, """\
        # Title
        <!-- replay: Step2 --test-suite -->

        ```sh
        $ not a transcript
        ```

        ```inline code``` is not a fence.

        ````markdown
        <!-- replay: StepX -->
        ```console
        $ shown as an example only
        ```
        ````

        1. In a list:

           ```console
           $ echo one
           one
           ```

        ~~~ console
        $ echo two
        two
        ~~~
        """))
    assert page.replay == "Step2 --test-suite"
    assert page.server == ["Step2", "--test-suite"]
    assert page.commands() == [Command("echo one", 20, ["one"]), Command("echo two", 25, ["two"])]


def test_a_page_without_a_replay_comment_has_none(tmp_path: Path) -> None:
    page = read_page(write_page(tmp_path, "```console\n$ true\n```\n"))
    assert page.replay is None and len(page.blocks) == 1


def test_a_page_may_not_name_two_different_servers(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="several different replay comments"):
        read_page(write_page(tmp_path, "<!-- replay: Step1 -->\n<!-- replay: Step2 -->\n"))


def test_a_trailing_backslash_continues_a_command_and_the_rest_is_its_output(tmp_path: Path) -> None:
    page = read_page(write_page(tmp_path, """\
        ```console
        $ printf '%s\\n' a \\
            b
        a

        b
        $ swift run Step1
        Step1 listening on http://localhost:3000
        ```
        """))
    first, second = page.commands()
    assert first == Command("printf '%s\\n' a \\\n    b", 2, ["a", "", "b"])
    assert first.is_run and not second.is_run


def test_text_before_the_first_command_of_a_block_is_an_error(tmp_path: Path) -> None:
    page = read_page(write_page(tmp_path, "```console\n\nstray output\n$ true\n```\n"))
    with pytest.raises(TranscriptError, match="line 3: output before the first"):
        page.commands()


@pytest.mark.parametrize("expected, actual, matches", [
    # Exact text; regex characters in the page are literal.
    ('{"status":"ok"}', '{"status":"ok"}\n', True),
    ("a.c", "abc", False),
    ("[1]", "[1]", True),
    # Trailing whitespace, CRLF, a missing final newline and trailing blank lines do not matter...
    ("HTTP/1.1 200 OK\nDate: x", "HTTP/1.1 200 OK  \r\nDate: x\r\n\r\n", True),
    ("ok", "ok", True),
    ("ok\n\n", "ok", True),
    # ...but leading blank lines, missing and extra lines do.
    ("ok", "\nok", False),
    ("ok", "ok\nmore", False),
    ("ok\nmore", "ok", False),
    ("", "", True),
    ("", "something", False),
    # <sid>: exactly 20 characters of the base64url alphabet.
    ('0{"sid":"<sid>"}', '0{"sid":"AbC-_0123456789xyzAB"}', True),
    ('0{"sid":"<sid>"}', '0{"sid":"AbC-_0123456789xyzA"}', False),
    ('0{"sid":"<sid>"}', '0{"sid":"AbC-_0123456789xyzABC"}', False),
    ('0{"sid":"<sid>"}', '0{"sid":"AbC-_0123456789xyzA="}', False),
    # <date>: an IMF-fixdate, as in HTTP Date headers.
    ("Date: <date>", "Date: Sun, 22 Nov 2026 02:03:45 GMT", True),
    ("Date: <date>", "Date: Sunday, 22-Nov-26 02:03:45 GMT", False),
    # <time>: digits, an optional fraction and an optional unit.
    ("took <time>", "took 0.2ms", True),
    ("took <time>", "took 12", True),
    ("took <time>", "took 3.5 s", True),
    ("took <time>", "took soon", False),
    # <n>: one or more digits.
    ("Content-Length: <n>", "Content-Length: 1234", True),
    ("Content-Length: <n>", "Content-Length: ", False),
    ("Content-Length: <n>", "Content-Length: 12a", False),
    # <any>: any text, possibly empty, to the end of the line or up to the literal after it.
    ("Bad Request: <any>", "Bad Request: missing colon in header line", True),
    ("Bad Request: <any>", "Bad Request: ", True),
    ("Bad Request: <any>", "Bad Request:", False),
    ("a <any> z", "a b c z", True),
    ("a <any> z", "a b c y", False),
    ("<any>", "one line\ntwo lines", False),
    ("<n> <sid> <any>!", "7 AAAAAAAAAAAAAAAAAAAA left!", True),
    # <...> alone on a line: any number of lines, including none.
    ("first\n<...>\nlast", "first\nlast", True),
    ("first\n<...>\nlast", "first\n1\n2\n3\nlast", True),
    ("first\n<...>\nlast", "first\n1\n2\n3", False),
    ("<...>\nlast", "a\nb\nlast", True),
    ("first\n<...>", "first\nanything\nelse", True),
    ("  <...>  ", "", True),
    ("x <...>", "x y", False),
])
def test_expected_output_matches_with_placeholders(expected: str, actual: str, matches: bool) -> None:
    assert output_matches(expected.split("\n"), actual) is matches


@pytest.mark.parametrize("command, replayed", [
    ("curl -s localhost:3000/health", "curl -s 127.0.0.1:4321/health"),
    ("curl -s http://127.0.0.1:3000/x", "curl -s http://127.0.0.1:4321/x"),
    ("exec 3<>/dev/tcp/localhost/3000", "exec 3<>/dev/tcp/127.0.0.1/4321"),
    ("curl -s localhost:30001/ localhost:8080/", "curl -s localhost:30001/ localhost:8080/"),
])
def test_commands_are_pointed_at_the_harness_server(command: str, replayed: str) -> None:
    assert with_port(command, 4321) == replayed


def test_a_second_server_the_page_starts_on_another_port_is_started_and_addressed(tmp_path: Path) -> None:
    page = read_page(write_page(tmp_path, """\
        ```console
        $ swift run Step2 --port 3001 --ping-interval 2000
        $ swift run Step1 --port 70000
        $ curl -s localhost:3001/engine.io/ localhost:3000/
        ```
        """))
    assert second_servers(page) == {3001: ["Step2", "--ping-interval", "2000"]}
    assert with_port("curl -s localhost:3001/ localhost:3000/", 4321, {3001: 4322}) == \
        "curl -s 127.0.0.1:4322/ 127.0.0.1:4321/"


def test_commands_share_one_shell_and_merge_stderr(tmp_path: Path) -> None:
    runs = run_in_one_shell(["X=42", "echo $X; echo oops >&2", "printf no-newline", "false"], tmp_path)
    assert [(run.output, run.status) for run in runs] == [
        ("", 0), ("42\noops\n", 0), ("no-newline", 0), ("", 1)]


def test_a_command_reading_stdin_does_not_swallow_the_next_ones(tmp_path: Path) -> None:
    runs = run_in_one_shell(["cat", "echo after"], tmp_path)
    assert [run.output for run in runs] == ["", "after\n"]


def test_curl_prints_no_progress_meter_into_the_pipe(tmp_path: Path) -> None:
    (run,) = run_in_one_shell(["curl -o /dev/null file:///dev/null"], tmp_path)
    assert (run.output, run.status) == ("", 0)


def test_a_hung_command_times_out_and_the_rest_is_not_run(tmp_path: Path) -> None:
    runs = run_in_one_shell(["echo start; sleep 30", "echo never"], tmp_path, timeout=0.5)
    assert runs[0].timed_out and runs[0].output == "start\n"
    assert runs[1].output is None


def test_a_shell_that_exits_early_is_reported(tmp_path: Path) -> None:
    runs = run_in_one_shell(["echo bye; exit 3", "echo never"], tmp_path)
    assert (runs[0].output, runs[0].status, runs[1].output) == ("bye\n", None, None)


def test_replay_reports_each_mismatch_and_stops_at_a_hung_command(tmp_path: Path) -> None:
    page = read_page(write_page(tmp_path, """\
        ```console
        $ echo actual
        expected
        $ echo fine
        fine
        $ sleep 30
        $ echo never
        never
        ```
        """))
    failures = replay(page, 4321, tmp_path, timeout=0.5)
    assert failures == [
        f"{page.path}:2: $ echo actual\n  ran as: echo actual  (exit status 0)\n"
        "--- expected\nexpected\n--- actual\nactual",
        f"{page.path}:6: $ sleep 30\n  ran as: sleep 30  (timed out)\n--- expected\n\n--- actual\n",
        f"{page.path}:7: not run, nor any command after it (an earlier command hung or ended the shell)",
    ]


SAMPLE_PAGE = """\
    # Step 1 in two commands
    <!-- replay: Step1 -->

    ```console
    $ swift run Step1
    Building for debugging...
    Step1 listening on http://localhost:3000
    ```

    ```console
    $ curl -s localhost:3000/health
    {"status":"ok"}
    $ STATUS=$(curl -s -o /dev/null -w '%{http_code}' localhost:3000/missing)
    ```

    ```console
    $ echo "status $STATUS"
    status 404
    ```
    """


def test_a_sample_page_replays_against_step1(tmp_path: Path, start_step) -> None:
    page = write_page(tmp_path, SAMPLE_PAGE)
    assert replay_page(page, start_step, tmp_path, tmp_path) == []


def test_a_stale_sample_page_fails_with_command_expected_and_actual(tmp_path: Path, start_step) -> None:
    page = write_page(tmp_path, SAMPLE_PAGE.replace('{"status":"ok"}', '{"status":"fine"}'))
    failures = replay_page(page, start_step, tmp_path, tmp_path)
    assert len(failures) == 2  # the mismatch, then the server's log
    assert failures[0].startswith(f"{page}:11: $ curl -s localhost:3000/health\n")
    assert '--- expected\n{"status":"fine"}\n--- actual\n{"status":"ok"}' in failures[0]
    assert "Step1 listening on" in failures[1]
