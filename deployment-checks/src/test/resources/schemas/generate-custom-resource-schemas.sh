#!/usr/bin/env bash
# Regenerates the strict JSON Schemas of the operators' custom resources from the type declarations that the
# @kubernetes-models packages generate from each operator's published CRDs (see README.md here). Run it in an
# empty folder with Node 20+ and jq:  generate-custom-resource-schemas.sh path/to/src/test/resources/schemas
#
# Every object the CRD declares properties for allows no other property (a misspelt field is an error, as
# with kubectl's strict field validation); an object declared without properties is a free-form map
# (x-kubernetes-preserve-unknown-fields, such as Kafka's config) and allows any.
set -euo pipefail
out="${1:?usage: generate-custom-resource-schemas.sh OUTPUT_DIR}"
npm install --no-audit --no-fund --silent typescript@5.9.3 ts-json-schema-generator@2.10.0 \
  @kubernetes-models/strimzi-kafka-operator@1.0.1 @kubernetes-models/cloudnative-pg@1.0.0 @kubernetes-models/keda@0.4.2 \
  @kubernetes-models/prometheus-operator@6.0.0
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "skipLibCheck": true, "module": "nodenext", "moduleResolution": "nodenext" } }
JSON
generate() { # name, import path, interface
  printf 'import type { %s } from "%s";\nexport type Resource = %s;\n' "$3" "$2" "$3" > resource.ts
  npx ts-json-schema-generator --path resource.ts --type Resource --tsconfig tsconfig.json --no-type-check \
    | jq 'walk(if type == "object" and (.description | type) == "string" then del(.description) else . end)' \
    | jq 'walk(if type == "object" and .type == "object" and (has("properties") | not) and .additionalProperties == false
               then del(.additionalProperties) else . end)' > "$out/$1.schema.json"
}
generate strimzi-kafka @kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/Kafka IKafka
generate strimzi-kafkanodepool @kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaNodePool IKafkaNodePool
generate strimzi-kafkatopic @kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaTopic IKafkaTopic
generate strimzi-kafkauser @kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaUser IKafkaUser
generate cnpg-cluster @kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster ICluster
generate cnpg-scheduledbackup @kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/ScheduledBackup IScheduledBackup
generate keda-scaledobject @kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject IScaledObject
generate keda-triggerauthentication @kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication ITriggerAuthentication
generate prometheus-servicemonitor @kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor IServiceMonitor
generate prometheus-prometheusrule @kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule IPrometheusRule
