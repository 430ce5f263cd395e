#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The project's one test command (README: `bash scripts/test.sh`; CI: `.ci/run` runs exactly this).
#
# Stages, in order; the first failure stops the run and the summary names the stage:
#   1. venv      .build/venv from Tests/Interop/requirements.txt (reinstalled when that file changes)
#   2. api-docs  scripts/public-docs: every public declaration of the library modules has a /// doc comment
#                (reads the sources, no build: it fails in seconds, before the slow stages)
#   3. build     swift build --build-tests
#   4. unit      swift test (Swift Testing and XCTest)
#   5. consumer  swift build of Tests/Consumer, a package that depends on this one by path and builds the app of
#                docs/library.md from the library products alone (no @testable), into .build/consumer
#   6. fuzz      scripts/fuzz.sh: every libFuzzer harness (Fuzz/README.md) for a few seconds, from its
#                committed corpus, so a known crasher fails the run (replay only where swiftc cannot fuzz)
#   7. interop   pytest Tests/Interop: stock Python Socket.IO / Engine.IO / WebSocket peers against our servers
#   8. autobahn  the Autobahn WebSocket conformance cases (kosoku) against `Step3 --echo-route`;
#                skipped, loudly, until Package.swift has a Step3 product
#
# Needs swift and python3 (>= 3.10) on PATH; nothing else. Linux and macOS: written for bash 3.2
# (no associative arrays, no expansion of empty arrays, whole-second timings from $SECONDS).
#
# Knobs (environment):
#   PYTHON=python3            interpreter that creates the venv
#   SWIFT_FLAGS=""            extra flags for swift build / swift test, e.g. "-c release"
#   FUZZ_SECONDS=5            how long each fuzz harness runs
#   AUTOBAHN_PARALLELISM=2    cases kosoku runs at once
#   AUTOBAHN_EXCLUDE="12.* 13.*"  case globs left out: 12.x and 13.x test permessage-deflate. Step3 runs
#                             with --per-message-deflate, and they pass (180 OK), except 36 (12.*.1-3,
#                             13.*.1-3) where kosoku 0.1.0's own case code fails ("Strings must be encoded
#                             before hashing"), and they take ~7 min: `AUTOBAHN_EXCLUDE="12.*.[123] 13.*.[123]"`
#                             runs the rest (docs/steps/03-websocket.md, "Compression")
#   AUTOBAHN_PATH=/echo       WebSocket echo route served by `Step3 --echo-route`
#
# Interop tests get SIO_BIN_DIR (where the Step executables were built) and SIO_REPO_ROOT, so they can
# start a server on port 0 themselves without going through `swift run`.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$(pwd)"

PYTHON="${PYTHON:-python3}"
SWIFT_FLAGS="${SWIFT_FLAGS:-}"
FUZZ_SECONDS="${FUZZ_SECONDS:-5}"
AUTOBAHN_PARALLELISM="${AUTOBAHN_PARALLELISM:-2}"
AUTOBAHN_EXCLUDE="${AUTOBAHN_EXCLUDE:-12.* 13.*}"
AUTOBAHN_PATH="${AUTOBAHN_PATH:-/echo}"

venv=".build/venv"
requirements="Tests/Interop/requirements.txt"
interop_dir="Tests/Interop"
autobahn_dir=".build/autobahn"

stage="setup"
summary=""
server_pid=""
run_started=$SECONDS
stage_started=$SECONDS

begin() {
  stage="$1"
  stage_started=$SECONDS
  echo
  echo "==> [$stage] $2"
}

finish() { # <result text>
  local took=$((SECONDS - stage_started))
  echo "==> [$stage] $1 (${took}s)"
  summary="${summary}${summary:+, }$stage: $1 (${took}s)"
}

banner() {
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  for line in "$@"; do echo "!!  $line"; done
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
}

on_exit() {
  local status=$?
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  echo
  if [ "$status" -eq 0 ]; then
    echo "test.sh: PASS in $((SECONDS - run_started))s: $summary"
  else
    echo "test.sh: FAIL in stage '$stage' after $((SECONDS - run_started))s${summary:+ (done: $summary)}"
  fi
  exit "$status"
}
trap on_exit EXIT

command -v swift >/dev/null || { echo "swift is not on PATH" >&2; exit 1; }
command -v "$PYTHON" >/dev/null || { echo "$PYTHON is not on PATH (set PYTHON=...)" >&2; exit 1; }
swift_version="$(swift --version 2>&1)"
echo "${swift_version%%$'\n'*}"
echo "$("$PYTHON" --version 2>&1) at $(command -v "$PYTHON")"

# 1. venv ----------------------------------------------------------------------------------------
begin venv "Python peers in $venv from $requirements"
if ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
fi
wanted="$("$venv/bin/python" -c 'import hashlib, sys; print(sys.version.split()[0], hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$requirements")"
if [ "$(cat "$venv/.requirements-stamp" 2>/dev/null || true)" != "$wanted" ]; then
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --requirement "$requirements"
  echo "$wanted" > "$venv/.requirements-stamp"
  finish "installed"
else
  finish "up to date"
fi

# 2. api-docs ------------------------------------------------------------------------------------
begin api-docs "scripts/public-docs (a /// doc comment on every public declaration of the libraries)"
"$PYTHON" scripts/public-docs
finish "ok"

# 3. build ---------------------------------------------------------------------------------------
begin build "swift build --build-tests${SWIFT_FLAGS:+ $SWIFT_FLAGS}"
# shellcheck disable=SC2086 # SWIFT_FLAGS is a list of words
swift build --build-tests $SWIFT_FLAGS
# shellcheck disable=SC2086
bin_dir="$(swift build $SWIFT_FLAGS --show-bin-path)"
finish "ok"

