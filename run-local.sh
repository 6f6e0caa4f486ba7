#!/usr/bin/env bash
# Runs the whole system on this machine without Docker: Kafka (KRaft) on 9092, PostgreSQL with a
# database per service, and the three services on 8081-8083. Ctrl-C stops everything.
#   ./run-local.sh [--fresh] [--second-inventory] [--no-build] [--help]
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-env.sh

if [[ " $* " != *" --no-build "* && " $* " != *" --help "* ]]; then
  echo "[local-stack ] Building (./mvnw install -DskipTests) with $JAVA_HOME ..."
  ./mvnw -q -B -ntp install -DskipTests -pl local-infrastructure,order-service,inventory-service,notification-service -am
fi
classpath_file=local-infrastructure/target/local-stack.classpath
if [ ! -s "$classpath_file" ] || [ local-infrastructure/pom.xml -nt "$classpath_file" ]; then
  ./mvnw -q -B -ntp -pl local-infrastructure dependency:build-classpath -Dmdep.outputFile=target/local-stack.classpath >/dev/null
fi

exec java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
  -Dlogback.configurationFile=kafka-logback.xml \
  -cp "local-infrastructure/target/classes:$(cat "$classpath_file")" \
  dev.foodorder.infrastructure.local.LocalStack "$@"
