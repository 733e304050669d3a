#!/bin/bash
# GENERATED from k8s/overlays/strimzi/users.yaml and topics.yaml by deploy's KafkaInitScriptTest: do not edit.
# After changing those files, run ./mvnw -B -pl deploy -am verify and copy deploy/target/kafka-init.sh here.
#
# docker-compose.yml's kafka-init service runs it in the broker's network namespace, as the super user of the
# PLAINTEXT listener on localhost:29093 (nothing outside the broker's container reaches it): the fixed topics
# (one replica), one SCRAM-SHA-512 user per service with the password in <USER>_KAFKA_PASSWORD (.env), and the
# ACLs of each user. Safe to run again.
set -euo pipefail
b=${KAFKA_INIT_BOOTSTRAP:-localhost:29093}
k=${KAFKA_INIT_BIN:-/opt/kafka/bin}
until "$k/kafka-broker-api-versions.sh" --bootstrap-server "$b" > /dev/null 2>&1; do sleep 2; done

# name partitions [config...]
topic() {
  local name=$1 partitions=$2 configs=()
  shift 2
  for c in "$@"; do configs+=(--config "$c"); done
  "$k/kafka-topics.sh" --bootstrap-server "$b" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor 1 "${configs[@]}"
}

# name password-variable: SCRAM's config syntax leaves no room for ',', '=' or ']' in a password
user() {
  local password=${!2:?$2 is not set (see .env.example)}
  [[ $password =~ ^[A-Za-z0-9._~-]{12,}$ ]] || { echo "$2: 12 or more of A-Z a-z 0-9 . _ ~ -" >&2; exit 1; }
  "$k/kafka-configs.sh" --bootstrap-server "$b" --alter --entity-type users --entity-name "$1" \
    --add-config "SCRAM-SHA-512=[iterations=4096,password=$password]"
}

acl() {
  "$k/kafka-acls.sh" --bootstrap-server "$b" --add "$@"
}

topic streamtune.models 1 cleanup.policy=compact
topic streamtune.checkpoints 6
topic streamtune.evaluations 6
topic streamtune.promotions 6
topic streamtune.monitoring 6
topic streamtune.quarantines 1 cleanup.policy=compact
topic streamtune.dlq 1

user ingest-service INGEST_SERVICE_KAFKA_PASSWORD
user trainer-service TRAINER_SERVICE_KAFKA_PASSWORD
user evaluator-service EVALUATOR_SERVICE_KAFKA_PASSWORD
user registry-service REGISTRY_SERVICE_KAFKA_PASSWORD

acl --allow-principal User:ingest-service --topic streamtune. --resource-pattern-type prefixed --operation Create --operation Describe --operation Write
acl --deny-principal User:ingest-service --topic streamtune.models --resource-pattern-type literal --operation Write
acl --deny-principal User:ingest-service --topic streamtune.checkpoints --resource-pattern-type literal --operation Create --operation Write
acl --deny-principal User:ingest-service --topic streamtune.evaluations --resource-pattern-type literal --operation Create --operation Write
acl --deny-principal User:ingest-service --topic streamtune.promotions --resource-pattern-type literal --operation Create --operation Write
acl --deny-principal User:ingest-service --topic streamtune.monitoring --resource-pattern-type literal --operation Create --operation Write
acl --deny-principal User:ingest-service --topic streamtune.quarantines --resource-pattern-type literal --operation Create --operation Write
acl --deny-principal User:ingest-service --topic streamtune.spam.quarantine --resource-pattern-type literal --operation Create --operation Write
acl --allow-principal User:ingest-service --topic streamtune.models --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:ingest-service --topic streamtune.raw. --resource-pattern-type prefixed --operation Describe --operation Read
acl --deny-principal User:ingest-service --topic streamtune.raw. --resource-pattern-type prefixed --operation Write
acl --allow-principal User:ingest-service --group streamtune-ingest-raw --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:ingest-service --transactional-id streamtune-ingest-raw- --resource-pattern-type prefixed --operation Describe --operation Write
acl --allow-principal User:ingest-service --transactional-id streamtune-ingest-http- --resource-pattern-type prefixed --operation Describe --operation Write
acl --allow-principal User:trainer-service --topic streamtune.spam.train --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:trainer-service --topic streamtune.models --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:trainer-service --group streamtune-trainer --resource-pattern-type prefixed --operation Describe --operation Read
acl --allow-principal User:trainer-service --topic streamtune.checkpoints --resource-pattern-type literal --operation Describe --operation Write
acl --allow-principal User:trainer-service --topic streamtune.quarantines --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:trainer-service --topic streamtune.spam.quarantine --resource-pattern-type literal --operation Create --operation Describe --operation Write
acl --allow-principal User:trainer-service --topic streamtune.dlq --resource-pattern-type literal --operation Describe --operation Write
acl --allow-principal User:evaluator-service --topic streamtune.spam.heldout --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:evaluator-service --topic streamtune.checkpoints --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:evaluator-service --topic streamtune.models --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:evaluator-service --group streamtune-evaluator --resource-pattern-type prefixed --operation Describe --operation Read
acl --allow-principal User:evaluator-service --topic streamtune.evaluations --resource-pattern-type literal --operation Describe --operation Write
acl --allow-principal User:evaluator-service --topic streamtune.monitoring --resource-pattern-type literal --operation Describe --operation Write
acl --allow-principal User:evaluator-service --topic streamtune.dlq --resource-pattern-type literal --operation Describe --operation Write
acl --allow-principal User:registry-service --topic streamtune.evaluations --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:registry-service --topic streamtune.monitoring --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:registry-service --topic streamtune.quarantines --resource-pattern-type literal --operation Describe --operation Read --operation Write
acl --allow-principal User:registry-service --topic streamtune.promotions --resource-pattern-type literal --operation Describe --operation Read --operation Write
acl --allow-principal User:registry-service --group streamtune-registry --resource-pattern-type prefixed --operation Describe --operation Read
acl --allow-principal User:registry-service --topic streamtune.models --resource-pattern-type literal --operation Describe --operation Write
acl --allow-principal User:registry-service --topic streamtune.dlq --resource-pattern-type literal --operation Describe --operation Write
acl --allow-principal User:registry-service --topic streamtune.checkpoints --resource-pattern-type literal --operation Describe --operation Read
acl --allow-principal User:registry-service --topic streamtune.spam.train --resource-pattern-type literal --operation Describe
