#!/usr/bin/env bash
# Usage: tools/fetch-base.sh
#
# Makes sure the cache holds the base kernel: Debian's linux-source-7.3
# package, version 7.3~rc7-1~exp1 (suite experimental), fetched from the
# Debian archive this machine's apt configuration already uses, extracted
# and committed as a one-commit git tree tagged v7.3-rc7 at
#   ${P2P_CACHE:-~/.cache/p2p-series}/base/linux
# Prints that path. Does nothing but print it when the cache is complete.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"

if git -C "$BASE_GIT" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null 2>&1; then
	echo "$BASE_GIT"
	exit 0
fi

need_cmd apt-get apt-cache dpkg-deb git tar xz

# The Debian archive address, as this machine's apt sources name it.
archive_uri() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/{u=$2} /^Suites:/{ if ($0 ~ /(bookworm|trixie|forky|sid|unstable|testing|stable)([ \t]|$)/ && u != "") { print u; exit } }' "$f"
	done
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' || true
}
uri=$(archive_uri | { grep -v security || true; } | head -n1)
[ -n "$uri" ] || die "no Debian archive found in /etc/apt/sources.list{,.d}; use tools/apply.sh --tree with a kernel checkout at $BASE_TAG"

aptdir=$CACHE_DIR/apt
debdir=$CACHE_DIR/debs
mkdir -p "$aptdir/lists/partial" "$debdir"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $BASE_SUITE main" >"$aptdir/sources.list"
apto=(-o "Dir::Etc::SourceList=$aptdir/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$aptdir/lists" -o APT::Sandbox::User=root -o Debug::NoLocking=1)

deb=$debdir/${BASE_PKG}_${BASE_VERSION}_all.deb
if [ ! -s "$deb" ]; then
	log "fetching $BASE_PKG $BASE_VERSION ($BASE_SUITE)"
	apt-get "${apto[@]}" -qq update || die "apt-get update of the $BASE_SUITE suite failed"
	if ! (cd "$debdir" && apt-get "${apto[@]}" -qq download "$BASE_PKG=$BASE_VERSION" >/dev/null 2>&1); then
		have=$(apt-cache "${apto[@]}" madison "$BASE_PKG" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' | paste -sd' ')
		die "$BASE_PKG $BASE_VERSION is not in $BASE_SUITE (it has: ${have:-no version of $BASE_PKG}). Use tools/apply.sh --tree PATH with a mainline checkout at $BASE_TAG."
	fi
	# apt-get download names the file with the version's ':' and '~' escaped.
	got=$(ls "$debdir"/"${BASE_PKG}"_*.deb | head -n1)
	[ "$got" = "$deb" ] || mv "$got" "$deb"
fi

tmp=$(mktemp -d "$CACHE_DIR/base.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log "extracting $deb"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" ./usr/src/$BASE_PKG.tar.xz
tar -xJf "$tmp/usr/src/$BASE_PKG.tar.xz" -C "$tmp"
src=$tmp/$BASE_PKG
[ -f "$src/Makefile" ] || die "unexpected layout in $BASE_PKG"
grep -q '^PATCHLEVEL = 3$' "$src/Makefile" && grep -q '^EXTRAVERSION = -rc7$' "$src/Makefile" ||
	die "$deb does not hold 7.3-rc7"

log "committing the base tree (tag $BASE_TAG)"
# Fixed identity and dates: the base commit id is the same on every machine
# that imports the same package with the same git, so format-patch's
# base-commit line is reproducible.
(
	cd "$src"
	export GIT_AUTHOR_NAME=base GIT_AUTHOR_EMAIL=base@localhost GIT_COMMITTER_NAME=base GIT_COMMITTER_EMAIL=base@localhost
	export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z
	git init -q -b base .
	# Debian's .gitignore ignores everything at the top level: force-add.
	git add -f -A .
	git commit -q -m "Linux 7.3-rc7" -m "Imported from Debian's $BASE_PKG $BASE_VERSION."
	git tag "$BASE_TAG"
)
rm -rf "$BASE_GIT"
mkdir -p "$(dirname "$BASE_GIT")"
mv "$src" "$BASE_GIT"
echo "$BASE_GIT"
