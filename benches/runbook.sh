#!/usr/bin/env bash
# A runbook of 50 attaches over 10 instances against a `tceni sandbox` with the documented
# quotas on (50 requests/s per action and region) and a task time of 1.5 s, against the same 50
# changes as a loop of `tceni attach --yes` processes and as a loop of the official Python SDK
# (attach, then poll the task every 0.2 s, then describe). Then the peak RSS of `runbook apply`
# at 50 and 500 steps (task time 0.1 s: memory does not depend on it).
#
#     benches/runbook.sh            (about 4 minutes; a release build first)
#
# Each side starts from a fresh sandbox. The runbook's time is the whole process (read, describe
# each ENI and instance once, plan, run, write the undo file), so it bounds "confirm to the last
# verified step" from above. The 50 attaches are of different ENIs, their slots counted whole by
# the plan, so they all run side by side; what paces them is the quotas: each step's send-time
# preflight (DescribeNetworkInterfaces, DescribeInstances 40/s), the attach, and its task polls
# (DescribeVpcTaskResult 20/s: 50 answered polls take 2.5 s of quota by themselves).
#
# Beside the measured times it prints the floor the documented quotas set (reference §4), the
# least any client could take while crediting each step from its own task: attaches leave at
# 50/s, each task ends its task time after, and each needs one answered DescribeVpcTaskResult
# at 20/s, no sooner than its task's end; the ENIs are then described (100 IDs per call, 100/s).
# Before the plan (the whole process's time): each ENI and instance described once, in batches,
# and each destination's DescribeNetworkInterfaceLimit (20/s).
# Environment: TCENI_PEER_VENV (venv with tencentcloud-sdk-python; default $TMPDIR/tceni-peer-venv),
# RSS_STEPS (the step counts whose peak RSS is measured; default "50 500").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
venv="${TCENI_PEER_VENV:-${TMPDIR:-/tmp}/tceni-peer-venv}"

fail() { echo "runbook bench FAILED: $*" >&2; exit 1; }
source "$root/tests/peer/lib.sh"
ensure_sdk_venv "$venv"

release_tceni "$root"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export TENCENTCLOUD_SECRET_ID="AKIDSANDBOXDEMO000000000000000000000"
export TENCENTCLOUD_SECRET_KEY="SANDBOXDEMOKEY000000000000000000"
export TCENI_KEYRING=off TCENI_CONFIG_DIR="$scratch/config" TCENI_STATE_DIR="$scratch/state"

now() { python3 -c 'import time; print(time.monotonic())'; }

# fresh STEPS TASK_MS: a new sandbox serving a world with STEPS free ENIs; sets url, pairs, book.
fresh() {
    local steps="$1" task_ms="$2" work
    [ -n "${sandbox_pid:-}" ] && { kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; }
    work="$(mktemp -d -p "$scratch")"
    python3 "$here/runbook_world.py" "$root/assets/sandbox-world.json" "$work/world.json" "$work/book.toml" \
        "$steps" >"$work/pairs"
    "$tceni" sandbox --world "$work/world.json" --task-delay-ms "$task_ms" --quiet >"$work/stdout" 2>"$work/stderr" &
    sandbox_pid=$!
    for _ in $(seq 1 100); do grep -q '^listening ' "$work/stdout" 2>/dev/null && break; sleep 0.1; done
    url="$(sed -n 's/^listening //p' "$work/stdout" | head -1)"
    [ -n "$url" ] || fail "the sandbox did not start: $(cat "$work/stderr")"
    export TCENI_ENDPOINT="$url" TCENI_DATA_DIR="$work/data"
    pairs="$work/pairs" book="$work/book.toml"
}
trap 'kill "${sandbox_pid:-0}" 2>/dev/null || true; rm -rf "$scratch"' EXIT

fresh 50 1500
start=$(now)
"$tceni" runbook apply "$book" --yes --output json >"$scratch/apply.json" || fail "runbook apply: $(tail -c 400 "$scratch/apply.json")"
end=$(now)
runbook_s=$(python3 -c "print(round($end - $start, 2))")
done_steps=$(python3 -c "import json; print(sum(s['outcome'] == 'Succeeded' for s in json.load(open('$scratch/apply.json'))['steps']))")
[ "$done_steps" = 50 ] || fail "the runbook verified $done_steps of 50 steps"
# From the first step's start (just after the confirm) to the last step's verified end.
steps_s=$(python3 - "$scratch/apply.json" <<'PY'
import json, sys
from datetime import datetime
steps = json.load(open(sys.argv[1]))["steps"]
at = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
print(round(max(at(s["finished_at"]) for s in steps) - min(at(s["started_at"]) for s in steps), 2))
PY
)
# The quota floor (see the top): STEPS INSTANCES TASK_S -> "from_confirm whole".
floor=$(python3 - 50 10 1.5 <<'PY'
import math, sys
steps, instances, task = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
ATTACH, POLL, DESCRIBE_ENIS, DESCRIBE_INSTANCES, LIMITS = 50, 20, 100, 40, 20
poll = 0.0
for k in range(steps):  # the k-th attach leaves at k/50; its task ends `task` later
    poll = max(k / ATTACH + task, poll + 1 / POLL if k else 0.0)
run = poll + (math.ceil(steps / 100) - 1) / DESCRIBE_ENIS
before = max((math.ceil(steps / 100) - 1) / DESCRIBE_ENIS, (math.ceil(instances / 100) - 1) / DESCRIBE_INSTANCES,
             (instances - 1) / LIMITS)
print(round(run, 2), round(before + run, 2))
PY
)
floor_steps=${floor% *}
floor_whole=${floor#* }

fresh 50 1500
start=$(now)
while read -r eni ins; do
    "$tceni" attach --region ap-chengdu --eni "$eni" --instance "$ins" --yes --output json >/dev/null \
        || fail "tceni attach $eni $ins"
done <"$pairs"
end=$(now)
cli_s=$(python3 -c "print(round($end - $start, 2))")

fresh 50 1500
start=$(now)
"$venv/bin/python" "$here/sdk_attach_wait.py" "$url" ap-chengdu <"$pairs" || fail "the SDK loop"
end=$(now)
sdk_s=$(python3 -c "print(round($end - $start, 2))")

rss() {
    fresh "$1" 100
    /usr/bin/time -f '%M' -o "$scratch/rss" "$tceni" runbook apply "$book" --yes --output json >/dev/null \
        || fail "runbook apply of $1 steps"
    cat "$scratch/rss"
}
rss_line=""
for steps in ${RSS_STEPS:-50 500}; do
    rss_line="$rss_line $steps steps $(rss "$steps") KiB,"
done

echo "50 attaches over 10 instances, task 1.5 s, quotas on (wall clock, seconds):"
echo "  tceni runbook apply:          $runbook_s (quota floor $floor_whole)"
echo "    first step's start to the last verified end: $steps_s (quota floor $floor_steps)"
echo "  loop of tceni attach --yes:   $cli_s ($(python3 -c "print(round($cli_s / $runbook_s, 1))")x the runbook)"
echo "  loop of the Python SDK:       $sdk_s ($(python3 -c "print(round($sdk_s / $runbook_s, 1))")x the runbook)"
echo "peak RSS of runbook apply:${rss_line%,}"
