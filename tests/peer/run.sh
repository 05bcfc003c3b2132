#!/usr/bin/env bash
# Peer test: run the official tencentcloud-sdk-python against the built `tceni sandbox`.
# Makes (or reuses) a venv, installs the SDK from PyPI, starts the sandbox, runs sdk_peer.py.
# Exits non-zero on any failure, including when PyPI cannot be reached: it never skips.
#
# Environment: TCENI_PEER_VENV (venv directory, default $TMPDIR/tceni-peer-venv),
#              TCENI_BIN (a built tceni; default: cargo build, then the crate's target dir).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${TCENI_PEER_VENV:-${TMPDIR:-/tmp}/tceni-peer-venv}"

fail() { echo "peer test FAILED: $*" >&2; exit 1; }

command -v python3 >/dev/null || fail "python3 is not installed"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" || fail "python3 -m venv $venv did not work"
if ! "$venv/bin/python" -c "import tencentcloud.vpc, tencentcloud.cvm, tencentcloud.region" 2>/dev/null; then
    echo "installing tencentcloud-sdk-python into $venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check tencentcloud-sdk-python \
        || fail "could not install tencentcloud-sdk-python: PyPI cannot be reached (or pip failed); the peer test did not run"
fi

if [ -z "${TCENI_BIN:-}" ]; then
    (cd "$root" && cargo build --quiet --bin tceni) || fail "cargo build failed"
    target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps \
        | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
    TCENI_BIN="$target_dir/debug/tceni"
fi
[ -x "$TCENI_BIN" ] || fail "no tceni binary at $TCENI_BIN"

work="$(mktemp -d)"
"$TCENI_BIN" sandbox --task-delay-ms 200 >"$work/stdout" 2>"$work/stderr" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 100); do
    grep -q '^listening ' "$work/stdout" 2>/dev/null && break
    kill -0 "$sandbox_pid" 2>/dev/null || fail "tceni sandbox exited: $(cat "$work/stderr")"
    sleep 0.1
done
url="$(sed -n 's/^listening //p' "$work/stdout" | head -1)"
[ -n "$url" ] || fail "tceni sandbox did not print its address"
endpoint="${url#http://}"
echo "sandbox at $url" >&2

if "$venv/bin/python" "$here/sdk_peer.py" --endpoint "$endpoint"; then
    echo "peer test passed"
else
    echo "--- sandbox log ---" >&2
    cat "$work/stderr" >&2
    fail "sdk_peer.py reported failures"
fi
