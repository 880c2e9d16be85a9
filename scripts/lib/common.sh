# shellcheck shell=bash
# Helpers shared by the scripts in scripts/. Source it; do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# Sets `repo_root` and defines:
#   say MESSAGE...                 a line on stderr, prefixed with the script's name
#   die MESSAGE...                 the same, then exit 1
#   require_swift                  exit with a hint when no Swift toolchain is on PATH
#   ensure_debian_packages PKG...  apt-get install the packages dpkg does not know as installed

# shellcheck disable=SC2034 # used by the scripts that source this file
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
script_name="$(basename "$0")"

say() { printf '%s: %s\n' "$script_name" "$*" >&2; }
die() { say "$@"; exit 1; }

require_swift() {
  command -v swift > /dev/null 2>&1 \
    || die "no 'swift' on PATH; install the Swift 6.x toolchain first (https://www.swift.org/install/linux/)"
}

# Whether dpkg records PKG as installed. `dpkg -s` alone also succeeds for a package that
# was removed but left its configuration behind, so the status itself is checked. Read into
# a variable, not piped to `grep -q`: grep quits at the first match, and under pipefail the
# SIGPIPE of a long `dpkg -s` (podman's) made an installed package look missing.
debian_package_installed() {
  local status
  status="$(dpkg-query --show --showformat='${Status}' "$1" 2> /dev/null)" || return 1
  [[ $status == "install ok installed" ]]
}

apt_updated=0

# Installs whichever of the given Debian packages are missing. A machine that has them
# all never calls apt. `apt-get update` runs at most once per script run, because a fresh
# machine (or container) has no package lists yet. Uses sudo only when not root.
ensure_debian_packages() {
  if ! command -v dpkg > /dev/null 2>&1; then
    say "not a Debian-based system: make sure these are installed: $*"
    return 0
  fi
  local missing=() pkg
  for pkg in "$@"; do
    debian_package_installed "$pkg" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  local as_root=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo > /dev/null 2>&1 \
      || die "missing Debian packages (${missing[*]}), and not root without sudo: install them, then rerun"
    as_root=(sudo)
  fi
  say "installing missing Debian packages: ${missing[*]}"
  if [[ $apt_updated -eq 0 ]]; then
    "${as_root[@]}" apt-get update
    apt_updated=1
  fi
  # DEBIAN_FRONTEND: no debconf questions (CI has no stdin).
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}
