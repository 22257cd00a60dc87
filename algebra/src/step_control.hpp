// The adaptive step length shared by the path trackers (path_tracker.cpp, monodromy.cpp): doubled,
// up to a maximum, after three accepted steps in a row; halved after a rejected one.
#pragma once

#include <algorithm>

namespace landscape::algebra {

struct StepControl {
  double length;
  int accepted_in_a_row = 0;

  void accept(double max_step) {
    if (++accepted_in_a_row >= 3) {
      length = std::min(2 * length, max_step);
      accepted_in_a_row = 0;
    }
  }
  // False once the step would fall below `min_step`: the tracker cannot go on.
  bool reject(double min_step) {
    accepted_in_a_row = 0;
    length /= 2;
    return length >= min_step;
  }
};

}  // namespace landscape::algebra
