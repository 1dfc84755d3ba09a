#!/bin/sh
# Regenerates symbols.txt from a clone of espressif/esp-idf (a bare mirror is enough).
#   generate.sh ESP_IDF_GIT_DIR > symbols.txt
# Releases: the tags of boards.yaml `idfReleases`; names: the `names:` line of the current
# symbols.txt (add a name there when knobs.yaml gains a spelling or a dependency).
set -eu
idf=$1
here=$(dirname "$0")
tags=$(sed -n '/^idfReleases:/,/^chips:/p' "$here/../../boards.yaml" | sed -n '/tags:/,/\]/p' \
       | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | sort -u -V)
names=$(sed -n 's/^names: //p' "$here/symbols.txt")
pattern=$(echo "$names" | tr ' ' '\n' | sed 's/.*/^&$/' | paste -sd'|' -)
cat <<HEAD
# Kconfig option names heapfit emits or reads, per ESP-IDF release (workloads/kconfig/README.md).
# vTAG: the names below that a \`config\` or \`menuconfig\` line of a Kconfig file at that tag defines.
# vTAG renamed: OLD>NEW pairs of the tag's sdkconfig.rename* files that involve one of the names.
names: $names
HEAD
for t in $tags; do
    kfiles=$(git --git-dir="$idf" ls-tree -r --name-only "v$t" | grep -E '(^|/)Kconfig[^/]*$' | sed 's/^/:(literal)/')
    found=$(git --git-dir="$idf" grep -h -E '^\s*(menu)?config\s+[A-Z][A-Za-z0-9_]*' "v$t" -- $kfiles \
            | sed -E 's/^\s*(menu)?config\s+([A-Za-z0-9_]+).*/\2/' | grep -E "$pattern" | sort -u | paste -sd' ' -)
    echo "v$t: $found"
    rfiles=$(git --git-dir="$idf" ls-tree -r --name-only "v$t" | grep -E '(^|/)sdkconfig\.rename' | sed 's/^/:(literal)/')
    renamed=$(git --git-dir="$idf" grep -h -E '^\s*CONFIG_' "v$t" -- $rfiles | awk '{sub("CONFIG_","",$1); sub("CONFIG_","",$2); print $1">"$2}' \
              | grep -E "$(echo "$names" | tr ' ' '\n' | sed 's/.*/(^|>)&$|^&>/' | paste -sd'|' -)" | sort -u | paste -sd' ' - || true)
    echo "v$t renamed: $renamed"
done
