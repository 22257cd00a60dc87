// Data points with exact (rational) values, and where labels come from.
//
// Data "random:n=N,seed=S" draws N distinct points whose coordinates are small rationals p/q
// (|p| <= 10, 1 <= q <= 10); data "FILE.csv" reads columns x1..x_d0 and optionally y1..y_dL
// (integers, decimals or p/q; a header row is allowed). Labels: from the CSV, random small
// rationals ("random:seed=S"), or the exact outputs of a teacher network (a parameter file),
// which the algebra computes since the spec has no exact arithmetic.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "landscape/spec/row_matrix.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/random.hpp"
#include "landscape/spec/rational.hpp"

namespace landscape {

using RationalMatrix = RowMatrix<Rational>;

struct Dataset {
  RationalMatrix inputs;  // N x d0
  RationalMatrix labels;  // N x dL, or empty when the data carry no labels
  std::string source;     // how it was made, e.g. "random:n=5,seed=1" or the CSV path

  std::size_t size() const { return inputs.size(); }
  bool has_labels() const { return !labels.empty(); }

  static std::vector<std::vector<double>> to_double(const RationalMatrix& m) {
    std::vector<std::vector<double>> out;
    for (const auto& row : m) {
      out.emplace_back();
      for (const auto& r : row) out.back().push_back(r.to_double());
    }
    return out;
  }
};

// Parses "name:key=value,key=value" after the prefix `name:`; every key must be in `allowed`
// and every value a non-negative integer. `field` names the options field that holds `text`
// (FieldError(field, ...) otherwise).
inline std::map<std::string, std::uint64_t> parse_key_values(const std::string& field,
                                                             const std::string& text,
                                                             const std::string& prefix,
                                                             const std::set<std::string>& allowed) {
  std::map<std::string, std::uint64_t> values;
  const std::string list = text.substr(prefix.size());
  if (list.empty()) return values;
  for (const auto& item : split(list, ',')) {
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (!allowed.count(key)) throw FieldError(field, "'" + text + "': unknown key '" + key + "'");
    if (value.empty() || value.size() > 19 || value.find_first_not_of("0123456789") != std::string::npos)
      throw FieldError(field, "'" + text + "': " + key + " needs a non-negative integer");
    values[key] = std::stoull(value);
  }
  return values;
}

// A small random rational p/q with |p| <= 10 and 1 <= q <= 10.
inline Rational random_small_rational(SplitMix64& rng) {
  const std::int64_t p = rng.uniform_int(-10, 10);
  const std::int64_t q = rng.uniform_int(1, 10);
  return Rational(p, q);
}

// `rows` distinct points of `cols` small random rationals. Distinctness is decided on the
// doubles, which is exact here: p/q with q <= 10 round to equal doubles only when equal.
inline RationalMatrix random_points(std::size_t rows, int cols, std::uint64_t seed) {
  SplitMix64 rng(seed);
  RationalMatrix points;
  std::set<std::vector<double>> seen;
  std::size_t attempts = 0;
  while (points.size() < rows) {
    if (++attempts > 100 * rows + 1000)
      throw InputError("cannot draw " + std::to_string(rows) + " distinct points in dimension " +
                       std::to_string(cols) + " from small rationals");
    std::vector<Rational> point;
    for (int j = 0; j < cols; ++j) point.push_back(random_small_rational(rng));
    std::vector<double> key;
    for (const auto& r : point) key.push_back(r.to_double());
    if (seen.insert(key).second) points.push_back(std::move(point));
  }
  return points;
}

// Small random rational labels, not required to be distinct.
inline RationalMatrix random_labels(std::size_t rows, int cols, std::uint64_t seed) {
  SplitMix64 rng(seed);
  RationalMatrix labels(rows);
  for (auto& row : labels)
    for (int j = 0; j < cols; ++j) row.push_back(random_small_rational(rng));
  return labels;
}

// A CSV row whose width fits neither d0 nor d0 + dL columns: the message names the layouts that
// would fit, and a caller that knows where the widths come from adds how to set them.
class CsvLayoutError : public InputError {
 public:
  explicit CsvLayoutError(const std::string& message) : InputError(message) {}
};

namespace detail {
inline bool blank(const std::string& line) {
  return line.find_first_not_of(" \t") == std::string::npos;
}
}  // namespace detail

// The number of columns of a CSV's first data row (a header row, one whose first field is not a
// number, is skipped); InputError when the file has no data row.
inline std::size_t csv_column_count_of_text(const std::string& text, const std::string& path) {
  bool first = true;
  for (const auto& line : split_lines(text)) {
    if (detail::blank(line)) continue;
    const auto fields = split(line, ',');
    if (first && !Rational::parse(fields[0])) {
      first = false;
      continue;
    }
    return fields.size();
  }
  throw InputError(path + ": no data rows");
}
inline std::size_t csv_column_count(const std::string& path) {
  return csv_column_count_of_text(read_text_file(path), path);
}

// Reads a CSV of inputs x1..x_d0 and, optionally, labels y1..y_dL. Every row must have the same
// number of columns, d0 or d0 + dL; a row of another width is refused with the layouts that would
// fit it. parse_csv_dataset reads the CSV's text, `path` naming it in messages and in `source`.
inline Dataset parse_csv_dataset(const std::string& text, const std::string& path, int d0, int dL) {
  const auto lines = split_lines(text);
  Dataset data;
  data.source = path;
  std::size_t columns = 0;
  bool first = true;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    if (detail::blank(lines[n])) continue;
    const auto fields = split(lines[n], ',');
    const std::string where = path + " line " + std::to_string(n + 1);
    if (first && !Rational::parse(fields[0])) {  // a header row
      first = false;
      continue;
    }
    first = false;
    if (fields.size() != static_cast<std::size_t>(d0) &&
        fields.size() != static_cast<std::size_t>(d0 + dL))
    {
      const std::size_t found = fields.size();
      std::string fits;
      if (found > static_cast<std::size_t>(dL))
        fits = "; " + std::to_string(found) + " columns fit a network with " + std::to_string(found - dL) +
               " inputs and " + std::to_string(dL) + " output" + (dL == 1 ? "" : "s") + " (labels last)";
      throw CsvLayoutError(where + ": expected " + std::to_string(d0) + " columns (x1..x" +
                       std::to_string(d0) + ") or " + std::to_string(d0 + dL) +
                       " (x then y1..y" + std::to_string(dL) + ") for a network with " + std::to_string(d0) +
                       " input" + (d0 == 1 ? "" : "s") + ", found " + std::to_string(found) + fits);
    }
    if (columns == 0) columns = fields.size();
    if (fields.size() != columns)
      throw InputError(where + ": " + std::to_string(fields.size()) + " columns, earlier rows have " +
                       std::to_string(columns));
    std::vector<Rational> x, y;
    for (std::size_t j = 0; j < fields.size(); ++j) {
      const auto value = Rational::parse(fields[j]);
      if (!value)
        throw InputError(where + ", column " + std::to_string(j + 1) + ": '" + fields[j] +
                         "' is not a number (integer, decimal or p/q)");
      (j < static_cast<std::size_t>(d0) ? x : y).push_back(*value);
    }
    data.inputs.push_back(std::move(x));
    if (!y.empty()) data.labels.push_back(std::move(y));
  }
  if (data.inputs.empty()) throw InputError(path + ": no data rows");
  return data;
}
inline Dataset read_csv_dataset(const std::string& path, int d0, int dL) {
  return parse_csv_dataset(read_text_file(path), path, d0, dL);
}

