# Shared by tests/peer/run.sh, benches/attach_vs_sdk.sh and benches/runbook.sh (sourced, not run): a venv with the
# official SDK, and a `tceni sandbox` started in the background. Both expect `fail` defined.

# ensure_sdk_venv VENV: make the venv if needed and install tencentcloud-sdk-python from PyPI.
ensure_sdk_venv() {
    local venv="$1"
    command -v python3 >/dev/null || fail "python3 is not installed"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || fail "python3 -m venv $venv did not work"
    if ! "$venv/bin/python" -c "import tencentcloud.vpc, tencentcloud.cvm, tencentcloud.region, tencentcloud.sts" 2>/dev/null; then
        echo "installing tencentcloud-sdk-python into $venv" >&2
        "$venv/bin/pip" install --quiet --disable-pip-version-check tencentcloud-sdk-python \
            || fail "could not install tencentcloud-sdk-python: PyPI cannot be reached (or pip failed); nothing was measured or tested"
    fi
}

# start_sandbox BIN WORK [ARGS...]: start `BIN sandbox ARGS` with its output in WORK; sets
# sandbox_pid and url, and stops the sandbox (and removes WORK) when the script exits.
start_sandbox() {
    local bin="$1" work="$2"
    shift 2
    "$bin" sandbox "$@" >"$work/stdout" 2>"$work/stderr" &
    sandbox_pid=$!
    trap 'kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
    for _ in $(seq 1 100); do
        grep -q '^listening ' "$work/stdout" 2>/dev/null && break
        kill -0 "$sandbox_pid" 2>/dev/null || fail "tceni sandbox exited: $(cat "$work/stderr")"
        sleep 0.1
    done
    url="$(sed -n 's/^listening //p' "$work/stdout" | head -1)"
    [ -n "$url" ] || fail "tceni sandbox did not print its address"
}

# release_tceni ROOT: build the release binary of the project at ROOT; sets tceni to its path.
release_tceni() {
    local root="$1" target_dir
    (cd "$root" && cargo build --quiet --release --bin tceni) || fail "cargo build --release failed"
    target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
    tceni="$target_dir/release/tceni"
    [ -x "$tceni" ] || fail "no tceni binary at $tceni"
}
