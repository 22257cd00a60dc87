#include "landscape/nn/schedule.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "landscape/spec/error.hpp"

namespace landscape::nn {

LearningRateSchedule LearningRateSchedule::parse(const std::string& text) {
  LearningRateSchedule s;
  if (text == "constant") return s;
  if (text == "cosine") {
    s.kind = Kind::Cosine;
    return s;
  }
  if (text.rfind("step:", 0) == 0) {
    std::istringstream in(text.substr(5));
    char colon = 0;
    if (in >> s.every >> colon >> s.gamma && colon == ':' && in.peek() == EOF && s.every >= 1 && s.gamma > 0) {
      s.kind = Kind::Step;
      return s;
    }
  }
  if (text.rfind("milestones:", 0) == 0) {
    const auto colon = text.rfind(':');
    std::istringstream list(text.substr(11, colon > 11 ? colon - 11 : 0)), gamma(text.substr(colon + 1));
    std::string item;
    while (std::getline(list, item, ',')) {
      std::size_t used = 0;
      int e = 0;
      try {
        e = std::stoi(item, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != item.size() || !std::isdigit(static_cast<unsigned char>(item[0])) || e < 1) {
        s.milestones.clear();
        break;
      }
      if (!s.milestones.empty() && e <= s.milestones.back())
        throw FieldError("schedule", "'" + text + "': the milestones must increase (" + std::to_string(s.milestones.back()) +
                                         " then " + std::to_string(e) + ")");
      s.milestones.push_back(e);
    }
    if (colon > 11 && text[colon - 1] != ',' && !s.milestones.empty() && gamma >> s.gamma && gamma.peek() == EOF && s.gamma > 0) {
      s.kind = Kind::Milestones;
      return s;
    }
  }
  throw FieldError("schedule", "'" + text +
                                   "': expected constant, cosine, step:EVERY:GAMMA (e.g. step:30:0.1) or "
                                   "milestones:E1,E2,...:GAMMA (e.g. milestones:150,225,275:0.1)");
}

double LearningRateSchedule::lr(double base, int epoch, int epochs) const {
  switch (kind) {
    case Kind::Cosine: return 0.5 * base * (1 + std::cos(M_PI * epoch / std::max(epochs, 1)));
    case Kind::Step: return base * std::pow(gamma, epoch / every);
    case Kind::Milestones: {
      const auto passed = std::upper_bound(milestones.begin(), milestones.end(), epoch) - milestones.begin();
      return base * std::pow(gamma, static_cast<double>(passed));
    }
    case Kind::Constant: break;
  }
  return base;
}

}  // namespace landscape::nn
