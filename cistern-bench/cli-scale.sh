#!/usr/bin/env bash
# The scale runs of `cistern load` and `cistern size` recorded in docs/benchmarks.md (about 5 minutes):
#   1,000 and 10,000 virtual clients for 30 s on the default SQLite database, then on a real PostgreSQL 17
#   (the testkit's, on loopback): `cistern size` sweeps pool sizes at a fixed rate, and the two loads run
#   with the size it recommends. Each run's JSON and HTML (not kept in git), the peak memory (/usr/bin/time) and a Markdown
#   summary land in cistern-bench/results/cli-scale-<stamp>/.
# Usage: cistern-bench/cli-scale.sh [rate per second, default 5000]
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-5000}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=cistern-bench/results/cli-scale-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$out"

JAVA_HOME=$JDK25 ./mvnw -q -B -ntp install -DskipTests -pl cistern-cli -am
JAVA_HOME=$JDK25 ./mvnw -q -B -ntp -pl cistern-testkit dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
testkit="cistern-testkit/target/classes:$(cat cistern-testkit/target/classpath.txt)"
cistern=("$JDK25/bin/java" -jar cistern-cli/target/cistern.jar)

timed() { # name, then the command: runs it under /usr/bin/time, keeping the peak resident memory
  local name=$1; shift
  /usr/bin/time -f "%M" -o "$out/$name.rss" "$@" --json "$out/$name.json" --html "$out/$name.html" --quiet \
    > "$out/$name.txt"
}

timed sqlite-1000 "${cistern[@]}" load --virtual --clients 1000 --duration 30s
timed sqlite-10000 "${cistern[@]}" load --virtual --clients 10000 --duration 30s

# The server runs until its standard input (a pipe this script holds open) ends.
mkfifo "$out/pg.stdin"
"$JDK25/bin/java" -cp "$testkit" dev.cistern.testkit.db.PostgresServer < "$out/pg.stdin" > "$out/pg.url" &
server=$!
exec 3> "$out/pg.stdin"
trap 'exec 3>&-; wait $server || true; rm -f "$out/pg.stdin"' EXIT
for _ in $(seq 120); do [ -s "$out/pg.url" ] && break; sleep 1; done
url=$(head -n 1 "$out/pg.url")

timed pg-size "${cistern[@]}" size --db "$url" --user postgres --virtual --clients 1000 --rate "$rate" \
  --sizes 1,2,4,8,16,32 --duration 10s --warmup 3s
size=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["recommended_pool_size"])' "$out/pg-size.json")
timed pg-1000 "${cistern[@]}" load --db "$url" --user postgres --virtual --clients 1000 --rate "$rate" \
  --pool-size "$size" --duration 30s
timed pg-10000 "${cistern[@]}" load --db "$url" --user postgres --virtual --clients 10000 --rate "$rate" \
  --pool-size "$size" --duration 30s
timed pg-10000-open "${cistern[@]}" load --db "$url" --user postgres --virtual --clients 10000 \
  --pool-size "$size" --duration 30s

python3 - "$out" "$rate" > "$out/summary.md" <<'PY'
import json, sys, pathlib
out, rate = pathlib.Path(sys.argv[1]), sys.argv[2]
print("| run | clients | pool | rate limit | tx/s | checkout p50 / p95 / p99 / max (ms) | query p99 (ms) | errors | timeouts | peak RSS (MB) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name in ["sqlite-1000", "sqlite-10000", "pg-1000", "pg-10000", "pg-10000-open"]:
    r = json.load(open(out / f"{name}.json"))
    c = r["checkout_ms"]
    rss = int(open(out / f"{name}.rss").read().split()[-1]) // 1024
    print(f"| {name} | {r['clients']:,} | {r['pool_size']} | {r['rate_limit_per_s'] or 'none'} | {r['throughput_per_s']:,.0f} "
          f"| {c['p50']} / {c['p95']} / {c['p99']} / {c['max']} | {r['query_ms']['p99']} | {r['errors']} | {r['timeouts']} | {rss} |")
s = json.load(open(out / "pg-size.json"))
print()
print(f"`cistern size` on PostgreSQL at {rate}/s, 1,000 virtual clients: recommended {s['recommended_pool_size']}")
print()
print("| size | tx/s | p99 (ms) | checkout p99 (ms) | errors |")
print("|---|---|---|---|---|")
for p in s["points"]:
    print(f"| {p['size']} | {p['throughput_per_s']:,.0f} | {p['p99_ms']} | {p['checkout_p99_ms']} | {p['errors']} |")
PY
cat "$out/summary.md"
