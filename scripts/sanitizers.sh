#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The Swift test suite under a sanitizer: `bash scripts/sanitizers.sh thread` (the default) or `... address`.
#
#   thread   ThreadSanitizer: data races, above all in what spans event loops (LoopGroup, LoopThread,
#            HTTPServerGroup moving connections, LoopAdapterGroup, ChatDemo's state shared by its loops, the
#            Redis adapter). Known false positives are suppressed, one explained line each, in
#            scripts/tsan-suppressions.txt.
#   address  AddressSanitizer: use after free, buffer overflows, double frees (unsafe pointers, the C shim,
#            SQLite and the socket calls).
#
# Not part of `scripts/test.sh` nor of CI, because it is too slow for every run: an instrumented build of every
# target and test is another full build (2 to 4 minutes each on 2 busy cores, in its own scratch folder,
# .build-tsan or .build-asan, so that it never invalidates the normal .build), and every test runs several times
# slower. Run it after touching anything that crosses threads or uses unsafe memory, and before a release.
#
# A run fails when the build or a test fails, or when the sanitizer reported anything: each report is written
# to <scratch>/sanitizer-reports/ and printed at the end, then the summary line counts them. Without
# redis-server on the PATH the two live Redis suites skip themselves, as in the normal run.
#
# Knobs (environment):
#   SWIFT_TEST_FLAGS=""   extra flags for `swift test`, e.g. "--filter LoopGroup" to rerun one suite
#   NICE=5                niceness of the build and the tests (0: none)
#   TSAN_OPTIONS, ASAN_OPTIONS  appended to the options below (later ones win), e.g. "print_suppressions=1"
set -euo pipefail

cd "$(dirname "$0")/.."
root="$(pwd)"

sanitizer="${1:-thread}"
case "$sanitizer" in
  thread) scratch=".build-tsan" ;;
  address) scratch=".build-asan" ;;
  *) echo "usage: $0 [thread|address]" >&2; exit 2 ;;
esac
SWIFT_TEST_FLAGS="${SWIFT_TEST_FLAGS:-}"
NICE="${NICE:-5}"
reports="$root/$scratch/sanitizer-reports"

# halt_on_error=0: collect every report of a run, not only the first. log_path: one file per process, so that
# the reports do not drown in the test output. ThreadSanitizer's second_deadlock_stack=1 prints both stacks of a
# lock-order inversion; history_size=4 keeps more history, so that the earlier access of a race has its stack.
# AddressSanitizer stops at its first error (Swift builds it without recovery, and the memory is already corrupt).
# detect_leaks=0: at the end of the test process LeakSanitizer lists the servers the tests leave behind (a loop
# stopped while descriptors are still registered keeps them, and they keep the loop) and the Swift runtime's
# Regex caches; neither is memory a running server loses. Whether connections leak is a question for a running
# server instead (with detect_leaks=1, Step4 leaks the same 45 runtime allocations after 0 and after 100
# sessions, over long-polling and WebSocket, with one loop and with two).
# Suppressions: scripts/tsan-suppressions.txt (Mutex hand-overs) and scripts/asan-suppressions.txt (one read inside
# Foundation's Process.run()), each line explained there.
tsan_options="halt_on_error=0 second_deadlock_stack=1 history_size=4 suppressions=$root/scripts/tsan-suppressions.txt log_path=$reports/tsan"
asan_options="detect_leaks=0 suppressions=$root/scripts/asan-suppressions.txt log_path=$reports/asan"

started=$SECONDS
echo "==> swift build --build-tests --sanitize=$sanitizer --scratch-path $scratch"
nice -n "$NICE" swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
built=$SECONDS

rm -rf "$reports"
mkdir -p "$reports"
echo "==> swift test --skip-build --sanitize=$sanitizer --scratch-path $scratch${SWIFT_TEST_FLAGS:+ $SWIFT_TEST_FLAGS}"
set +e
# shellcheck disable=SC2086 # SWIFT_TEST_FLAGS is a list of words
TSAN_OPTIONS="$tsan_options ${TSAN_OPTIONS:-}" ASAN_OPTIONS="$asan_options ${ASAN_OPTIONS:-}" \
  nice -n "$NICE" swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" $SWIFT_TEST_FLAGS
test_status=$?
set -e

# AddressSanitizer prefixes its first line with the process id (`==1234==ERROR: AddressSanitizer`).
count="$(cat "$reports"/* 2>/dev/null | grep -c -E '^(==[0-9]+==)?(WARNING: ThreadSanitizer|ERROR: AddressSanitizer)' || true)"
if [ "$count" -gt 0 ]; then
  echo
  echo "==> sanitizer reports ($reports)"
  cat "$reports"/*
fi
echo
echo "sanitizers.sh $sanitizer: tests exit status $test_status, $count report(s); build $((built - started))s, tests $((SECONDS - built))s"
[ "$test_status" -eq 0 ] && [ "$count" -eq 0 ]
