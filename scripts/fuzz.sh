#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Builds the libFuzzer harnesses (Fuzz/README.md) and runs them.
#
#   bash scripts/fuzz.sh                  every harness, 10 seconds each
#   bash scripts/fuzz.sh websocket 600    one harness for ten minutes
#   bash scripts/fuzz.sh all 5            every harness, 5 seconds each (the stage in scripts/test.sh)
#
# The fuzz build lives in .build-fuzz (release, `-sanitize=fuzzer -D SIO_FUZZ`, flags in Fuzz/toolset.json),
# apart from the normal .build. Each harness starts from its committed seeds, Fuzz/Corpus/<harness>/,
# and from what earlier runs found, .build-fuzz/corpus/<harness>/; new inputs go only to the latter,
# so the committed corpus stays small. A crash is saved as .build-fuzz/artifacts/<harness>/crash-<sha1>,
# and the run fails after the other harnesses have had their turn.
#
# On a toolchain without libFuzzer (`swiftc -sanitize=fuzzer` fails, as with Xcode's), the script says so
# and replays the committed corpus through the plain build instead: the known crashers still run.
#
# Knobs (environment):
#   FUZZ_ARGS=""      extra libFuzzer flags, e.g. "-jobs=2 -workers=2" or "-only_ascii=1"
#   FUZZ_MAX_LEN=4096 largest input libFuzzer generates
#   FUZZ_SANITIZE=""  another sanitizer to build in, e.g. "address": catches out-of-bounds access in the
#                     parsers' unsafe-pointer code (UTF8Validator, masking), which optimized builds do not
#                     bounds-check; builds into .build-fuzz-<sanitizer>, about three times slower
set -euo pipefail

cd "$(dirname "$0")/.."

harness="${1:-all}"
seconds="${2:-10}"
FUZZ_ARGS="${FUZZ_ARGS:-}"
FUZZ_MAX_LEN="${FUZZ_MAX_LEN:-4096}"
FUZZ_SANITIZE="${FUZZ_SANITIZE:-}"
scratch=".build-fuzz${FUZZ_SANITIZE:+-$FUZZ_SANITIZE}"
sanitize_flags="${FUZZ_SANITIZE:+-Xswiftc -sanitize=fuzzer,$FUZZ_SANITIZE}"  # one -sanitize= wins: name both

case "$seconds" in
  ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [harness|all] [seconds]" >&2; exit 2 ;;
esac

# 1. Can this toolchain fuzz? A one-function probe, built the way the harness is.
probe_dir="$(mktemp -d)"
trap 'rm -rf "$probe_dir"' EXIT
cat > "$probe_dir/probe.swift" <<'SWIFT'
@_cdecl("LLVMFuzzerTestOneInput")
public func probe(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { 0 }
SWIFT
if ! swiftc -sanitize=fuzzer -parse-as-library "$probe_dir/probe.swift" -o "$probe_dir/probe" >"$probe_dir/log" 2>&1; then
  echo "!! swiftc -sanitize=fuzzer does not work with this toolchain ($(head -n 1 "$probe_dir/log"))."
  echo "!! Not fuzzing: replaying the committed corpus through the plain build instead."
  swift build --product sio-fuzz
  "$(swift build --show-bin-path)/sio-fuzz" "$harness"
  exit 0
fi

# 2. Build.
echo "==> building the fuzz harnesses into $scratch"
# shellcheck disable=SC2086 # sanitize_flags is a list of words
swift build -c release --scratch-path "$scratch" --product sio-fuzz --toolset Fuzz/toolset.json $sanitize_flags
# shellcheck disable=SC2086
fuzzer="$(swift build -c release --scratch-path "$scratch" --toolset Fuzz/toolset.json $sanitize_flags --show-bin-path)/sio-fuzz"

if [ "$harness" = all ]; then
  harnesses="$(ls Fuzz/Corpus)"
else
  [ -d "Fuzz/Corpus/$harness" ] || { echo "no harness '$harness' (Fuzz/Corpus/ has: $(ls Fuzz/Corpus | tr '\n' ' '))" >&2; exit 2; }
  harnesses="$harness"
fi

dictionary_for() {
  case "$1" in
    http|chunked) echo "Fuzz/Dictionaries/http.dict" ;;
    json|socketio|jwt) echo "Fuzz/Dictionaries/json.dict" ;;
    socketio-msgpack) echo "Fuzz/Dictionaries/msgpack-parser.dict" ;;
    *) echo "" ;;
  esac
}

# 3. Run each harness for its share of time.
failed=""
summary=""
for name in $harnesses; do
  corpus="$scratch/corpus/$name"
  artifacts="$scratch/artifacts/$name"
  log="$scratch/logs/$name.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  dictionary="$(dictionary_for "$name")"
  echo "==> $name for ${seconds}s (log: $log)"
  set +e
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of words
  SIO_FUZZ_HARNESS="$name" SWIFT_BACKTRACE=enable=no "$fuzzer" \
    -max_total_time="$seconds" -max_len="$FUZZ_MAX_LEN" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${dictionary:+-dict="$dictionary"} $FUZZ_ARGS \
    "$corpus" "Fuzz/Corpus/$name" > "$log" 2>&1
  status=$?
  set -e
  last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
  echo "    ${execs:-?} execs, ${speed:-?}/s; $last"
  if [ "$status" -ne 0 ]; then
    echo "!! $name failed (exit $status):"
    grep -E 'Fatal error|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -n 5 | sed 's/^/!!   /'
    echo "!!   replay: swift build --product sio-fuzz && .build/debug/sio-fuzz $name $artifacts/<crash file>"
    failed="$failed $name"
  fi
  summary="$summary $name"
done

if [ -n "$failed" ]; then
  echo "fuzz: FAILED:$failed"
  exit 1
fi
echo "fuzz: ok:$summary"
