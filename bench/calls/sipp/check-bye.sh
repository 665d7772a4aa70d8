#!/usr/bin/env bash
# Checks the operator phone's SIPp scenario (operator-uas.xml) without an Asterisk: a SIPp UAC plays Asterisk's
# side of operator legs (check-asterisk-uac.xml: a Contact in the INVITE, none in the ACK) and checks the phone's BYE
# (Request-URI = that Contact, From = the callee with the phone's tag, To = the caller with Asterisk's tag, the same
# Call-ID). Then the citizen's scenario (citizen-uac.xml) calls the same phone and must end on the phone's BYE.
# Loopback only, random free ports. Needs SIPp (Debian: apt-get install -y sip-tester); not part of `npm test`.
#   bash bench/calls/sipp/check-bye.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v sipp >/dev/null || { echo "sipp not found: apt-get install -y sip-tester" >&2; exit 2; }
work=$(mktemp -d)
uas_pid=
cleanup() {
  [ -n "$uas_pid" ] && kill "$uas_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Free UDP ports on 127.0.0.1, from the kernel (bind to port 0).
free_port() { node -e "const s=require('dgram').createSocket('udp4');s.bind(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
uas_port=$(free_port); uac_port=$(free_port); citizen_port=$(free_port)
media() { echo "-mp $(( ($(free_port) / 2) * 2 ))"; }

cd "$work"
sipp -sf "$here/operator-uas.xml" -i 127.0.0.1 -p "$uas_port" $(media) -nostdin -trace_err -trace_msg \
  -error_file uas-errors.log -message_file uas-messages.log > uas.out 2>&1 &
uas_pid=$!
sleep 0.5
kill -0 "$uas_pid" 2>/dev/null || { echo "FAIL operator-uas.xml did not start:"; cat uas.out uas-errors.log 2>/dev/null | tail -20; exit 1; }

status=0
# 1. Asterisk's side of two operator legs: each BYE is checked (check_it: a mismatch fails the call).
if sipp 127.0.0.1:"$uas_port" -sf "$here/check-asterisk-uac.xml" -s op001 -i 127.0.0.1 -p "$uac_port" $(media) \
     -m 2 -l 2 -r 2 -timeout 30s -nostdin -trace_err -trace_logs -error_file uac-errors.log -log_file uac-log.log \
     -trace_stat -stf uac-stat.csv > uac.out 2>&1; then
  echo "ok   the phone's BYE goes to Asterisk's Contact, From/To in the phone's direction, same Call-ID (2 calls)"
  sed -n 's/^.*BYE checked: /     /p' uac-log.log | head -1
else
  echo "FAIL the phone's BYE (exit $?):"; cat uac-errors.log uac.out 2>/dev/null | tail -30; status=1
fi

# 2. The citizen's scenario against the same phone: greeting (-d 300 ms), key 1, the phone's BYE, 200.
if sipp 127.0.0.1:"$uas_port" -sf "$here/citizen-uac.xml" -s 1022 -i 127.0.0.1 -p "$citizen_port" $(media) \
     -m 1 -l 1 -d 300 -timeout 30s -nostdin -trace_err -error_file citizen-errors.log > citizen.out 2>&1; then
  echo "ok   citizen-uac.xml ends on the phone's BYE"
else
  echo "FAIL citizen-uac.xml against the phone (exit $?):"; cat citizen-errors.log citizen.out 2>/dev/null | tail -30; status=1
fi
if [ "$status" -ne 0 ] && [ -f uas-errors.log ]; then echo "--- UAS errors:"; tail -30 uas-errors.log; fi
exit "$status"
