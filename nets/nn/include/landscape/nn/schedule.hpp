// Learning-rate schedules of a training run, without LibTorch. The `schedule` field is spelled
//   constant          the base rate at every epoch
//   cosine            base (1 + cos(pi e / E)) / 2 at epoch e of E (cosine annealing to 0, no restarts)
//   step:EVERY:GAMMA  base GAMMA^floor(e / EVERY), e.g. step:30:0.1
//   milestones:E1,E2,...:GAMMA
//                     base GAMMA^(the number of milestones <= e), e.g. milestones:150,225,275:0.1
//                     (Li et al. 2018's recipe: 0.1 falls tenfold at epochs 150, 225 and 275)
// with epochs e counted from 0.
#pragma once

#include <string>
#include <vector>

namespace landscape::nn {

struct LearningRateSchedule {
  enum class Kind { Constant, Cosine, Step, Milestones };
  Kind kind = Kind::Constant;
  int every = 1;                // Step: epochs between decays (>= 1)
  double gamma = 1;             // Step, Milestones: the factor of each decay (> 0)
  std::vector<int> milestones;  // Milestones: strictly increasing epochs >= 1

  // Parses the spelling above; throws FieldError("schedule", ...) otherwise.
  static LearningRateSchedule parse(const std::string& text);

  // The learning rate at `epoch` (0-based) of `epochs`, from the base rate.
  double lr(double base, int epoch, int epochs) const;
};

}  // namespace landscape::nn
