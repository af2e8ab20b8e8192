#!/usr/bin/env bash
# Builds the benchmark jar and runs Cistern beside HikariCP, Agroal, Vibur and DBCP2 in one JMH run.
#   cistern-bench/run.sh quick   # about 8 minutes on 2 cores: 1 fork, short iterations
#   cistern-bench/run.sh full    # about 50 minutes: 2 forks, longer iterations
#   cistern-bench/run.sh forks   # about 28 minutes: 5 short forks of connectionCycle and statementCycle for
#                                # Cistern, HikariCP, Agroal and Agroal validating on borrow (and, for
#                                # statementCycle, the stub driver with no pool: the ceiling); per-fork table
#   cistern-bench/run.sh latency # about 15 minutes: 8 short forks of connectionCycle at 1 and 8 threads, Cistern
#                                # with latency recording off and on (metrics.latency), in one run
#   cistern-bench/run.sh smoke   # one short iteration of each benchmark on one pool (CI)
#   cistern-bench/run.sh postgres # about 15 minutes: 3 forks of PostgresBenchmark (a real PostgreSQL 17 on
#                                # loopback, started per fork; PgBouncer for cistern-pgbouncer): raw connections,
#                                # Cistern, HikariCP, Agroal; per-fork table by postgres_forks.py
#   cistern-bench/run.sh transaction # about 7 minutes: 5 short forks of TransactionCycleBenchmark (the real-server
#                                # transaction on the stub driver: what each pool adds), Cistern, HikariCP,
#                                # Agroal and the driver with no pool; per-fork table by forks.py
#   cistern-bench/run.sh paired  # about 13 minutes: PairedOverhead, every pool interleaved in one JVM on a real
#                                # PostgreSQL 17 (and through PgBouncer), 10 rounds of 5 s per case
#   cistern-bench/run.sh churn   # about 6 minutes: PairedOverhead with a new virtual thread per block of 16
#                                # cycles (a thread-per-request server), 8 and 32 threads, 10 rounds of 3 s
#   cistern-bench/run.sh fleet   # about 4 minutes: FleetScenario, JVMs of one pool each against one full
#                                # PostgreSQL 17 (17 slots for the role): HikariCP, Cistern, Cistern with
#                                # fleet.name; three members loaded together, then a rolling deploy; 20 s each;
#                                # then RestartStormScenario: 8 pools of 10 through a server restart
#   cistern-bench/run.sh failover # about 3 minutes: FailoverScenario, a fresh PostgreSQL 17 primary and standby per
#                                # pool, 16 threads committing numbered rows through a pool of 8: a moved name
#                                # (old primary fenced read-only) and a multi-host URL (primary stopped, standby
#                                # promoted); HikariCP, Agroal, Cistern (and role=primary); 6 s after each failover
#   cistern-bench/run.sh postgres-pinned # about 20 minutes: 6 forks of PostgresBenchmark at 1 and 8 threads,
#                                # raw, Cistern, HikariCP, Agroal, with the server pinned to CPU 0 and the
#                                # benchmark (clients and pool) to CPU 1, so they do not take each other's core
# Results: cistern-bench/results/<mode>-<date>.json (JMH) and <mode>-<date>-virtual-threads.jsonl
# (wait percentiles, timeouts and CPU per virtualThreads invocation). Uses JDK 25 when present.
set -euo pipefail
mode=${1:-quick}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java

case "$mode" in
  quick) jmh=(-f 1 -wi 2 -w 2s -i 3 -r 2s -e PostgresBenchmark) ;;
  full)  jmh=(-f 2 -wi 3 -w 5s -i 5 -r 5s -e PostgresBenchmark) ;;
  forks) jmh=(-f 5 -wi 2 -w 2s -i 3 -r 2s -p pool=cistern,hikari,agroal,agroal-validating ConnectionCycleBenchmark)
         second=(-f 5 -wi 2 -w 2s -i 3 -r 2s -p pool=cistern,hikari,agroal,agroal-validating,driver StatementCycleBenchmark) ;;
  latency) jmh=(-f 8 -wi 2 -w 2s -i 3 -r 2s -p pool=cistern,cistern-latency
                 "ConnectionCycleBenchmark.connectionCycle_(1thread|8threads)") ;;
  smoke) jmh=(-f 1 -wi 0 -i 1 -r 200ms -p pool=cistern -p maximumPoolSize=4 -e PostgresBenchmark) ;;
  postgres) jmh=(-f 3 -wi 2 -w 1s -i 3 -r 1s PostgresBenchmark) ;;
  postgres-pinned) jmh=(-f 6 -wi 2 -w 1s -i 3 -r 2s -p pool=raw,cistern,hikari,agroal
                        "PostgresBenchmark.(select1|transaction)_(1thread|8threads)")
                   export CISTERN_PG_CPUS=0 # read by the testkit's PostgresServer
                   pin=(taskset -c 1) ;;
  transaction) jmh=(-f 5 -wi 2 -w 2s -i 3 -r 2s TransactionCycleBenchmark) ;;
  paired) paired=(5 10) ;;
  churn) paired=(3 10 '(select1|transaction)_(8threads|32threads)')
         paired_jvm=(-Dpaired.threadPerBlock=virtual) ;;
  fleet) fleet=(20) ;;
  failover) failover=(6) ;;
  *) echo "usage: $0 [quick|full|forks|latency|smoke|postgres|postgres-pinned|transaction|paired|churn|fleet|failover]" >&2; exit 2 ;;
