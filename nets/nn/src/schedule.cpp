#include "landscape/nn/schedule.hpp"

#include <algorithm>
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
  throw FieldError("schedule", "'" + text + "': expected constant, cosine or step:EVERY:GAMMA (e.g. step:30:0.1)");
}

double LearningRateSchedule::lr(double base, int epoch, int epochs) const {
  switch (kind) {
    case Kind::Cosine: return 0.5 * base * (1 + std::cos(M_PI * epoch / std::max(epochs, 1)));
    case Kind::Step: return base * std::pow(gamma, epoch / every);
    case Kind::Constant: break;
  }
  return base;
}

}  // namespace landscape::nn
