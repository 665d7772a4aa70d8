#!/usr/bin/env bash
# Prints pjsip.conf sections for the bench's operator phones PJSIP/op001 … op<N>, each with a static contact at the
# SIPp UAS (operator-uas.xml), no registration and no digest auth (lab only: permitted from the SIPp host only).
#   bash bench/calls/sipp/operators.conf.sh 300 127.0.0.1:5070 127.0.0.1 > /etc/asterisk/pjsip_bench.conf
# and `#include pjsip_bench.conf` at the end of pjsip.conf (after the op-endpoint template), then `pjsip reload`.
set -euo pipefail
count=${1:-300}
uas=${2:-127.0.0.1:5070}
net=${3:-127.0.0.1}
for i in $(seq 1 "$count"); do
  n=$(printf '%03d' "$i")
  cat <<CONF
[op${n}](op-endpoint)
aors = op${n}
callerid = "Bench operator ${n}" <9${n}>
permit = ${net}

[op${n}]
type = aor
contact = sip:op${n}@${uas}
max_contacts = 1
qualify_frequency = 0

CONF
done
