# shellcheck shell=bash
# shellcheck disable=SC2154 # repo_root comes from common.sh, sourced first
# Helpers shared by the fault scripts (test-crash, test-disk-full, test-sigterm,
# test-slow-clients, test-pii-logs). Source it after common.sh; do not run it.
#
#   parse_build_flag ARG     sets build_config=release for --release (returns 1 otherwise)
#   build_kehu               swift build (debug unless --release) and sets `kehu` to the binary
#   make_work_dir NAME       a fresh temporary folder in `work`, removed on exit unless KEEP=1
#                            or the script failed
#   seed_database DB KEY N   `kehu seed-demo` with N customers (small activity) and admin KEY

build_config=debug

parse_build_flag() {
  [[ $1 == --release ]] || return 1
  build_config=release
}

build_kehu() {
  require_swift
  ensure_debian_packages libsqlite3-dev pkg-config libcurl4 python3
  if [[ ${KEHU_SKIP_BUILD:-0} != 1 ]]; then
    say "swift build -c $build_config --product kehu"
    swift build -c "$build_config" --product kehu >&2
  fi
  kehu="$repo_root/.build/$build_config/kehu"
  [[ -x $kehu ]] || die "no $kehu; build it first"
}

make_work_dir() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/kehu-$1.XXXXXX")"
  trap remove_work_dir EXIT
  say "work folder: $work (kept when the test fails, or with KEEP=1)"
}

# On exit: the work folder goes, unless KEEP=1 or the script failed (its server log is
# what explains a failure).
remove_work_dir() {
  local status=$?
  if [[ $status -ne 0 ]]; then
    say "failed (exit $status): kept $work for inspection (server.log)"
  elif [[ ${KEEP:-0} != 1 ]]; then
    rm -rf "$work"
  fi
}

seed_database() {
  KEHU_ADMIN_KEY="$2" "$kehu" seed-demo --db "$1" --customers "$3" --purchases "$(($3 * 2))" \
    --interactions "$3" --follow-ups "$3" --feedback "$(($3 / 4))" --survey-responses 0 --deals 0 > /dev/null \
    || die "kehu seed-demo failed"
}

# For scripts/test: runs one fault script with a time limit, keeps its output live, and
# appends a line to `fault_summary` (its "... summary:" line, or why it failed). Sets
# `failed=1` when it fails. Never exits: the other steps still run.
#   run_fault_step LABEL SECONDS COMMAND...
fault_summary=""
run_fault_step() {
  local label=$1 seconds=$2 log started status elapsed line
  shift 2
  log="$(mktemp)"
  started=$SECONDS
  say "$label: $*"
  set +e
  KEHU_SKIP_BUILD=1 timeout --kill-after=10 "$seconds" "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  elapsed=$((SECONDS - started))
  line="$(grep -E '(summary:|SKIPPED)' "$log" | tail -1 | sed -E 's/^[a-z-]+: //')"
  rm -f "$log"
  if [[ $status -eq 0 ]]; then
    fault_summary+="$(printf '%-8s ok (%ds): %s' "$label" "$elapsed" "$line")"$'\n'
  else
    [[ $status -eq 124 || $status -eq 137 ]] && line="timed out after ${seconds}s"
    fault_summary+="$(printf '%-8s FAILED (exit %d, %ds): %s' "$label" "$status" "$elapsed" "$line")"$'\n'
    # shellcheck disable=SC2034 # scripts/test's own flag
    failed=1
  fi
}
