// The weights file shared by the algebra and LibTorch: JSON with
//   "arch":       list of widths (or "tree4"),
//   "activation": as Activation::parse reads it,
//   "bias":       true/false (optional, default true),
//   "parameters": decimal strings at full precision (numbers are accepted too), in the shared
//                 parameter order,
// and any further fields (how the data and labels were made, seeds, residuals) kept as metadata.
// Header-only; needs nlohmann/json (a header-only Debian package) besides the spec.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/net_spec.hpp"
#include "landscape/spec/rational.hpp"

namespace landscape {

struct WeightsFile {
  std::string arch;                      // as NetSpec::parse reads it
  std::string activation;                // as Activation::parse reads it
  bool bias = true;
  std::vector<std::string> parameters;   // decimal strings
  nlohmann::json metadata = nlohmann::json::object();

  NetSpec net() const { return NetSpec::parse(arch, Activation::parse(activation), bias); }

  // The parameters as exact rationals (a decimal string is an exact rational).
  std::vector<Rational> rationals(const std::string& path) const {
    std::vector<Rational> out;
    for (std::size_t k = 0; k < parameters.size(); ++k) {
      auto r = Rational::parse(parameters[k]);
      if (!r)
        throw InputError(path + ": parameters[" + std::to_string(k) + "] '" + parameters[k] +
                         "' is not a number");
      out.push_back(*r);
    }
    return out;
  }

  // The working precision the file records ("digits", as memorize writes it), if any; InputError
  // when it is there but not a number of decimal digits.
  std::optional<unsigned> recorded_digits() const {
    if (!metadata.contains("digits")) return std::nullopt;
    const auto& digits = metadata["digits"];
    if (!digits.is_number_unsigned() || digits.get<std::uint64_t>() > 1000000)
      throw InputError("the weights file's \"digits\" must be a number of decimal digits, not " + digits.dump());
    return digits.get<unsigned>();
  }
};

// A weights file's text; `path` names it in error messages (InputError for anything malformed).
inline WeightsFile parse_weights_json(const std::string& text, const std::string& path) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  if (!j.is_object()) throw InputError(path + ": a weights file is a JSON object");
  WeightsFile w;
  for (const char* key : {"arch", "activation", "parameters"})
    if (!j.contains(key)) throw InputError(path + ": missing field \"" + std::string(key) + "\"");
  const auto& arch = j["arch"];
  if (arch.is_string()) {
    w.arch = arch.get<std::string>();
  } else if (arch.is_array()) {
    for (std::size_t i = 0; i < arch.size(); ++i) {
      if (!arch[i].is_number_integer())
        throw InputError(path + ": \"arch\" must be a list of integer widths");
      w.arch += (i ? "," : "") + std::to_string(arch[i].get<long long>());
    }
  } else {
    throw InputError(path + ": \"arch\" must be a list of widths or \"tree4\"");
  }
  if (!j["activation"].is_string()) throw InputError(path + ": \"activation\" must be a string");
  w.activation = j["activation"].get<std::string>();
  if (j.contains("bias")) {
    if (!j["bias"].is_boolean()) throw InputError(path + ": \"bias\" must be true or false");
    w.bias = j["bias"].get<bool>();
  }
  if (!j["parameters"].is_array()) throw InputError(path + ": \"parameters\" must be a list");
  for (const auto& p : j["parameters"]) {
    if (p.is_string())
      w.parameters.push_back(p.get<std::string>());
    else if (p.is_number())
      w.parameters.push_back(p.dump());
    else
      throw InputError(path + ": \"parameters\" must hold numbers or decimal strings");
  }
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "arch" && it.key() != "activation" && it.key() != "bias" &&
        it.key() != "parameters")
      w.metadata[it.key()] = it.value();
  const std::size_t expected = w.net().parameter_count();
  if (w.parameters.size() != expected)
    throw InputError(path + ": " + std::to_string(w.parameters.size()) +
                     " parameters, but the network " + w.arch + " has " + std::to_string(expected));
  return w;
}

inline WeightsFile read_weights_file(const std::string& path) {
  return parse_weights_json(read_text_file(path), path);
}

inline nlohmann::json weights_json(const WeightsFile& w) {
  nlohmann::json j = w.metadata;
  const NetSpec net = w.net();
  j["arch"] = net.topology == Topology::Tree4 ? nlohmann::json("tree4") : nlohmann::json(net.widths);
  j["activation"] = w.activation;
  j["bias"] = w.bias;
  j["parameters"] = w.parameters;
  j["parameter_names"] = net.layout().variable_names();
  return j;
}

inline void write_weights_file(const std::string& path, const WeightsFile& w) {
  write_file_atomically(path, weights_json(w).dump(2) + "\n");
}

}  // namespace landscape