// The `data` field: "random:n=N,seed=S" or a CSV path; FieldError("data", ...) for a malformed
// random spec.
inline Dataset load_dataset(const std::string& option, int d0, int dL) {
  if (option.rfind("random:", 0) == 0 || option == "random") {
    auto kv = parse_key_values("data", option, option == "random" ? "random" : "random:",
                               {"n", "seed"});
    if (!kv.count("n") || kv["n"] == 0)
      throw FieldError("data", "'" + option + "': random data needs n=N with N >= 1");
    if (kv["n"] > 1000000) throw FieldError("data", "'" + option + "': n is too large (at most 1000000)");
    Dataset data;
    const std::uint64_t seed = kv.count("seed") ? kv["seed"] : 0;
    data.inputs = random_points(kv["n"], d0, seed);
    data.source = "random:n=" + std::to_string(kv["n"]) + ",seed=" + std::to_string(seed);
    return data;
  }
  return read_csv_dataset(option, d0, dL);
}

// A parameter vector from a text file: one rational per line, in the shared parameter order;
// blank lines and lines starting with '#' are skipped.
inline std::vector<Rational> read_parameter_file(const std::string& path, std::size_t expected) {
  const auto lines = split_lines(read_text_file(path));
  std::vector<Rational> values;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    if (detail::blank(lines[n]) || lines[n].find_first_not_of(" \t") == lines[n].find('#'))
      continue;
    const auto value = Rational::parse(lines[n]);
    if (!value)
      throw InputError(path + " line " + std::to_string(n + 1) + ": '" + lines[n] +
                       "' is not a number (integer, decimal or p/q)");
    values.push_back(*value);
  }
  if (values.size() != expected)
    throw InputError(path + ": " + std::to_string(values.size()) + " numbers, but the network has " +
                     std::to_string(expected) + " parameters");
  return values;
}

}  // namespace landscape