# 4. unit ----------------------------------------------------------------------------------------
begin unit "swift test (Swift Testing + XCTest)"
# shellcheck disable=SC2086
swift test --skip-build $SWIFT_FLAGS
finish "ok"

# 5. consumer ------------------------------------------------------------------------------------
begin consumer "swift build --package-path Tests/Consumer (the library products, as an application uses them)"
# Its own scratch path: the consumer builds the libraries again, as a dependency, and must not share (or
# disturb) the main build's products.
# shellcheck disable=SC2086
swift build --package-path Tests/Consumer --scratch-path .build/consumer $SWIFT_FLAGS
finish "ok"

# 6. fuzz ----------------------------------------------------------------------------------------
begin fuzz "scripts/fuzz.sh all $FUZZ_SECONDS"
bash scripts/fuzz.sh all "$FUZZ_SECONDS"
finish "ok"

# 7. interop -------------------------------------------------------------------------------------
begin interop "pytest $interop_dir"
test_files="$(find "$interop_dir" -type f \( -name 'test_*.py' -o -name '*_test.py' \) -not -path '*/__pycache__/*' | wc -l | tr -d ' ')"
set +e
SIO_BIN_DIR="$bin_dir" SIO_REPO_ROOT="$root" PYTHONDONTWRITEBYTECODE=1 \
  "$venv/bin/python" -m pytest -p no:cacheprovider -q "$interop_dir"
pytest_status=$?
set -e
if [ "$pytest_status" -eq 5 ] && [ "$test_files" -eq 0 ]; then
  finish "no test files yet"          # pytest's 5 means "no tests collected"
elif [ "$pytest_status" -eq 5 ]; then
  echo "pytest collected no tests, yet $interop_dir has $test_files test file(s): import or naming error?" >&2
  exit 1
elif [ "$pytest_status" -ne 0 ]; then
  exit "$pytest_status"
else
  finish "ok ($test_files file(s))"
fi

# 8. autobahn ------------------------------------------------------------------------------------
begin autobahn "Autobahn WebSocket conformance (kosoku) against Step3 --echo-route --per-message-deflate"
products="$(swift package describe --type json | "$venv/bin/python" -c 'import json, sys; print(" ".join(p["name"] for p in json.load(sys.stdin)["products"]))')"
case " $products " in
  *" Step3 "*) has_step3=yes ;;
  *) has_step3=no ;;
esac
if [ "$has_step3" = no ]; then
  banner "SKIPPED: Autobahn WebSocket conformance." \
         "Package.swift has no 'Step3' product yet (products: ${products:-none})." \
         "This stage turns itself on once Step3 exists."
  finish "SKIPPED (no Step3 product)"
  exit 0
fi
[ -x "$bin_dir/Step3" ] || { echo "Step3 is a product but $bin_dir/Step3 was not built" >&2; exit 1; }

rm -rf "$autobahn_dir"
mkdir -p "$autobahn_dir"
port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
# The same binary `swift run Step3 --echo-route` would start, minus swift run's build step.
"$bin_dir/Step3" --echo-route --per-message-deflate --host 127.0.0.1 --port "$port" > "$autobahn_dir/step3.log" 2>&1 &
server_pid=$!
if ! "$venv/bin/python" - "$port" "$server_pid" <<'PY'
import os, socket, sys, time
port, pid = int(sys.argv[1]), int(sys.argv[2])
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit("Step3 exited before listening")
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(f"Step3 did not listen on 127.0.0.1:{port} within 30 s")
PY
then
  echo "--- $autobahn_dir/step3.log" >&2
  tail -n 40 "$autobahn_dir/step3.log" >&2 || true
  exit 1
fi

set -f # the exclusion globs are for kosoku, not for the shell
kosoku_args=("ws://127.0.0.1:$port$AUTOBAHN_PATH" -p "$AUTOBAHN_PARALLELISM" -o "$autobahn_dir/report")
for pattern in $AUTOBAHN_EXCLUDE; do kosoku_args+=(-x "$pattern"); done
set +f
echo "kosoku ${kosoku_args[*]}"
set +e
"$venv/bin/kosoku" "${kosoku_args[@]}" > "$autobahn_dir/kosoku.log" 2>&1
kosoku_status=$?
set -e
server_alive=yes
kill -0 "$server_pid" 2>/dev/null || server_alive=no
# (Written to a file, not captured with $(...): bash 3.2 mis-parses here-documents inside $(...).)
"$venv/bin/python" - "$autobahn_dir/report/index.json" > "$autobahn_dir/counts.txt" <<'PY'
import collections, json, sys
try:
    agents = json.load(open(sys.argv[1]))
except OSError:
    sys.exit(0)
cases = [c for agent in agents.values() for c in agent.values()]
counts = collections.Counter(c["behavior"] for c in cases)
print(f"{len(cases)} cases: " + ", ".join(f"{n} {b}" for b, n in sorted(counts.items())))
PY
counts="$(cat "$autobahn_dir/counts.txt")"
echo "${counts:-no report written}; report: $autobahn_dir/report/index.html"
if [ "$server_alive" = no ]; then
  echo "Step3 died during the run. --- $autobahn_dir/step3.log" >&2
  tail -n 40 "$autobahn_dir/step3.log" >&2 || true
  exit 1
fi
if [ "$kosoku_status" -ne 0 ]; then
  echo "--- failing cases ($autobahn_dir/kosoku.log)" >&2
  grep -E '^  [0-9]' "$autobahn_dir/kosoku.log" | head -n 40 >&2 || tail -n 40 "$autobahn_dir/kosoku.log" >&2
  exit 1
fi
finish "ok, ${counts:-?}"
