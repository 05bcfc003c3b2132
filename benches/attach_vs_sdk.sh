#!/usr/bin/env bash
# Whole-process attach: `tceni attach` (release build) against the official Python SDK, both
# sending one AttachNetworkInterface to a local `tceni sandbox` (no rate limit, no task delay).
# Runs are interleaved; after each attach the same client detaches (untimed), so every attach is
# accepted and every run starts from the same state. Each timed tceni run asks about one open
# history row at start (the previous --no-wait detach), which is what an operator using --no-wait
# sees.
# Prints each side's median wall-clock time and the ratio tceni/SDK.
#
#     benches/attach_vs_sdk.sh [RUNS]          (default 20)
#
# Environment: TCENI_PEER_VENV (venv with tencentcloud-sdk-python, shared with tests/peer/run.sh;
#              default $TMPDIR/tceni-peer-venv).
set -euo pipefail

runs="${1:-20}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
venv="${TCENI_PEER_VENV:-${TMPDIR:-/tmp}/tceni-peer-venv}"

fail() { echo "attach_vs_sdk FAILED: $*" >&2; exit 1; }

command -v curl >/dev/null || fail "curl is not installed"
source "$root/tests/peer/lib.sh"
ensure_sdk_venv "$venv"

release_tceni "$root"

work="$(mktemp -d)"
mkdir -p "$work/data" "$work/state" "$work/config"
start_sandbox "$tceni" "$work" --rate-limit 0 --task-delay-ms 0 --quiet
echo "sandbox at $url; $runs interleaved runs each" >&2

export TCENI_ENDPOINT="$url"
export TENCENTCLOUD_SECRET_ID="AKIDSANDBOXDEMO000000000000000000000"
export TENCENTCLOUD_SECRET_KEY="SANDBOXDEMOKEY000000000000000000"
export TCENI_KEYRING=off
export TCENI_DATA_DIR="$work/data" TCENI_STATE_DIR="$work/state" TCENI_CONFIG_DIR="$work/config"

reset() { curl -fsS -X POST "$url/_sandbox/reset" >/dev/null || fail "sandbox reset failed"; }
now_ns() { date +%s%N; }

tceni_attach() {
    "$tceni" attach --region ap-guangzhou --eni eni-free0001 --instance ins-web00001 \
        --no-preflight --no-wait --yes --output json >"$work/out" 2>&1
}
tceni_detach() {
    "$tceni" detach --region ap-guangzhou --eni eni-free0001 --instance ins-web00001 \
        --no-preflight --no-wait --yes --output json >"$work/out" 2>&1
}
sdk_attach() { "$venv/bin/python" "$here/sdk_attach.py" "$url" >"$work/out" 2>&1; }
sdk_detach() { "$venv/bin/python" "$here/sdk_attach.py" "$url" detach >"$work/out" 2>&1; }

# One untimed run of each: page cache, the venv's .pyc files, the history file's creation.
reset
tceni_attach || fail "tceni attach: $(cat "$work/out")"
tceni_detach || fail "tceni detach: $(cat "$work/out")"
sdk_attach || fail "sdk_attach.py: $(cat "$work/out")"
sdk_detach || fail "sdk_attach.py detach: $(cat "$work/out")"

: >"$work/times"
for i in $(seq 1 "$runs"); do
    start=$(now_ns); tceni_attach || fail "tceni attach (run $i): $(cat "$work/out")"; end=$(now_ns)
    echo "tceni $((end - start))" >>"$work/times"
    tceni_detach || fail "tceni detach (run $i): $(cat "$work/out")"
    start=$(now_ns); sdk_attach || fail "sdk_attach.py (run $i): $(cat "$work/out")"; end=$(now_ns)
    echo "sdk $((end - start))" >>"$work/times"
    sdk_detach || fail "sdk_attach.py detach (run $i): $(cat "$work/out")"
done

rss_kib() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
rss_line=""
if [ -x /usr/bin/time ]; then
    tceni_rss="$(rss_kib "$tceni" attach --region ap-guangzhou --eni eni-free0001 \
        --instance ins-web00001 --no-preflight --no-wait --yes --output json)"
    tceni_detach || fail "tceni detach: $(cat "$work/out")"
    sdk_rss="$(rss_kib "$venv/bin/python" "$here/sdk_attach.py" "$url")"
    rss_line="peak RSS: tceni ${tceni_rss} KiB, SDK ${sdk_rss} KiB"
fi

python3 - "$work/times" <<'PY'
import statistics, sys
times = {"tceni": [], "sdk": []}
for line in open(sys.argv[1]):
    name, ns = line.split()
    times[name].append(int(ns) / 1e6)
t, s = statistics.median(times["tceni"]), statistics.median(times["sdk"])
for name, ms in times.items():
    print(f"{name:6} median {statistics.median(ms):8.1f} ms  min {min(ms):8.1f}  max {max(ms):8.1f}  (n={len(ms)})")
print(f"ratio tceni/SDK (medians): {t / s:.3f}  (target <= 0.10)")
PY
[ -n "$rss_line" ] && echo "$rss_line"
exit 0
