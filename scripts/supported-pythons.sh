#!/usr/bin/env bash
# Print the Python interpreters on this machine that the project supports (3.11 and newer),
# one path a line, oldest version first, one path per version.
set -u
candidates=()
for name in python3 python3.11 python3.12 python3.13 python3.14; do
  while IFS= read -r found; do candidates+=("$found"); done < <(type -ap "$name" 2>/dev/null)
done
# interpreters installed beside the one on PATH (pyenv keeps each version in its own folder)
for found in /usr/bin/python3.1[1-9] /usr/local/bin/python3.1[1-9] \
  "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[1-9]*/bin/python3; do
  [ -x "$found" ] && candidates+=("$found")
done
for python in "${candidates[@]}"; do
  version=$("$python" -c 'import sys; print("%d %d %d" % sys.version_info[:3]) if sys.version_info >= (3, 11) else None' 2>/dev/null) || continue
  [ -n "$version" ] && [ "$version" != None ] && echo "$version $python"
done | sort -n -k1,1 -k2,2 -k3,3 | awk '!seen[$1" "$2" "$3]++ {print $4}'
