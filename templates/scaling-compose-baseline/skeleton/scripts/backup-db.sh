#!/bin/sh
# Database backup for ${{ values.name }}: a compressed pg_dump into BACKUP_DIR, then deletes dumps
# older than BACKUP_RETENTION_DAYS. docker-compose.yml runs it daily in the db-backup service;
# to schedule it from the host's cron instead:
#   0 3 * * * cd /srv/${{ values.name }} && docker compose exec -T db-backup sh /usr/local/bin/backup-db.sh
# Restore:  gunzip -c backups/FILE.sql.gz | docker compose exec -T db psql -U "$POSTGRES_USER" -d "$POSTGRES_DB"
set -eu
set -o pipefail 2>/dev/null || true

: "${POSTGRES_HOST:=db}"
: "${POSTGRES_PORT:=5432}"
: "${POSTGRES_USER:?POSTGRES_USER is not set}"
: "${POSTGRES_DB:?POSTGRES_DB is not set}"
: "${BACKUP_DIR:=/backups}"
: "${BACKUP_RETENTION_DAYS:=${{ values.backupRetentionDays }}}"

mkdir -p "$BACKUP_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$BACKUP_DIR/$POSTGRES_DB-$stamp.sql.gz"

PGPASSWORD="${POSTGRES_PASSWORD:-}" pg_dump \
  --host "$POSTGRES_HOST" --port "$POSTGRES_PORT" --username "$POSTGRES_USER" \
  --dbname "$POSTGRES_DB" --no-owner --no-privileges \
  | gzip -9 > "$file.partial"
mv "$file.partial" "$file"
echo "backup written: $file ($(wc -c < "$file") bytes)"

find "$BACKUP_DIR" -name "$POSTGRES_DB-*.sql.gz" -type f -mtime +"$BACKUP_RETENTION_DAYS" -print -delete
