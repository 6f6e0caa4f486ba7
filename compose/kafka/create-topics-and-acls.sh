#!/usr/bin/env bash
# Lays out the compose file's topics and ACLs as the admin, before any service starts (the one-shot container
# kafka-topics). The services may create no topic (MESSAGING_TOPICS_CREATE=false), as a deployment's Topic
# Operator creates them; creating a topic or an ACL that exists changes nothing, so this runs at every start.
set -euo pipefail

bin=/opt/kafka/bin
login=(--bootstrap-server kafka:19092 --command-config /etc/food-ordering/kafka/admin.properties)

# The contract's topics, their dead-letter topics and the replay topics (<topic>.<group>.replay, where a
# group's dead-letter API publishes a parked record again), six partitions each: up to six consumers of one
# group share a topic. A dead-letter topic keeps its records 30 days, time for a person to act on them
# (ADR 0019), and takes a record whole with the failure's headers; the services bring an existing one to
# their messaging.dead-letters.retention at start-up.
existing=$("$bin/kafka-topics.sh" "${login[@]}" --list)
for topic in orders inventory customers orders.DLT inventory.DLT customers.DLT \
    orders.inventory-service.replay inventory.order-service.replay \
    orders.notification-service.replay inventory.notification-service.replay customers.notification-service.replay; do
  if grep -qxF "$topic" <<< "$existing"; then
    continue
  fi
  settings=()
  if [[ "$topic" == *.DLT ]]; then settings=(--config retention.ms=2592000000 --config max.message.bytes=2097152); fi
  "$bin/kafka-topics.sh" "${login[@]}" --create --if-not-exists --topic "$topic" --partitions 6 --replication-factor 1 \
    "${settings[@]}"
done

# Who may do what: the ACLs of local-infrastructure KafkaAcls, one principal per service; the broker refuses
# everything else (allow.everyone.if.no.acl.found=false). Read and Write imply Describe. Every consumer writes
# the dead-letter topic of what it consumes, reads all three (its dead-letter API reads them without a group),
# and reads and writes its own group's replay topics.
acl() {
  "$bin/kafka-acls.sh" "${login[@]}" --add --allow-principal "User:$1" "${@:2}" > /dev/null
}
# Publishes 'orders' through its outbox; answers to the inventory's events.
order_service() {
  acl order-service --operation Write --topic orders --topic inventory.DLT --topic inventory.order-service.replay
  acl order-service --operation Read --topic inventory --topic orders.DLT --topic inventory.DLT --topic customers.DLT \
    --topic inventory.order-service.replay --group order-service
}
# Publishes 'inventory' through its outbox; reserves stock for each order.
inventory_service() {
  acl inventory-service --operation Write --topic inventory --topic orders.DLT --topic orders.inventory-service.replay
  acl inventory-service --operation Read --topic orders --topic orders.DLT --topic inventory.DLT --topic customers.DLT \
    --topic orders.inventory-service.replay --group inventory-service
}
# Publishes nothing: tells people about everything.
notification_service() {
  acl notification-service --operation Write --topic orders.DLT --topic inventory.DLT --topic customers.DLT \
    --topic orders.notification-service.replay --topic inventory.notification-service.replay \
    --topic customers.notification-service.replay
  acl notification-service --operation Read --topic orders --topic inventory --topic customers \
    --topic orders.DLT --topic inventory.DLT --topic customers.DLT \
    --topic orders.notification-service.replay --topic inventory.notification-service.replay \
    --topic customers.notification-service.replay --group notification-service
}
# Kafka Streams with exactly-once, application.id analytics-service: its group, its internal topics and its
# transactional ids are named after it. Flags customers from their orders; its live page reads every topic
# without a group and the other services' lag.
analytics_service() {
  acl analytics-service --operation Read --topic orders --topic inventory --topic customers \
    --topic orders.DLT --topic inventory.DLT --topic customers.DLT --group analytics-service
  acl analytics-service --operation Write --topic customers
  acl analytics-service --operation All --resource-pattern-type prefixed --topic analytics-service-
  acl analytics-service --operation Write --resource-pattern-type prefixed --transactional-id analytics-service-
  acl analytics-service --operation Describe --group order-service --group inventory-service --group notification-service
}
# Each call is a JVM of a few seconds: the four principals' side by side, each waited for and failing the start.
pids=()
for grants in order_service inventory_service notification_service analytics_service; do
  "$grants" &
  pids+=("$!")
done
for pid in "${pids[@]}"; do
  wait "$pid"
done
echo "Topics and ACLs are in place"
