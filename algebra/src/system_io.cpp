#include "landscape/algebra/system_io.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::algebra {

namespace {

bool identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Rewrites decimal numbers (12.5, 1.5E-3, 2e4) as exact fractions "(p/q)" and '**' as '^', and
// collects the identifiers in order of first appearance.
std::string normalize(const std::string& text, std::vector<std::string>& names,
                      const std::string& source) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (identifier_start(c)) {
      std::size_t j = i;
      while (j < text.size() && identifier_char(text[j])) ++j;
      const std::string name = text.substr(i, j - i);
      if (name == "i" || name == "I")
        throw InputError(source + ": complex coefficients ('" + name + "') are not supported");
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      out += name;
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && i + 1 < text.size() &&
                                                                std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      std::size_t j = i;
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      bool decimal = false;
      if (j < text.size() && text[j] == '.') {
        decimal = true;
        ++j;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      }
      if (j < text.size() && (text[j] == 'e' || text[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
        if (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) {
          decimal = true;
          j = k;
          while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
        }
      }
      const std::string number = text.substr(i, j - i);
      if (decimal) {
        const auto r = Rational::parse(number);
        if (!r) throw InputError(source + ": '" + number + "' is not a number");
        out += "(" + r->text() + ")";
      } else {
        out += number;
      }
      i = j;
    } else if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') {
      out += '^';
      i += 2;
    } else {
      out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;  // FLINT's parser wants one line
      ++i;
    }
  }
  return out;
}

PolynomialSystem build(const std::vector<std::string>& polynomials, const std::vector<std::string>& names,
                       const std::string& source) {
  PolynomialSystem system{std::make_shared<PolyRing>(names), {}};
  for (std::size_t k = 0; k < polynomials.size(); ++k) {
    Poly p(system.ring);
    std::string why;
    if (!Poly::parse(polynomials[k], system.ring, p, &why))
      throw InputError(source + ": polynomial " + std::to_string(k + 1) + " " + why + ": '" +
                       polynomials[k].substr(0, 80) + "'");
    system.equations.push_back(std::move(p));
  }
  return system;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

PolynomialSystem parse_phc(const std::string& text, const std::string& source) {
  std::istringstream in(text);
  long equations = 0;
  if (!(in >> equations) || equations < 1)
    throw InputError(source + ": a PHCpack system starts with the number of equations");
  std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // An optional number of unknowns on the first line.
  const auto newline = rest.find('\n');
  const std::string first_line = trim(rest.substr(0, newline));
  long unknowns = -1;
  if (!first_line.empty() && first_line.find_first_not_of("0123456789") == std::string::npos) {
    // Bounded before std::stol, which throws std::out_of_range (a runtime failure) past 2^63.
    if (first_line.size() > 9)
      throw InputError(source + ": the header's " + first_line.substr(0, 20) + " unknowns is not a plausible count");
    unknowns = std::stol(first_line);
    rest = newline == std::string::npos ? "" : rest.substr(newline);
  }
  std::vector<std::string> polynomials;
  std::size_t start = 0;
  for (long k = 0; k < equations; ++k) {
    const auto end = rest.find(';', start);
    if (end == std::string::npos)
      throw InputError(source + ": expected " + std::to_string(equations) + " polynomials ending in ';', found " +
                       std::to_string(k));
    polynomials.push_back(trim(rest.substr(start, end - start)));
    start = end + 1;
  }
  std::vector<std::string> names;
  for (auto& p : polynomials) p = normalize(p, names, source);
  if (unknowns >= 0 && static_cast<long>(names.size()) != unknowns)
    throw InputError(source + ": the header says " + std::to_string(unknowns) + " unknowns, the polynomials use " +
                     std::to_string(names.size()));
  return build(polynomials, names, source);
}

PolynomialSystem parse_m2(const std::string& text, const std::string& source) {
  const auto open = text.find("QQ[");
  const auto close = open == std::string::npos ? open : text.find(']', open);
  const auto ideal = text.find("ideal(");
  const auto ideal_end = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || ideal == std::string::npos ||
      ideal_end == std::string::npos || ideal_end < ideal)
    throw InputError(source + ": expected R = QQ[variables]; I = ideal(polynomials);");
  std::vector<std::string> names;
  for (std::string v : split(text.substr(open + 3, close - open - 3), ',')) {
    v = trim(v);
    if (v.find("=>") != std::string::npos) continue;  // MonomialOrder => ...
    if (v.empty()) continue;
    // A declared name must be one identifier, declared once: "x*y" or "x, x" would read back as
    // something else from the export.
    if (!identifier_start(v[0]) || !std::all_of(v.begin(), v.end(), identifier_char))
      throw InputError(source + ": '" + v + "' in QQ[...] is not a variable name");
    if (std::find(names.begin(), names.end(), v) != names.end())
      throw InputError(source + ": variable '" + v + "' declared twice in QQ[...]");
    names.push_back(v);
  }
  std::vector<std::string> polynomials;
  int depth = 0;
  std::string current;
  for (std::size_t i = ideal + 6; i < ideal_end; ++i) {
    const char c = text[i];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      polynomials.push_back(trim(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!trim(current).empty()) polynomials.push_back(trim(current));
  std::vector<std::string> seen = names;
  for (auto& p : polynomials) p = normalize(p, seen, source);
  if (seen.size() != names.size())
    throw InputError(source + ": the ideal uses variables not declared in QQ[...]");
  return build(polynomials, names, source);
}

}  // namespace

SystemFormat parse_system_format(const std::string& name) {
  if (name == "phc") return SystemFormat::PHCpack;
  if (name == "m2") return SystemFormat::Macaulay2;
  throw FieldError("format", "'" + name + "': expected phc or m2");
}

PolynomialSystem parse_system(const std::string& text, SystemFormat format, const std::string& source) {
  return format == SystemFormat::PHCpack ? parse_phc(text, source) : parse_m2(text, source);
}

PolynomialSystem read_system_file(const std::string& path, SystemFormat format) {
  return parse_system(read_text_file(path), format, path);
}

std::string cyclic_system_text(int n) {
  std::ostringstream s;
  s << n << "\n";
  for (int k = 1; k < n; ++k) {
    for (int i = 0; i < n; ++i) {
      s << (i ? " + " : " ");
      for (int j = 0; j < k; ++j) s << (j ? "*" : "") << "x" << (i + j) % n;
    }
    s << ";\n";
  }
  for (int i = 0; i < n; ++i) s << (i ? "*" : " ") << "x" << i;
  s << " - 1;\n";
  return s.str();
}

std::string katsura_system_text(int n) {
  auto u = [](int k) { return "u" + std::to_string(std::abs(k)); };
  std::ostringstream s;
  s << n + 1 << "\n";
  for (int m = 0; m < n; ++m) {
    for (int l = -n; l <= n; ++l)
      if (std::abs(m - l) <= n) s << " + " << u(l) << "*" << u(m - l);
    s << " - " << u(m) << ";\n";
  }
  for (int l = -n; l <= n; ++l) s << " + " << u(l);
  s << " - 1;\n";
  return s.str();
}

}  // namespace landscape::algebra
