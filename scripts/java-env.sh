# shellcheck shell=bash
# Sourced by .ci/run, run-local.sh and bench.sh: exports JAVA_HOME as a JDK of 21 or newer, keeping the
# caller's JAVA_HOME when it is new enough and choosing the newest JDK installed otherwise. Runs in the
# bash 3.2 of macOS too: no mapfile, no ${var,,}, no associative arrays.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
}

# Where JDKs are installed: Linux packages and tarballs; macOS installers, IntelliJ's downloads
# (~/Library/Java) and Homebrew (Apple silicon, then Intel); SDKMAN! and IntelliJ on Linux.
_java_env_candidates() {
  local home="${HOME:-/nonexistent}"
  printf '%s\n' /usr/lib/jvm/* /opt/java/* /opt/jdk* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home "$home"/Library/Java/JavaVirtualMachines/*/Contents/Home \
    /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
    "$home"/.sdkman/candidates/java/* "$home"/.jdks/*
  # macOS knows every JDK registered with it, wherever it lives.
  if [ -x /usr/libexec/java_home ]; then
    /usr/libexec/java_home -v 21+ 2>/dev/null || true
  fi
}

case $- in *f*) _java_env_noglob=1; set +f ;; *) _java_env_noglob=0 ;; esac
# A JAVA_HOME whose java prints no version (a JRE, a broken link) counts as too old, not as good enough.
_java_env_major=0
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
  _java_env_major=$(java_major "$JAVA_HOME" || true)
  case "$_java_env_major" in ''|*[!0-9]*) _java_env_major=0 ;; esac
fi
if [ "$_java_env_major" -lt 21 ]; then
  best="" best_major=0
  while IFS= read -r candidate; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate" || true)
    case "$major" in ''|*[!0-9]*) continue ;; esac
    if [ "$major" -gt "$best_major" ]; then best="$candidate" best_major="$major"; fi
  done <<EOF
$(_java_env_candidates)
EOF
  if [ "$best_major" -lt 21 ]; then
    echo "This project needs a JDK 21 or newer; none found (JAVA_HOME=${JAVA_HOME:-unset}). Install one, or set JAVA_HOME to it." >&2
    [ "$_java_env_noglob" = 1 ] && set -f
    unset _java_env_noglob _java_env_major best best_major major candidate
    # Sourced from an interactive shell, 'return' keeps that shell open; run as a script, it cannot, so exit.
    # shellcheck disable=SC2317 # reached when the file is run instead of sourced
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME="$best"
  unset best best_major major candidate
fi
export PATH="$JAVA_HOME/bin:$PATH"
[ "$_java_env_noglob" = 1 ] && set -f
unset _java_env_noglob _java_env_major
