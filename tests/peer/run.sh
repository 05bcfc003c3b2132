#!/usr/bin/env bash
# Peer test: run the official tencentcloud-sdk-python against the built `tceni sandbox`.
# Makes (or reuses) a venv, installs the SDK from PyPI if it is missing (tests/peer_sdk.rs only
# calls this with a venv .ci/run prepared), starts the sandbox, runs sdk_peer.py.
# Exits non-zero on any failure, including when PyPI cannot be reached: it never skips.
#
# Environment: TCENI_PEER_VENV (venv directory, default $TMPDIR/tceni-peer-venv),
#              TCENI_BIN (a built tceni; default: cargo build, then the crate's target dir).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${TCENI_PEER_VENV:-${TMPDIR:-/tmp}/tceni-peer-venv}"

fail() { echo "peer test FAILED: $*" >&2; exit 1; }

source "$here/lib.sh"
ensure_sdk_venv "$venv"

if [ -z "${TCENI_BIN:-}" ]; then
    (cd "$root" && cargo build --quiet --bin tceni) || fail "cargo build failed"
    target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps \
        | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
    TCENI_BIN="$target_dir/debug/tceni"
fi
[ -x "$TCENI_BIN" ] || fail "no tceni binary at $TCENI_BIN"

work="$(mktemp -d)"
start_sandbox "$TCENI_BIN" "$work" --task-delay-ms 200
endpoint="${url#http://}"
echo "sandbox at $url" >&2

if "$venv/bin/python" "$here/sdk_peer.py" --endpoint "$endpoint"; then
    echo "peer test passed"
else
    echo "--- sandbox log ---" >&2
    cat "$work/stderr" >&2
    fail "sdk_peer.py reported failures"
fi
