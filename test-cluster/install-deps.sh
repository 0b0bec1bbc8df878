#!/usr/bin/env bash
# Installs the Debian packages the test cluster and the demo need, and nothing when they are
# already there. Safe to run any number of times. Starts no service: the project starts what it
# needs itself.
#   --quiet   print nothing when everything is present
#   --check   only report what is missing (exit 1 if something is)
set -euo pipefail
quiet=0; check=0
for a in "$@"; do
  case "$a" in
    --quiet) quiet=1 ;;
    --check) check=1 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown option $a (use --quiet or --check)" >&2; exit 2 ;;
  esac
done

# package -> a file that proves it is installed
declare -A probe=(
  [postgresql]=/usr/lib/postgresql/15/bin/pg_ctl
  [etcd-server]=/usr/bin/etcd
  [etcd-client]=/usr/bin/etcdctl
  # EtcdTls makes the test CA and certificates of a TLS etcd with the openssl command line.
  [openssl]=/usr/bin/openssl
  [openssh-server]=/usr/sbin/sshd
  [openssh-client]=/usr/bin/ssh
  [snmptrapd]=/usr/sbin/snmptrapd
  [snmp]=/usr/bin/snmptrap
  # alerts: GPWARDEN-MIB is checked by libsmi's smilint; erlang-snmp ships the IETF base
  # modules (SNMPv2-SMI/TC/CONF) that Debian's own MIB packages leave out.
  [smitools]=/usr/bin/smilint
  [erlang-snmp]=/usr/share/doc/erlang-snmp
)
missing=()
for pkg in "${!probe[@]}"; do
  [ -e "${probe[$pkg]}" ] || missing+=("$pkg")
done
# PostgreSQL may be another major version on a user's machine; any server with pg_rewind will do.
if [[ " ${missing[*]} " == *" postgresql "* ]] && ls /usr/lib/postgresql/*/bin/pg_rewind >/dev/null 2>&1; then
  missing=("${missing[@]/postgresql}")
fi
read -r -a missing <<<"${missing[*]}"

if [ ${#missing[@]} -eq 0 ]; then
  [ $quiet -eq 1 ] || echo "install-deps.sh: all packages present"
  exit 0
fi
if [ $check -eq 1 ]; then
  echo "install-deps.sh: missing: ${missing[*]}"
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
  command -v sudo >/dev/null || { echo "install-deps.sh: need root to install: ${missing[*]}" >&2; exit 1; }
else
  sudo=
fi
echo "install-deps.sh: installing ${missing[*]} ..." >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
