#!/bin/sh
# Runs one fuzz target for a bounded time: `Fuzz/run.sh TARGET SECONDS` (from the checkout; `make fuzz` calls it).
# Seeds come from Tests/Fixtures (and past findings in Tests/Fixtures/fuzz/TARGET); the growing corpus is kept
# in .fuzz/corpus/TARGET, crashes go to .fuzz/crashes/TARGET/, the log to .fuzz/logs/TARGET.log.
# Exit status: libFuzzer's (non-zero when it found a crash, a timeout or an out-of-memory input).
set -eu
target=$1
seconds=${2:-60}
bin=.build-fuzz/release/$target
[ -x "$bin" ] || { echo "fuzz: $bin is not built (run make fuzz)"; exit 2; }
case $target in
  FuzzCatalogue)       seeds="boards.yaml Tests/Fixtures/bad/catalogue"; len=65536 ;;
  FuzzWorkload)        seeds="workloads Tests/Fixtures/bad/workload"; len=8192 ;;
  FuzzImportBootLog)   seeds="Tests/Fixtures/boot-logs Tests/Fixtures/bad/import/boot-log"; len=8192 ;;
  FuzzImportHeapInfo)  seeds="Tests/Fixtures/imports/idf-heap-info-* Tests/Fixtures/bad/import/idf-heap-info"; len=4096 ;;
  FuzzImportHeapDump)  seeds="Tests/Fixtures/imports/heap-dump-* Tests/Fixtures/bad/import/heap-dump"; len=4096 ;;
  FuzzImportMemInfo)   seeds="Tests/Fixtures/imports/mem-info-* Tests/Fixtures/bad/import/mem-info"; len=4096 ;;
  FuzzImportIDFSize)   seeds="Tests/Fixtures/imports/idf-size-* Tests/Fixtures/bad/import/idf-size"; len=8192 ;;
  FuzzImportHeapTrace) seeds="Tests/Fixtures/imports/heap-trace-* Tests/Fixtures/bad/import/heap-trace"; len=4096 ;;
  FuzzSdkconfig)       seeds="Tests/Fixtures/bad/sdkconfig Fuzz/Seeds/sdkconfig"; len=8192 ;;
  *) echo "fuzz: unknown target $target"; exit 2 ;;
esac
seed_dir=.fuzz/seeds/$target
rm -rf "$seed_dir"
mkdir -p "$seed_dir" ".fuzz/corpus/$target" ".fuzz/crashes/$target" .fuzz/logs
for s in $seeds Tests/Fixtures/fuzz/$target; do
  [ -e "$s" ] || continue
  if [ -d "$s" ]; then find "$s" -type f ! -name '*.md' ! -name '*.expect' -exec cp {} "$seed_dir/" \; ; else cp "$s" "$seed_dir/"; fi
done
status=0
# Fork mode with one job: a crash, timeout or out-of-memory input is saved and the search goes on for the
# whole time, so one finding does not cut a run short.
# Leak detection is off: LeakSanitizer cannot see pointers Swift keeps in enum payloads with tag bits in their
# spare bits (it reported the knob table's parsed size expressions, reachable from a cache, as leaks).
nice -n 10 "$bin" ".fuzz/corpus/$target" "$seed_dir" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -detect_leaks=0 \
  -max_total_time="$seconds" -max_len="$len" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=".fuzz/crashes/$target/" > ".fuzz/logs/$target.log" 2>&1 || status=$?
# The last progress line: `#<execs>: cov: <n> ft: <n> corp: … crash: <n> time: <s>s …`.
last=$(grep -E '^#[0-9]+: cov:' ".fuzz/logs/$target.log" | tail -1)
findings=$(find ".fuzz/crashes/$target" -type f | wc -l)
echo "$target: ${seconds}s; ${last:-no progress line (see .fuzz/logs/$target.log)}; $findings finding(s) in .fuzz/crashes/$target; exit $status"
[ "$findings" -eq 0 ] || status=1
exit $status
