#!/usr/bin/env bash
# Builds the JMH uber-jar and runs the whole benchmark suite (about 45 minutes on 2 cores):
# every JMH benchmark on the disk under test, the write benchmarks again on tmpfs (where fsync
# is free, isolating CPU cost), the paired write-latency harness on both (robust ratios on a
# busy machine), the memory-versus-history harness for the engine and for raw Lance, and the bulk
# load and read harnesses on a generated graph of OMNIGRAPH_BENCH_USERS users (default 1,000,000)
# with twice as many edges.
# Results go to omnigraph-bench/target/results/. Needs JAVA_HOME pointing at a JDK 25.
# Set OMNIGRAPH_BENCH_DIR to measure another disk (default: omnigraph-bench/target/bench-data).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:?point JAVA_HOME at a JDK 25}"
java="$JAVA_HOME/bin/java"
# The same flags as the parent pom's omnigraph.test.jvmFlags (JMH forks get them from @Fork).
lance_flags=(--add-opens=java.base/java.nio=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
  --sun-misc-unsafe-memory-access=allow)
disk_dir="${OMNIGRAPH_BENCH_DIR:-$PWD/omnigraph-bench/target/bench-data}"
tmpfs_dir=/dev/shm/omnigraph-bench
out=omnigraph-bench/target/results
jar=omnigraph-bench/target/benchmarks.jar
export LANCE_LOG=error

./mvnw -B -q -Pbench -pl omnigraph-bench -am package -DskipTests
mkdir -p "$out"
{ uname -srm; nproc; "$java" -version 2>&1; } > "$out/machine.txt"

"$java" "-Domnigraph.bench.dir=$disk_dir" -jar "$jar" -rf json -rff "$out/disk.json" \
  | tee "$out/disk.txt"
if [ -d /dev/shm ]; then
  "$java" "-Domnigraph.bench.dir=$tmpfs_dir" -jar "$jar" 'WriteLatency|StoreWrite|ConcurrentWrite' \
    -rf json -rff "$out/tmpfs.json" | tee "$out/tmpfs.txt"
  rm -rf "$tmpfs_dir"
fi
for where in disk tmpfs; do
  dir="$disk_dir"
  if [ "$where" = tmpfs ]; then
    [ -d /dev/shm ] || continue
    dir="$tmpfs_dir"
  fi
  "$java" "${lance_flags[@]}" "-Domnigraph.bench.dir=$dir" \
    -cp "$jar" dev.omnigraph.bench.PairedWriteLatency 6 250 | tee "$out/paired-$where.md"
done
rm -rf "$tmpfs_dir"
for subject in omnigraph raw; do
  "$java" "${lance_flags[@]}" -Xmx256m "-Domnigraph.bench.dir=$disk_dir" \
    -cp "$jar" dev.omnigraph.bench.HistoryMemory 2000 250 "$subject" \
    | tee "$out/history-memory-$subject.md"
done

# Bulk load, then reads, on the generated social graph; each load in its own JVM (peak RSS).
users="${OMNIGRAPH_BENCH_USERS:-1000000}"
social="$disk_dir/social-$users"
rm -rf "$social"
mkdir -p "$social"
"$java" "${lance_flags[@]}" -cp "$jar" dev.omnigraph.bench.GraphLoadThroughput \
  generate "$users" "$social/social.jsonl"
"$java" "${lance_flags[@]}" -Xmx4g -cp "$jar" dev.omnigraph.bench.GraphLoadThroughput \
  omnigraph "$social/social.jsonl" "$social/graph" | tee "$out/load-omnigraph.md"
"$java" "${lance_flags[@]}" -Xmx4g -cp "$jar" dev.omnigraph.bench.GraphLoadThroughput \
  raw "$users" "$social/raw" | tee "$out/load-raw.md"
"$java" "${lance_flags[@]}" -Xmx4g -cp "$jar" dev.omnigraph.bench.GraphReadLatency \
  "$social/graph" 20 3 | tee "$out/read.md"
rm -rf "$social"
