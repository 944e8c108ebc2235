#pragma once
// A tiny llama2.c legacy checkpoint written by the test itself (random weights, RoPE tables
// computed here from llama2.c's formula), and an independent double-precision forward pass
// written from the llama2.c description, one token at a time, as the oracle.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "temp_path.hpp"

namespace fineq::test {

struct TinyLlama {
  std::int32_t dim = 8, hidden = 12, layers = 2, heads = 4, kv_heads = 2, vocab = 11, seq_len = 6;
  bool shared_classifier = true;
  // File order: embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3, rms_final, cos, sin[, cls].
  std::vector<float> embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3, rms_final, cos, sin, cls;

  std::int32_t head_size() const { return dim / heads; }
  std::int32_t kv_dim() const { return head_size() * kv_heads; }

  void randomize(unsigned seed, float weight_scale = 0.4f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, weight_scale);
    std::uniform_real_distribution<float> gain(0.5f, 1.5f);
    auto fill = [&](std::vector<float>& v, std::size_t n) {
      v.resize(n);
      for (float& x : v) x = normal(rng);
    };
    auto fill_gain = [&](std::vector<float>& v, std::size_t n) {
      v.resize(n);
      for (float& x : v) x = gain(rng);
    };
    const std::size_t L = layers, D = dim, H = hidden, KV = kv_dim();
    fill(embedding, vocab * D);
    fill_gain(rms_att, L * D);
    fill(wq, L * D * D);
    fill(wk, L * KV * D);
    fill(wv, L * KV * D);
    fill(wo, L * D * D);
    fill_gain(rms_ffn, L * D);
    fill(w1, L * H * D);
    fill(w2, L * D * H);
    fill(w3, L * H * D);
    fill_gain(rms_final, D);
    const std::int32_t half = head_size() / 2;
    cos.resize(std::size_t(seq_len) * half);
    sin.resize(cos.size());
    for (std::int32_t p = 0; p < seq_len; ++p) {
      for (std::int32_t i = 0; i < half; ++i) {
        const double freq = 1.0 / std::pow(10000.0, 2.0 * i / head_size());
        cos[std::size_t(p) * half + i] = float(std::cos(p * freq));
        sin[std::size_t(p) * half + i] = float(std::sin(p * freq));
      }
    }
    if (!shared_classifier) fill(cls, std::size_t(vocab) * D);
  }

  std::string write(const std::string& name) const {
    const std::string path = unique_temp_path(name);
    std::ofstream out(path, std::ios::binary);
    const std::int32_t header[7] = {dim, hidden, layers, heads, kv_heads,
                                    shared_classifier ? vocab : -vocab, seq_len};
    out.write(reinterpret_cast<const char*>(header), sizeof header);
    for (const std::vector<float>* v : {&embedding, &rms_att, &wq, &wk, &wv, &wo, &rms_ffn, &w1, &w2,
                                        &w3, &rms_final, &cos, &sin, &cls}) {
      out.write(reinterpret_cast<const char*>(v->data()), std::streamsize(v->size() * sizeof(float)));
    }
    return path;
  }

  // Logits after each token of `tokens` (positions 0, 1, ...), in double precision.
  std::vector<std::vector<double>> oracle_logits(const std::vector<std::uint32_t>& tokens) const {
    const std::size_t D = dim, H = hidden, KV = kv_dim(), hs = head_size(), half = hs / 2;
    std::vector<std::vector<std::vector<double>>> keys(layers), values(layers);
    std::vector<std::vector<double>> result;
    auto matvec = [](const std::vector<float>& w, std::size_t offset, std::size_t n, std::size_t k,
                     const std::vector<double>& x) {
      std::vector<double> y(n, 0.0);
      for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < k; ++c) y[r] += double(w[offset + r * k + c]) * x[c];
      return y;
    };
    auto norm = [&](const std::vector<double>& x, const std::vector<float>& g, std::size_t offset) {
      double ss = 0;
      for (double v : x) ss += v * v;
      const double inv = 1.0 / std::sqrt(ss / double(x.size()) + 1e-5);
      std::vector<double> y(x.size());
      for (std::size_t i = 0; i < x.size(); ++i) y[i] = g[offset + i] * x[i] * inv;
      return y;
    };
    for (std::size_t pos = 0; pos < tokens.size(); ++pos) {
      std::vector<double> x(embedding.begin() + long(tokens[pos] * D), embedding.begin() + long((tokens[pos] + 1) * D));
      for (std::int32_t l = 0; l < layers; ++l) {
        const std::vector<double> xn = norm(x, rms_att, l * D);
        std::vector<double> q = matvec(wq, l * D * D, D, D, xn), k = matvec(wk, l * KV * D, KV, D, xn),
                            v = matvec(wv, l * KV * D, KV, D, xn);
        auto rotate = [&](std::vector<double>& vec) {
          for (std::size_t i = 0; i < vec.size(); i += 2) {
            const std::size_t j = (i % hs) / 2;
            const double c = cos[pos * half + j], s = sin[pos * half + j];
            const double a = vec[i], b = vec[i + 1];
            vec[i] = a * c - b * s;
            vec[i + 1] = a * s + b * c;
          }
        };
        rotate(q);
        rotate(k);
        keys[l].push_back(k);
        values[l].push_back(v);
        std::vector<double> att(D, 0.0);
        for (std::size_t h = 0; h < std::size_t(heads); ++h) {
          const std::size_t kvh = h / (heads / kv_heads);
          std::vector<double> p(pos + 1);
          double max_score = -1e300, sum = 0;
          for (std::size_t t = 0; t <= pos; ++t) {
            double dot = 0;
            for (std::size_t i = 0; i < hs; ++i) dot += q[h * hs + i] * keys[l][t][kvh * hs + i];
            p[t] = dot / std::sqrt(double(hs));
            max_score = std::max(max_score, p[t]);
          }
          for (double& s : p) sum += (s = std::exp(s - max_score));
          for (std::size_t t = 0; t <= pos; ++t)
            for (std::size_t i = 0; i < hs; ++i) att[h * hs + i] += p[t] / sum * values[l][t][kvh * hs + i];
        }
        const std::vector<double> o = matvec(wo, l * D * D, D, D, att);
        for (std::size_t i = 0; i < D; ++i) x[i] += o[i];
        const std::vector<double> xf = norm(x, rms_ffn, l * D);
        std::vector<double> a = matvec(w1, l * H * D, H, D, xf), b = matvec(w3, l * H * D, H, D, xf);
        for (std::size_t i = 0; i < H; ++i) a[i] = a[i] / (1.0 + std::exp(-a[i])) * b[i];
        const std::vector<double> f = matvec(w2, l * D * H, D, H, a);
        for (std::size_t i = 0; i < D; ++i) x[i] += f[i];
      }
      result.push_back(matvec(shared_classifier ? embedding : cls, 0, vocab, D, norm(x, rms_final, 0)));
    }
    return result;
  }
};

}  // namespace fineq::test
