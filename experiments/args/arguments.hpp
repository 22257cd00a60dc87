// The small declarative command-line parser both executables use: `landscape <command> [options]`
// and `proofs-check [options]`.
//
// Each command declares its options with a help line; parse() rejects unknown options, missing
// values and missing required options with an InputError naming the option, and handles
// `--help` by returning false after the caller prints help().
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace landscape::cli {

class Arguments {
 public:
  // `command` is the subcommand ("train"; empty for a program without subcommands), `program`
  // the executable's name as the usage line shows it.
  Arguments(std::string command, std::string summary, std::string program = "landscape");

  // An option taking a value, e.g. add("--arch", "LIST", "widths d0,...,dL or tree4").
  // An empty `default_value` means no default.
  Arguments& add(const std::string& name, const std::string& value_name, const std::string& help,
                 const std::string& default_value = "", bool required = false);
  // A flag without value, e.g. add_flag("--json", "print one JSON object").
  Arguments& add_flag(const std::string& name, const std::string& help);

  // An option that fills `field` when given (parse() converts the value as get_int, get_double,
  // get_unsigned, get or parse_int_list(name, value, minimum) would, a flag sets true); the default shown
  // is the field's value at this call, so the options struct keeps the one source of defaults.
  // `field` must outlive parse().
  Arguments& bind(const std::string& name, const std::string& value_name, const std::string& help, int& field);
  Arguments& bind(const std::string& name, const std::string& value_name, const std::string& help, double& field);
  Arguments& bind(const std::string& name, const std::string& value_name, const std::string& help, std::uint64_t& field);
  Arguments& bind(const std::string& name, const std::string& value_name, const std::string& help, std::int64_t& field);
  Arguments& bind(const std::string& name, const std::string& value_name, const std::string& help, std::string& field,
                  bool required = false);
  Arguments& bind(const std::string& name, const std::string& value_name, const std::string& help, std::vector<int>& field,
                  int minimum = 1);
  Arguments& bind_flag(const std::string& name, const std::string& help, bool& field);

  // Parses argv[first..argc). Returns false if --help was given.
  bool parse(int argc, const char* const* argv, int first);

  bool has(const std::string& name) const;      // given, or has a default
  bool given(const std::string& name) const;    // given on the command line
  bool flag(const std::string& name) const;
  std::string get(const std::string& name) const;  // value or default; InputError if neither
  std::optional<std::string> get_optional(const std::string& name) const;
  // Parses the value as an unsigned integer; InputError naming the option otherwise.
  std::uint64_t get_unsigned(const std::string& name) const;
  // get_unsigned, saturated at the largest int (options structs check their own ranges).
  int get_int(const std::string& name) const;
  // Parses the value as a finite decimal number; InputError naming the option otherwise.
  double get_double(const std::string& name) const;

  std::string help() const;

 private:
  struct Spec {
    std::string name, value_name, help, default_value;
    bool is_flag = false, required = false;
  };
  const Spec& spec(const std::string& name) const;
  std::string command_, summary_, program_, invocation_, who_;
  std::vector<Spec> specs_;
  std::map<std::string, std::string> values_;
  std::vector<std::pair<std::string, std::function<void()>>> binders_;  // option, what fills its field
};

// "MIN:MAX:N" -> N equally spaced values from MIN to MAX (N = 1 gives MIN); InputError naming
// `option` otherwise.
std::vector<double> parse_range(const std::string& option, const std::string& text);

// "A,B,C" -> integers >= `minimum` (each at most 6 digits); InputError naming `option` otherwise.
std::vector<int> parse_int_list(const std::string& option, const std::string& text, int minimum = 1);

}  // namespace landscape::cli