esac

(cd "$root" && ./mvnw -B -ntp -q -pl cistern-bench -am package -DskipTests)

mkdir -p "$here/results"
stamp=$(date -u +%Y-%m-%d)
if [ -n "${paired+set}" ]; then # not JMH: PairedOverhead prints its own Markdown tables
  "$java_bin" ${paired_jvm[@]+"${paired_jvm[@]}"} -cp "$here/target/benchmarks.jar" dev.cistern.bench.PairedOverhead \
    "${paired[@]}" | tee "$here/results/$mode-$stamp.md"
  exit 0
fi
if [ -n "${failover+set}" ]; then # not JMH: FailoverScenario prints a Markdown table
  "$java_bin" -cp "$here/target/benchmarks.jar" dev.cistern.bench.FailoverScenario "${failover[@]}" \
    | tee "$here/results/$mode-$stamp.md"
  exit 0
fi
if [ -n "${fleet+set}" ]; then # not JMH: FleetScenario runs member JVMs and prints a Markdown table
  "$java_bin" -cp "$here/target/benchmarks.jar" dev.cistern.bench.FleetScenario "$here/target/benchmarks.jar" \
    "${fleet[@]}" "$here/results/$mode-$stamp-held.csv" | tee "$here/results/$mode-$stamp.md"
  if command -v python3 >/dev/null; then
    python3 "$here/fleet_chart.py" "$here/results/$mode-$stamp-held.csv" "$here/results/$mode-$stamp-held.svg"
  fi
  "$java_bin" -cp "$here/target/benchmarks.jar" dev.cistern.bench.RestartStormScenario \
    | tee -a "$here/results/$mode-$stamp.md"
  exit 0
fi
result="$here/results/$mode-$stamp.json"
extra="$here/results/$mode-$stamp-virtual-threads.jsonl"
rm -f "$extra"
${pin[@]+"${pin[@]}"} "$java_bin" -jar "$here/target/benchmarks.jar" "${jmh[@]}" \
  -jvmArgsAppend "-Dcistern.bench.extra=$extra" \
  -rf json -rff "$result"
if [ "$mode" = forks ]; then
  "$java_bin" -jar "$here/target/benchmarks.jar" "${second[@]}" -rf json -rff "$here/results/$mode-$stamp-statement.json"
fi
echo "JMH results: $result"
echo "virtual-thread details: $extra"
if [ "$mode" = latency ] && command -v python3 >/dev/null; then
  python3 "$here/latency_cost.py" "$result" > "$here/results/$mode-$stamp.md"
  cat "$here/results/$mode-$stamp.md"
elif [[ "$mode" = postgres* ]] && command -v python3 >/dev/null; then
  python3 "$here/postgres_forks.py" "$result" > "$here/results/$mode-$stamp.md"
  cat "$here/results/$mode-$stamp.md"
elif [ "$mode" = forks ] && command -v python3 >/dev/null; then
  python3 "$here/forks.py" "$result" "$here/results/$mode-$stamp-statement.json" > "$here/results/$mode-$stamp.md"
  cat "$here/results/$mode-$stamp.md"
elif [ "$mode" = transaction ] && command -v python3 >/dev/null; then
  python3 "$here/forks.py" "$result" > "$here/results/$mode-$stamp.md"
  cat "$here/results/$mode-$stamp.md"
elif [ "$mode" != smoke ] && command -v python3 >/dev/null; then
  python3 "$here/chart.py" "$result" "$extra" "$here/results/$mode-$stamp"
fi
