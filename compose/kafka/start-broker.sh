#!/usr/bin/env bash
# Starts the compose file's Kafka broker (apache/kafka image) secured as the local stack's secured broker is
# (local-infrastructure BrokerSecurity): SASL/SCRAM-SHA-512 logins and the StandardAuthorizer's ACLs.
#
# The settings are the container's KAFKA_* variables, named as the image names them (KAFKA_LOG_DIRS is
# log.dirs; __ stands for _ and ___ for -), written to a properties file here rather than by the image's own
# start script, because the storage must be formatted here: with the SCRAM users in its metadata, the admin's
# among them, so that anyone can log in from the first start on (the users live in the metadata log, which
# nobody could write to before logging in).
set -euo pipefail

config=/tmp/server.properties
data=${KAFKA_LOG_DIRS:?KAFKA_LOG_DIRS is not set}
# Beside the metadata: this storage was formatted with the SCRAM users.
marker="$data/scram-users"

: > "$config"
for name in $(compgen -e | grep '^KAFKA_'); do
  case "$name" in
    # The start scripts' own variables (memory, JVM and logging options), not server settings.
    *_OPTS | KAFKA_VERSION | KAFKA_LOG4J_* | KAFKA_TOOLS_LOG4J_* | KAFKA_JMX_*) continue ;;
  esac
  key=${name#KAFKA_}
  key=${key,,}
  key=${key//_/.}
  key=${key//.../-}
  key=${key//../_}
  printf '%s=%s\n' "$key" "${!name}" >> "$config"
done

if [[ ! -e "$data/meta.properties" ]]; then
  # The demo's passwords, as local-infrastructure KafkaAcls has them and the services log in with.
  /opt/kafka/bin/kafka-storage.sh format --config "$config" \
    --cluster-id "$(/opt/kafka/bin/kafka-storage.sh random-uuid)" \
    --add-scram 'SCRAM-SHA-512=[name=admin,password=admin-secret]' \
    --add-scram 'SCRAM-SHA-512=[name=order-service,password=order-service-secret]' \
    --add-scram 'SCRAM-SHA-512=[name=inventory-service,password=inventory-service-secret]' \
    --add-scram 'SCRAM-SHA-512=[name=notification-service,password=notification-service-secret]' \
    --add-scram 'SCRAM-SHA-512=[name=analytics-service,password=analytics-service-secret]' > /dev/null
  echo "formatted with --add-scram for admin and the four services" > "$marker"
  echo "Formatted $data with the SCRAM users of the admin and the four services"
elif [[ ! -e "$marker" ]]; then
  echo "The volume kafka-data holds a broker formatted without SCRAM users (by an older docker-compose.yml), so" \
    "nobody could log in to it. Delete the volumes once and start again: docker compose down -v" >&2
  exit 1
fi

exec /opt/kafka/bin/kafka-server-start.sh "$config"
