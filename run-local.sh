#!/usr/bin/env bash
# Runs the whole system on this machine without Docker: Kafka (KRaft) on 9092, PostgreSQL with a
# database per service, the identity service on 9000 and the four services on 8081-8083 and 8085.
# Ctrl-C stops everything.
# On Linux and macOS; run-local.cmd is the same for Windows.
#   ./run-local.sh [--fresh] [--second-inventory] [--tracing] [--no-build] [--help]
#   ./run-local.sh dead-letters [replay SERVICE DLT/PARTITION/OFFSET | replay SERVICE --all] lists or replays the dead
#     letters of the stack that runs (in another terminal): it builds nothing and starts nothing
#   ./run-local.sh token [ada|bob|staff] prints a demo account's access token from the stack that runs, likewise
#   --tracing also runs Zipkin on 9411 (its jar fetched with Maven the first time) and traces every request there
#   SERVICE_JAVA_OPTIONS="..." / KAFKA_JAVA_OPTIONS="..." replace the JVM options of the services / the broker
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-env.sh

if [[ "${1:-}" == "dead-letters" || "${1:-}" == "token" ]]; then
  # Built by the run that started the stack. An older build would not know the command and would start a stack.
  if [ ! -f "local-infrastructure/target/classes/dev/foodorder/infrastructure/local/DemoTokens.class" ]; then
    echo "[local-stack ] The $1 command is not built yet: ./run-local.sh builds it (and starts the stack)." >&2
    exit 1
  fi
elif [[ " $* " != *" --no-build "* && " $* " != *" --help "* ]]; then
  echo "[local-stack ] Building (./mvnw install -DskipTests) with $JAVA_HOME ..."
  ./mvnw -q -B -ntp install -DskipTests -pl local-infrastructure,identity-service,order-service,inventory-service,notification-service,analytics-service -am
fi
classpath_file=local-infrastructure/target/local-stack.classpath
if [ ! -s "$classpath_file" ] || [ local-infrastructure/pom.xml -nt "$classpath_file" ]; then
  # Written even when unchanged, or it would stay older than the pom and be asked for at every start.
  # No output redirect: -q leaves only Maven's errors, and those say why the start failed.
  ./mvnw -q -B -ntp -pl local-infrastructure dependency:build-classpath -Dmdep.outputFile=target/local-stack.classpath \
    -Dmdep.regenerateFile=true
fi
zipkin_jar=local-infrastructure/target/zipkin/zipkin-server-3.5.1-exec.jar
if [[ " $* " == *" --tracing "* && " $* " != *" --help "* && ! -s "$zipkin_jar" ]]; then
  echo "[local-stack ] Fetching the Zipkin server for --tracing (io.zipkin:zipkin-server:3.5.1:exec, 130 MB) ..."
  ./mvnw -q -B -ntp -N dependency:copy -Dartifact=io.zipkin:zipkin-server:3.5.1:jar:exec -DoutputDirectory="$(dirname "$zipkin_jar")"
fi
# Java on Windows separates class path entries with ';', also when started from Git Bash or Cygwin.
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) path_separator=';' ;; *) path_separator=':' ;; esac

# The launcher, like the services it starts but the order service (JavaOptions.crowded), runs C1 only: five JVMs
# starting on two cores start quickest without C2 compiling beside them. SERVICE_JAVA_OPTIONS (and KAFKA_JAVA_OPTIONS)
# replace every default of the services (and of the broker).
exec java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
  -Dlogback.configurationFile=kafka-logback.xml \
  -Dlocal-stack.zipkin-jar="$zipkin_jar" \
  -cp "local-infrastructure/target/classes$path_separator$(cat "$classpath_file")" \
  dev.foodorder.infrastructure.local.LocalStack "$@"
