#include "landscape/algebra/export.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

#include "landscape/spec/error.hpp"

namespace landscape::algebra {

ExportFormat parse_export_format(const std::string& name) {
  if (name == "m2") return ExportFormat::Macaulay2;
  if (name == "singular") return ExportFormat::Singular;
  if (name == "phc") return ExportFormat::PHCpack;
  if (name == "json") return ExportFormat::Json;
  throw FieldError("format", "'" + name + "': expected m2, singular, phc or json");
}

namespace {
std::string joined_names(const PolyRing& ring) {
  std::string s;
  for (std::size_t k = 0; k < ring.names().size(); ++k) s += (k ? ", " : "") + ring.names()[k];
  return s;
}
}  // namespace

std::string export_system(const PolynomialSystem& system, ExportFormat format) {
  std::ostringstream out;
  const auto& eqs = system.equations;
  switch (format) {
    case ExportFormat::Macaulay2:
      out << "R = QQ[" << joined_names(*system.ring) << ", MonomialOrder => GRevLex];\n";
      out << "I = ideal(\n";
      for (std::size_t i = 0; i < eqs.size(); ++i)
        out << "  " << eqs[i].to_string() << (i + 1 < eqs.size() ? ",\n" : "\n");
      out << ");\n";
      break;
    case ExportFormat::Singular:
      out << "ring r = 0, (" << joined_names(*system.ring) << "), dp;\n";
      out << "ideal I =\n";
      for (std::size_t i = 0; i < eqs.size(); ++i)
        out << "  " << eqs[i].to_string() << (i + 1 < eqs.size() ? ",\n" : ";\n");
      break;
    case ExportFormat::PHCpack:
      out << eqs.size();
      if (eqs.size() != system.ring->variables()) out << " " << system.ring->variables();
      out << "\n";
      for (const auto& F : eqs) out << " " << F.primitive_integer_string() << ";\n";
      break;
    case ExportFormat::Json: {
      nlohmann::json j;
      j["variables"] = system.ring->names();
      j["equations"] = nlohmann::json::array();
      for (const auto& F : eqs) j["equations"].push_back(F.to_string());
      out << j.dump(2) << "\n";
      break;
    }
  }
  return out.str();
}

}  // namespace landscape::algebra
