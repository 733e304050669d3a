#!/bin/sh
# One MinIO user per service with a policy on the buckets it uses (see minio-users.yaml); run as MinIO's root user by
# the minio-users Job on Kubernetes (its ConfigMap is generated from this file) and by the minio-init service of
# docker-compose.yml. Needs ROOT_USER, ROOT_PASSWORD, the STREAMTUNE_S3_*_BUCKET names, EVALUATOR_BUCKET and the
# <SERVICE>_ACCESS_KEY / <SERVICE>_SECRET_KEY of the trainer, the evaluator and the registry.
set -eu
export MC_CONFIG_DIR=/tmp/.mc
export MC_HOST_minio="http://${ROOT_USER}:${ROOT_PASSWORD}@minio:9000"
until mc ready minio; do sleep 2; done
CP="$STREAMTUNE_S3_CHECKPOINTS_BUCKET"; MD="$STREAMTUNE_S3_MODELS_BUCKET"; EV="$EVALUATOR_BUCKET"
mc mb --ignore-existing "minio/$CP" "minio/$MD" "minio/$EV"

# statement: actions, then resources
stmt() { printf '{"Effect":"Allow","Action":[%s],"Resource":[%s]}' "$1" "$2"; }
LIST='"s3:ListBucket","s3:GetBucketLocation"'
READ='"s3:GetObject"'
WRITE='"s3:GetObject","s3:PutObject","s3:DeleteObject","s3:AbortMultipartUpload","s3:ListMultipartUploadParts"'
bucket() { for b in "$@"; do printf '"arn:aws:s3:::%s",' "$b"; done | sed 's/,$//'; }
objects() { for b in "$@"; do printf '"arn:aws:s3:::%s/*",' "$b"; done | sed 's/,$//'; }

# name access-key secret-key statements...
user() {
  name="streamtune-$1"; key="$2"; secret="$3"; shift 3
  printf '{"Version":"2012-10-17","Statement":[%s]}' "$(IFS=,; echo "$*")" > "/tmp/$name.json"
  mc admin policy create minio "$name" "/tmp/$name.json"
  mc admin user add minio "$key" "$secret"
  mc admin policy attach minio "$name" --user "$key" || mc admin user info minio "$key" | grep -q "$name"
  echo "user $key: policy $name"
}

# every service checks at start that both shared buckets exist (a HEAD needs s3:ListBucket)
user trainer "$TRAINER_ACCESS_KEY" "$TRAINER_SECRET_KEY" \
  "$(stmt "$LIST" "$(bucket "$CP" "$MD")")" \
  "$(stmt "$WRITE" "$(objects "$CP")")"
user evaluator "$EVALUATOR_ACCESS_KEY" "$EVALUATOR_SECRET_KEY" \
  "$(stmt "$LIST" "$(bucket "$CP" "$MD" "$EV")")" \
  "$(stmt "$READ" "$(objects "$CP" "$MD")")" \
  "$(stmt "$WRITE" "$(objects "$EV")")"
user registry "$REGISTRY_ACCESS_KEY" "$REGISTRY_SECRET_KEY" \
  "$(stmt "$LIST" "$(bucket "$CP" "$MD")")" \
  "$(stmt "$READ" "$(objects "$CP")")" \
  "$(stmt "$WRITE" "$(objects "$MD")")"
