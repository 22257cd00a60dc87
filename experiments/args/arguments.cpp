#include "arguments.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <limits>
#include <sstream>
#include <string>
#include <vector>
#include <stdexcept>

#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::cli {

Arguments::Arguments(std::string command, std::string summary, std::string program)
    : command_(std::move(command)), summary_(std::move(summary)), program_(std::move(program)) {
  // Error messages start with the command's name ("train: ..."), or the program's without one.
  invocation_ = command_.empty() ? program_ : program_ + " " + command_;
  who_ = command_.empty() ? program_ : command_;
}

Arguments& Arguments::add(const std::string& name, const std::string& value_name,
                          const std::string& help, const std::string& default_value,
                          bool required) {
  specs_.push_back({name, value_name, help, default_value, false, required});
  return *this;
}

Arguments& Arguments::add_flag(const std::string& name, const std::string& help) {
  specs_.push_back({name, "", help, "", true, false});
  return *this;
}

Arguments& Arguments::bind(const std::string& name, const std::string& value_name, const std::string& help, int& field) {
  binders_.emplace_back(name, [this, name, &field] { field = get_int(name); });
  return add(name, value_name, help, std::to_string(field));
}

Arguments& Arguments::bind(const std::string& name, const std::string& value_name, const std::string& help, double& field) {
  binders_.emplace_back(name, [this, name, &field] { field = get_double(name); });
  std::ostringstream shown;
  shown << std::setprecision(15) << field;
  return add(name, value_name, help, shown.str());
}

Arguments& Arguments::bind(const std::string& name, const std::string& value_name, const std::string& help,
                           std::uint64_t& field) {
  binders_.emplace_back(name, [this, name, &field] { field = get_unsigned(name); });
  return add(name, value_name, help, std::to_string(field));
}

Arguments& Arguments::bind(const std::string& name, const std::string& value_name, const std::string& help,
                           std::int64_t& field) {  // a non-negative value, saturated at 2^62
  binders_.emplace_back(name, [this, name, &field] {
    field = static_cast<std::int64_t>(std::min<std::uint64_t>(get_unsigned(name), std::uint64_t{1} << 62));
  });
  return add(name, value_name, help, std::to_string(field));
}

Arguments& Arguments::bind(const std::string& name, const std::string& value_name, const std::string& help, std::string& field,
                           bool required) {
  binders_.emplace_back(name, [this, name, &field] { field = get(name); });
  return add(name, value_name, help, field, required);
}

Arguments& Arguments::bind(const std::string& name, const std::string& value_name, const std::string& help,
                           std::vector<int>& field, int minimum) {
  binders_.emplace_back(name, [this, name, &field, minimum] { field = parse_int_list(name, get(name), minimum); });
  std::string shown;
  for (int v : field) shown += (shown.empty() ? "" : ",") + std::to_string(v);
  return add(name, value_name, help, shown);
}

Arguments& Arguments::bind_flag(const std::string& name, const std::string& help, bool& field) {
  binders_.emplace_back(name, [&field] { field = true; });
  return add_flag(name, help);
}

const Arguments::Spec& Arguments::spec(const std::string& name) const {
  for (const auto& s : specs_)
    if (s.name == name) return s;
  throw std::logic_error("option " + name + " is not declared for " + who_);
}

bool Arguments::parse(int argc, const char* const* argv, int first) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") return false;
    std::string value;
    bool inline_value = false;
    const auto eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inline_value = true;
    }
    const Spec* s = nullptr;
    for (const auto& candidate : specs_)
      if (candidate.name == arg) s = &candidate;
    if (!s)
      throw InputError(who_ + ": unknown option '" + arg + "' (see " + invocation_ +
                       " --help)");
    if (values_.count(arg)) throw InputError(who_ + ": option " + arg + " given twice");
    if (s->is_flag) {
      if (inline_value) throw InputError(who_ + ": " + arg + " takes no value");
      values_[arg] = "1";
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argc) throw InputError(who_ + ": " + arg + " needs a value " + s->value_name);
      value = argv[++i];
    }
    values_[arg] = value;
  }
  for (const auto& s : specs_)
    if (s.required && !values_.count(s.name))
      throw InputError(who_ + ": " + s.name + " " + s.value_name + " is required");
  for (const auto& [name, fill] : binders_)
    if (values_.count(name)) fill();
  return true;
}

