#!/usr/bin/env bash
# Prints a self-contained pjsip.conf include for the bench's operator phones PJSIP/op001 … op<N>: its own endpoint
# template (nothing from asterisk-config/pjsip.conf is needed), each phone with a static contact at the SIPp UAS
# (operator-uas.xml), no registration and no digest auth (lab only: requests accepted from the SIPp host only).
#   bash bench/calls/sipp/operators.conf.sh 300 127.0.0.1:5070 127.0.0.1 > /etc/asterisk/pjsip_bench.conf
# then `#include pjsip_bench.conf` at the end of pjsip.conf and, in the Asterisk CLI (Asterisk 22 has no
# `pjsip reload`): asterisk -rx 'module reload res_pjsip.so'
set -euo pipefail
count=${1:-300}
uas=${2:-127.0.0.1:5070}
net=${3:-127.0.0.1}
case "$count" in '' | *[!0-9]*) echo "usage: $0 <count> <sipp-host:port> <sipp-address>" >&2; exit 64 ;; esac

cat <<CONF
; Bench operator phones (bench/calls/sipp/operators.conf.sh ${count} ${uas} ${net}): lab only.
[bench-op-endpoint](!)
type = endpoint
context = bench-operators           ; no such context: the phones can call nothing
disallow = all
allow = alaw                        ; as the trunk and the SIPp UAS: no transcoding in the bench
direct_media = no
dtmf_mode = rfc4733
rtp_symmetric = yes
force_rport = yes
rewrite_contact = no
identify_by = ip
language = vi
allow_transfer = no
allow_subscribe = no
send_pai = yes
rtp_timeout = 120
deny = 0.0.0.0/0.0.0.0
permit = ${net}

[bench-op-aor](!)
type = aor
max_contacts = 1
qualify_frequency = 0               ; SIPp answers no OPTIONS

CONF
for i in $(seq 1 "$count"); do
  n=$(printf '%03d' "$i")
  cat <<CONF
[op${n}](bench-op-endpoint)
aors = op${n}
callerid = "Bench operator ${n}" <9${n}>

[op${n}](bench-op-aor)
contact = sip:op${n}@${uas}

CONF
done
