# Sourced by .ci/run and run-local.sh: exports JAVA_HOME as a JDK of 21 or newer, keeping the
# caller's JAVA_HOME when it is new enough and choosing the newest JDK installed otherwise.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
}

case $- in *f*) _java_env_noglob=1; set +f ;; *) _java_env_noglob=0 ;; esac
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/javac" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
  best="" best_major=0
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home \
                   "${HOME}"/.sdkman/candidates/java/* "${HOME}"/.jdks/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate" || echo 0)
    if [ "${major:-0}" -gt "$best_major" ]; then best="$candidate" best_major="$major"; fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "This project needs a JDK 21 or newer; none found (JAVA_HOME=${JAVA_HOME:-unset})." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
fi
export PATH="$JAVA_HOME/bin:$PATH"
[ "$_java_env_noglob" = 1 ] && set -f
unset _java_env_noglob