bool Arguments::given(const std::string& name) const {
  spec(name);
  return values_.count(name) > 0;
}
bool Arguments::has(const std::string& name) const {
  return given(name) || !spec(name).default_value.empty();
}
bool Arguments::flag(const std::string& name) const { return given(name); }

std::string Arguments::get(const std::string& name) const {
  const auto it = values_.find(name);
  if (it != values_.end()) return it->second;
  const auto& s = spec(name);
  if (!s.default_value.empty()) return s.default_value;
  throw InputError(who_ + ": " + name + " " + s.value_name + " is required");
}

std::optional<std::string> Arguments::get_optional(const std::string& name) const {
  if (!has(name)) return std::nullopt;
  return get(name);
}

int Arguments::get_int(const std::string& name) const {
  return static_cast<int>(std::min<std::uint64_t>(get_unsigned(name), static_cast<std::uint64_t>(std::numeric_limits<int>::max())));
}

double Arguments::get_double(const std::string& name) const {
  const std::string v = get(name);
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !std::isfinite(d))
    throw InputError(who_ + ": " + name + " '" + v + "' is not a finite number");
  return d;
}

std::uint64_t Arguments::get_unsigned(const std::string& name) const {
  const std::string v = get(name);
  if (v.empty() || v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos)
    throw InputError(who_ + ": " + name + " '" + v + "' is not a non-negative integer");
  return std::stoull(v);
}

namespace {
// `text` with each of its lines broken at spaces to at most `width` columns.
std::string wrapped(const std::string& text, std::size_t width) {
  std::string out, line;
  std::istringstream lines(text);
  for (std::string paragraph; std::getline(lines, paragraph);) {
    std::istringstream words(paragraph);
    line.clear();
    for (std::string word; words >> word;) {
      if (!line.empty() && line.size() + 1 + word.size() > width) out += line + "\n", line.clear();
      line += (line.empty() ? "" : " ") + word;
    }
    out += line + "\n";
  }
  if (!out.empty()) out.pop_back();
  return out;
}
}  // namespace

std::string Arguments::help() const {
  std::ostringstream out;
  out << "usage: " << invocation_ << " [options]\n\n" << wrapped(summary_, 80) << "\n\noptions:\n";
  for (const auto& s : specs_) {
    std::string left = "  " + s.name + (s.is_flag ? "" : " " + s.value_name);
    out << left << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << s.help;
    if (!s.default_value.empty()) out << " (default: " << s.default_value << ")";
    if (s.required) out << " (required)";
    out << "\n";
  }
  out << "  --help                    show this help\n";
  return out.str();
}

// "MIN:MAX:N" -> N equally spaced values (N = 1 gives MIN).
std::vector<double> parse_range(const std::string& option, const std::string& text) {
  const auto parts = split(text, ':');
  if (parts.size() != 3)
    throw InputError(option + " '" + text + "': expected MIN:MAX:N with MIN <= MAX and N >= 1 (e.g. -1:1:51)");
  const std::string &a = parts[0], &b = parts[1], &n = parts[2];
  char* end1 = nullptr;
  char* end2 = nullptr;
  const double lo = std::strtod(a.c_str(), &end1), hi = std::strtod(b.c_str(), &end2);
  if (a.empty() || b.empty() || *end1 || *end2 || !std::isfinite(lo) || !std::isfinite(hi) || n.empty() ||
      n.size() > 5 || n.find_first_not_of("0123456789") != std::string::npos || std::stoi(n) < 1 || lo > hi)
    throw InputError(option + " '" + text + "': expected MIN:MAX:N with MIN <= MAX and N >= 1 (e.g. -1:1:51)");
  const int count = std::stoi(n);
  std::vector<double> v;
  for (int k = 0; k < count; ++k) v.push_back(count == 1 ? lo : lo + (hi - lo) * k / (count - 1));
  return v;
}

std::vector<int> parse_int_list(const std::string& option, const std::string& text, int minimum) {
  std::vector<int> out;
  for (const auto& item : split(text, ',')) {
    if (item.empty() || item.size() > 6 || item.find_first_not_of("0123456789") != std::string::npos || std::stoi(item) < minimum)
      throw InputError(option + " '" + text + "': expected integers >= " + std::to_string(minimum) + " separated by commas");
    out.push_back(std::stoi(item));
  }
  if (out.empty()) throw InputError(option + " '" + text + "': empty list");
  return out;
}

}  // namespace landscape::cli
