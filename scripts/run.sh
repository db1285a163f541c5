#!/usr/bin/env bash
# make run: creates the database with the demo data when it is absent, prints
# how to log in, then serves the UI and the API in the foreground.
# Usage: scripts/run.sh PLAM_BINARY DB_PATH LISTEN
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1 db=$2 listen=$3
if [ ! -f "$db" ]; then
  echo "plam : création de la base de démonstration $db"
  "$bin" init --db "$db" --demo
else
  "$bin" migrate --db "$db" >/dev/null
  echo "plam : base existante réutilisée ($db)."
  echo "Comptes de démonstration (identifiant / mot de passe), si la base a été créée par make run :"
  for r in admin staff pilote partenaire employeur candidat institut interne collectivite; do
    printf '  %-13s demo-%s-2026\n' "$r" "$r"
  done
fi
echo
echo "Ouvrez http://$listen/ dans un navigateur."
exec "$bin" serve --db "$db" --listen "$listen" --web-root build/web
