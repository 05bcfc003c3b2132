#!/usr/bin/env bash
# How many of a burst of separate `tceni attach` processes get past a service-side quota.
#
# Starts `tceni sandbox --rate-limit RATE --count-refused` (a refused try counts against the
# quota, as the real service counts it) and launches N concurrent
#   tceni attach ... --no-preflight --no-wait --yes --output json
# processes with `rate_limit = RATE` in their config, then counts the answers: "through" = any
# answer that is not RequestLimitExceeded (a refusal such as "already attached" also got past the
# limiter). The processes share one state directory, so they queue on the machine-wide schedule;
# SEPARATE=1 gives each its own (no shared limiter: the behaviour before it existed).
#
#   benches/quota_burst.sh [TCENI_BINARY] [N] [RATE]
#   defaults: target/debug/tceni 200 20   (build first: cargo build --bin tceni)
set -euo pipefail

bin=${1:-target/debug/tceni}
count=${2:-200}
rate=${3:-20}
work=$(mktemp -d)
trap 'kill "$sandbox_pid" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

"$bin" sandbox --rate-limit "$rate" --count-refused --quiet >"$work/sandbox.out" &
sandbox_pid=$!
for _ in $(seq 100); do
    grep -q '^listening ' "$work/sandbox.out" 2>/dev/null && break
    sleep 0.05
done
endpoint=$(sed -n 's/^listening //p' "$work/sandbox.out" | head -1)
[ -n "$endpoint" ] || { echo "the sandbox did not start" >&2; exit 1; }

export TENCENTCLOUD_SECRET_ID=AKIDSANDBOXDEMO000000000000000000000
export TENCENTCLOUD_SECRET_KEY=SANDBOXDEMOKEY000000000000000000
export TCENI_KEYRING=off TCENI_CONFIG_DIR="$work/config"
mkdir -p "$work/config"
echo "rate_limit = $rate" >"$work/config/config.toml"

start=$(date +%s.%N)
pids=()
for i in $(seq "$count"); do
    # Each process its own history file: the burst measures the quota, not SQLite's locking.
    state="$work/state"
    [ -n "${SEPARATE:-}" ] && state="$work/state-$i"
    TCENI_STATE_DIR="$state" TCENI_DATA_DIR="$work/data-$i" "$bin" --endpoint "$endpoint" attach --region ap-guangzhou \
        --eni eni-free0001 --instance ins-web00001 --no-preflight --no-wait --yes --output json \
        >"$work/out-$i.json" 2>/dev/null &
    pids+=($!)
done
wait "${pids[@]}" 2>/dev/null || true
end=$(date +%s.%N)

limited=0 through=0 no_answer=0
for i in $(seq "$count"); do
    code=$(sed -n 's/.*"error_code": *\("[^"]*"\|null\).*/\1/p' "$work/out-$i.json" | head -1)
    case "$code" in
        '"RequestLimitExceeded'*|'"LimitExceeded.ActionLimited"') limited=$((limited + 1)) ;;
        '') no_answer=$((no_answer + 1)) ;;
        *) through=$((through + 1)) ;;
    esac
done
printf 'binary=%s processes=%d rate=%d/s shared=%s: through=%d RequestLimitExceeded=%d no-json=%d wall=%.1fs\n' \
    "$bin" "$count" "$rate" "$([ -n "${SEPARATE:-}" ] && echo no || echo yes)" "$through" "$limited" "$no_answer" "$(echo "$end - $start" | bc)"
