# SPDX-License-Identifier: MIT
"""ChatDemo's operations side, seen from outside as an operator's tools see it: `/metrics` parsed by the
official Prometheus client's text parser, `/health` and `/ready`, JSON log lines, a graceful SIGTERM with
a connected python-socketio client, and settings refused at start with exit code 2 (docs/deploy.md)."""

import json
import os
import signal
import subprocess
import threading
import time

import requests
import socketio
from prometheus_client.parser import text_string_to_metric_families

from conftest import _bin_dir, _free_port, _wait_until_listening

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def start_chatdemo(tmp_path, *args, env=None):
    """ChatDemo on a free port with its own data directory; returns (process, url, log path)."""
    port = _free_port()
    log_path = tmp_path / f"chatdemo-{port}.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [str(_bin_dir() / "ChatDemo"), "--host", "127.0.0.1", "--port", str(port), "--data", str(tmp_path / "data"),
         "--pbkdf2-iterations", "1000", *args],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env=dict(os.environ, CHATDEMO_ADMIN_PASSWORD="admin-password", **(env or {})))
    log.close()
    _wait_until_listening(process, port, log_path)
    return process, f"http://127.0.0.1:{port}", log_path


def stop(process):
    if process.poll() is None:
        process.kill()
        process.wait()


def scrape(url):
    response = requests.get(url + "/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == CONTENT_TYPE
    return {family.name: family for family in text_string_to_metric_families(response.text)}


def value(families, family, sample=None, **labels):
    """The value of the sample `sample` (default: the family's own name) with exactly `labels`."""
    for entry in families[family].samples:
        if entry.name == (sample or family) and entry.labels == labels:
            return entry.value
    raise AssertionError(f"no sample {sample or family}{labels} in {families[family].samples}")


def login_admin(url):
    answer = requests.post(url + "/api/login", json={"name": "admin", "password": "admin-password"}, timeout=10)
    return answer.json()["token"]


def test_metrics_parse_with_the_prometheus_parser_and_move_with_traffic(tmp_path):
    process, url, _ = start_chatdemo(tmp_path)
    client = socketio.Client(reconnection=False)
    try:
        before = scrape(url)
        types = {name: family.type for name, family in before.items()}
        for name in ["sio_http_connections_accepted", "sio_http_connections_refused", "sio_engine_sessions_opened",
                     "sio_engine_sessions_closed", "sio_engine_upgrades", "sio_engine_handshake_failures",
                     "sio_packets_received", "sio_packets_sent", "sio_bytes_received", "sio_bytes_sent",
                     "sio_broadcasts", "sio_broadcast_receivers", "chatdemo_log_records"]:
            assert types[name] == "counter", name
        for name in ["sio_http_connections_open", "sio_engine_sessions", "sio_sockets_connected",
                     "sio_adapter_connected", "chatdemo_ready", "process_start_time_seconds"]:
            assert types[name] == "gauge", name
        assert value(before, "sio_adapter_connected", adapter="memory") == 1
        assert value(before, "sio_engine_sessions", transport="websocket") == 0

        # The stock client starts on long-polling and upgrades to WebSocket.
        client.connect(url, auth={"token": login_admin(url)}, transports=["polling", "websocket"], wait_timeout=10)
        deadline = time.monotonic() + 10
        while client.transport() != "websocket" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.call("message_all_users", {"message": "maintenance at noon"}, timeout=10) == {"ok": True}
        assert requests.get(url + "/socket.io/?EIO=3&transport=polling", timeout=10).status_code == 400

        after = scrape(url)
        assert value(after, "sio_engine_sessions", transport="websocket") == 1
        assert value(after, "sio_engine_upgrades", "sio_engine_upgrades_total") >= 1
        assert value(after, "sio_sockets_connected", namespace="/") == 1
        for family in ["sio_packets_received", "sio_packets_sent", "sio_bytes_received", "sio_bytes_sent",
                       "sio_broadcasts", "sio_broadcast_receivers", "sio_engine_sessions_opened"]:
            assert value(after, family, family + "_total") > value(before, family, family + "_total"), family
        failures = value(after, "sio_engine_handshake_failures", "sio_engine_handshake_failures_total",
                         code="5", reason="Unsupported protocol version")
        assert failures == 1
        assert value(after, "chatdemo_users_online") == 1
    finally:
        client.disconnect()
        stop(process)


def test_health_and_readiness_answer_json(tmp_path):
    process, url, _ = start_chatdemo(tmp_path)
    try:
        health = requests.get(url + "/health", timeout=10)
        assert (health.status_code, health.json()) == (200, {"status": "ok"})
        ready = requests.get(url + "/ready", timeout=10)
        assert (ready.status_code, ready.json()) == (200, {"status": "ready"})
        assert requests.get(url + "/api/health", timeout=10).json() == {"status": "ok"}
    finally:
        stop(process)


def test_json_logs_are_one_object_per_line(tmp_path):
    process, url, log_path = start_chatdemo(tmp_path, "--log-format", "json")
    try:
        requests.get(url + "/health", timeout=10)
    finally:
        stop(process)
    records = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    assert records, "ChatDemo logged nothing"
    for record in records:
        assert set(record) == {"timestamp", "level", "message", "fields"}, record
        assert record["level"] in {"debug", "info", "warn", "error"}
    listening = next(r for r in records if r["message"].startswith("ChatDemo listening"))
    fields = listening["fields"]
    assert {key: fields[key] for key in ("host", "port")} == {"host": "127.0.0.1", "port": int(url.rsplit(":", 1)[1])}
    assert set(fields) == {"host", "port", "loops"} and 1 <= fields["loops"] <= 64


def test_sigterm_turns_ready_off_disconnects_clients_and_exits_0(tmp_path):
    process, url, log_path = start_chatdemo(tmp_path, "--shutdown-delay", "1500", "--log-format", "json")
    client = socketio.Client(reconnection=False)
    disconnected = threading.Event()
    client.on("disconnect", lambda *reason: disconnected.set())
    try:
        client.connect(url, auth={"token": login_admin(url)}, transports=["websocket"], wait_timeout=10)
        process.send_signal(signal.SIGTERM)
        wait_for_record(log_path, "shutting down")  # a signal arrives when it arrives: wait until it has
        ready = requests.get(url + "/ready", timeout=10)
        assert ready.status_code == 503
        assert ready.json() == {"status": "not ready", "reasons": ["server shutting down"]}
        assert requests.get(url + "/health", timeout=10).status_code == 200
        assert disconnected.wait(10), "the client saw no disconnect"
        assert process.wait(timeout=15) == 0, "a graceful shutdown exits with 0"
    finally:
        client.disconnect()
        stop(process)
    messages = [json.loads(line)["message"] for line in log_path.read_text().splitlines() if line.strip()]
    assert "shutting down" in messages and "stopped" in messages


def wait_for_record(log_path, message, timeout=10):
    """Waits until the JSON log at `log_path` has a record with `message`."""
    deadline = time.monotonic() + timeout
    while f'"message":"{message}"' not in log_path.read_text():
        assert time.monotonic() < deadline, f"no {message!r} in the log"
        time.sleep(0.01)


def run_until_exit(tmp_path, *args, env=None):
    """Runs ChatDemo expecting it to refuse to start; returns (exit code, stderr)."""
    completed = subprocess.run(
        [str(_bin_dir() / "ChatDemo"), "--data", str(tmp_path / "data"), *args], capture_output=True, text=True,
        timeout=30, stdin=subprocess.DEVNULL, env=dict(os.environ, **(env or {})))
    return completed.returncode, completed.stderr.strip()


def test_invalid_settings_stop_the_start_with_exit_code_2_and_a_clear_message(tmp_path):
    config = tmp_path / "chatdemo.json"
    config.write_text('{"port": 8080, "pingTimeout": -5}')
    assert run_until_exit(tmp_path, "--config", str(config)) == (
        2, f'ChatDemo: invalid ping-timeout from key "pingTimeout" of the config file {config}: '
           "expected a positive whole number of milliseconds, got -5")

    config.write_text('{"logformat": "json"}')
    code, message = run_until_exit(tmp_path, env={"CHATDEMO_CONFIG": str(config)})
    assert code == 2 and message.startswith(f'ChatDemo: unknown key "logformat" in the config file {config}')

    assert run_until_exit(tmp_path, env={"CHATDEMO_LOG_FORMAT": "xml"}) == (
        2, "ChatDemo: invalid log-format from the environment variable CHATDEMO_LOG_FORMAT: "
           "expected 'text' or 'json', got 'xml'")
    assert run_until_exit(tmp_path, "--port", "70000") == (
        2, "ChatDemo: invalid port from the flag --port: expected a whole number from 0 to 65535, got '70000'")
    assert not (tmp_path / "data").exists(), "nothing is created before the settings are valid"


def test_a_config_file_sets_what_the_flags_leave_alone(tmp_path):
    config = tmp_path / "chatdemo.json"
    config.write_text('{"pingInterval": 1234, "logFormat": "json", "port": 1}')
    process, url, log_path = start_chatdemo(tmp_path, "--config", str(config))  # --port given by the harness wins
    try:
        handshake = requests.get(url + "/socket.io/?EIO=4&transport=polling", timeout=10).text
        assert json.loads(handshake[1:])["pingInterval"] == 1234
    finally:
        stop(process)
    records = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    sources = next(r for r in records if r["message"] == "settings that are not at their default")["fields"]
    assert sources["ping-interval"] == f'key "pingInterval" of the config file {config}'
    assert sources["port"] == "the flag --port"
