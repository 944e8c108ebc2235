#!/usr/bin/env python3
"""Writes the LLM topologies of sweeps/topologies/ (docs/network.md): every linear layer of a
LLaMA-style decoder for prefill (M = 512 tokens) and decode (M = 1), in the JSON form, and
stories260K with its real weights from the llama2.c checkpoint. Rerun after changing a shape:
    python3 scripts/make_topologies.py sweeps/topologies
"""
import json
import sys

# name: (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab)
MODELS = {
    "llama2-7b": (4096, 11008, 32, 32, 32, 32000),
    "llama2-13b": (5120, 13824, 40, 40, 40, 32000),
}


def linear_layers(dim, hidden, n_layers, n_heads, n_kv_heads):
    """(name, N, K) of every linear layer of every block, in llama2.c's order."""
    kv_dim = dim * n_kv_heads // n_heads
    for layer in range(n_layers):
        for name, n, k in (("wq", dim, dim), ("wk", kv_dim, dim), ("wv", kv_dim, dim),
                           ("wo", dim, dim), ("w1", hidden, dim), ("w2", dim, hidden),
                           ("w3", hidden, dim)):
            yield f"layers.{layer}.{name}", n, k


def llama_topology(name, dim, hidden, n_layers, n_heads, n_kv_heads, vocab):
    layers = []
    for phase, m in (("prefill", 512), ("decode", 1)):
        for layer, n, k in linear_layers(dim, hidden, n_layers, n_heads, n_kv_heads):
            layers.append({"name": f"{phase}.{layer}", "m": m, "n": n, "k": k})
        layers.append({"name": f"{phase}.output", "m": m, "n": vocab, "k": dim})
    return {"name": name, "layers": layers}


def stories260k_topology():
    # dim 64, hidden 172, 5 layers, 8 heads, 4 KV heads; the classifier shares the embedding,
    # so the checkpoint's linear layers are the blocks' seven matrices.
    layers = []
    for phase, m in (("prefill", 512), ("decode", 1)):
        for layer, n, k in linear_layers(64, 172, 5, 8, 4):
            layers.append({"name": f"{phase}.{layer}", "m": m, "n": n, "k": k,
                           "weights": "../../../shared/models/stories260K.bin", "tensor": layer})
    return {"name": "stories260K", "layers": layers}


def main(folder):
    topologies = {name: llama_topology(name, *shape) for name, shape in MODELS.items()}
    topologies["stories260K"] = stories260k_topology()
    for name, topology in topologies.items():
        with open(f"{folder}/{name}.json", "w") as out:
            out.write('{"name": %s, "layers": [\n' % json.dumps(topology["name"]))
            out.write(",\n".join("  " + json.dumps(layer) for layer in topology["layers"]))
            out.write("\n]}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sweeps/topologies")
