#!/usr/bin/env bash
# Nightly backup of the database to a dated, compressed file.
set -euo pipefail

rotate_backups() {
  # keep the newest seven archives
  ls -1t "$1"/db-*.sql.gz | tail -n +8 | xargs -r rm --
}

dump_database() {
  pg_dump "$DATABASE_URL" | gzip > "$1/db-$(date +%F).sql.gz"
}

dump_database /var/backups
rotate_backups /var/backups
