#!/usr/bin/env bash
# Real-data Dodge sweep (BENCHMARKS.md, "Real-data Dodge sweep (issue 4)"): runs spam-dodge.yaml and
# spam-cohort.yaml with the real CLI, writes their reports, then prints the cross-sweep analysis.
#   examples/spamassassin/run.sh [DATA_JSONL] [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="$(realpath "${1:-$repo/../shared/datasets/spamassassin.jsonl}")"
out="$(mkdir -p "${2:-$repo/.sweep/spamassassin}" && cd "${2:-$repo/.sweep/spamassassin}" && pwd)"
[ -f "$data" ] || { echo "no data file at $data (see $here/README.md)" >&2; exit 2; }

dotnet build -c Release "$repo/src/Cli" -v quiet -nologo
dotnet build -c Release "$repo/tests/Benchmarks" -v quiet -nologo
sweep="$repo/src/Cli/bin/Release/net10.0/sweep"

for name in spam-dodge spam-cohort; do
  # The committed specs point at ../shared next to the repository; point the copy at DATA instead.
  sed "s#train: ../../../shared/datasets/spamassassin.jsonl#train: $data#" "$here/$name.yaml" > "$out/$name.yaml"
  echo "== $name: started $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "$name: wall %e s, user %U s, peak RSS %M KB" "$sweep" run "$out/$name.yaml" --db "$out/$name.db" --slots 2 --quiet
  echo "== $name: ended $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$sweep" report "$name" --db "$out/$name.db" --csv "$out/$name.csv" --plot "$out/$name.svg" > "$out/$name-report.txt"
  "$sweep" report "$name" --db "$out/$name.db" --json > "$out/$name-report.json"
done

dotnet "$repo/tests/Benchmarks/bin/Release/net10.0/SweepCluster.Benchmarks.dll" realdata \
  "$out/spam-dodge.db" "$out/spam-cohort.db" spam-dodge spam-cohort | tee "$out/analysis.txt"
