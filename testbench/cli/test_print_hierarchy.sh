#!/usr/bin/env bash
# `fineq simulate --print-hierarchy`: prints the platform's module tree, every block of the
# accelerator with its class and its sockets with what they are bound to, and exits 0
# without running a job; a config file cannot ask for it.
# Usage: bash test_print_hierarchy.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"

if "$fineq" simulate --print-hierarchy >"$work/tree.out" 2>&1; then
  for line in "platform  Platform" "  host  HostDriver" "  router  Router" "  dram  Dram" \
              "  csr  CsrBlock" "  accelerator  Accelerator" \
              "    controller  Controller" "    dma  DmaEngine" "    weight_buffer  SramBuffer" \
              "    activation_buffer  SramBuffer" "    output_buffer  SramBuffer" \
              "    decoder  FineqDecoder" "    array  SystolicArray" \
              "    socket  tlm_initiator_socket -> platform.router.target_socket" \
              "    memory_socket  tlm_initiator_socket -> platform.router.target_socket" \
              "    initiator_socket  tlm_initiator_socket -> platform.dram.socket, platform.csr.socket" \
              "      memory_socket  tlm_initiator_socket -> platform.accelerator.memory_socket" \
              "      weight_socket  tlm_initiator_socket -> platform.accelerator.weight_buffer.datapath_socket" \
              "      tile_out  sc_port -> platform.accelerator.array"; do
    grep -qxF -- "$line" "$work/tree.out" || fail "line '$line' not in the hierarchy"
  done
  grep -q "NOT BOUND" "$work/tree.out" && fail "an unbound port in the hierarchy"
  grep -q "bit-exact" "$work/tree.out" && fail "--print-hierarchy ran a job"
else
  fail "--print-hierarchy exited non-zero: $(cat "$work/tree.out")"
fi
[ -s "$work/tree.out" ] || fail "--print-hierarchy printed nothing"
cat "$work/tree.out" >&2

# It is a command, not a setting: a config file cannot hold it.
echo '{"print-hierarchy": 1}' >"$work/config.json"
if "$fineq" simulate --config "$work/config.json" >"$work/config.out" 2>&1; then
  fail "a config file with print-hierarchy was accepted"
else
  expect_in "$work/config.out" "config.json: unknown key 'print-hierarchy'"
fi

finish
