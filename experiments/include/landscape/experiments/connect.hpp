// Connecting two minima by a low-loss curve (the 2018 slides, after Garipov, Izmailov, Podoprikhin,
// Vetrov & Wilson 2018 and Draxler, Veschgini, Salmhofer & Hamprecht 2018: no barrier between the
// minima SGD finds), against the straight line between them.
//
// The curve phi(t), t in [0, 1], runs from w_A (t = 0) to w_B (t = 1) through a bend theta:
// - bezier: the quadratic Bezier curve (1 - t)^2 w_A + 2 t (1 - t) theta + t^2 w_B;
// - polychain: the two segments w_A -> theta -> w_B (theta at t = 1/2).
// theta starts at the midpoint of the line and is trained on E_t L(phi(t)), t uniform on [0, 1]
// (Garipov et al.'s objective): each step draws t (seeded), takes the gradient of the training loss
// at phi(t) over the evaluated samples and moves theta by SGD with momentum along
// d phi / d theta times that gradient.
//
// Barrier of a path = max over the path of L - max(L(w_A), L(w_B)), L the mean training loss (on
// --run's training data: give both runs the same data) at the evaluation points (the same points for the line and the curve; t = 0 and 1 included).
// Models with BatchNorm statistics are refused: a point of the curve has none of its own.
//
// Files: OUT/connect.csv (t, line_train_loss, line_test_loss, curve_train_loss, curve_test_loss,
// and the accuracies), OUT/bend.h5 (`parameters`: theta in the shared order), the figures
// OUT/connect-loss (training and test loss along both paths) and OUT/connect-training (E_t L
// estimated over the steps), OUT/summary.json.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"

namespace landscape::experiments {

struct ConnectOptions {
  std::string run_dir;                  // model A; required
  std::string checkpoint = "final";
  std::string to_dir;                   // model B's run; required
  std::string to_checkpoint = "final";
  std::string curve = "bezier";         // bezier or polychain
  int steps = 400;                      // SGD steps on the bend (0: the midpoint of the line)
  double lr = 0.05;                     // step size
  double momentum = 0.9;
  int points = 41;                      // evaluation points on [0, 1] (t = 0 and 1 included), >= 3
  std::int64_t samples = 0;             // the first n samples of each set (0: all)
  std::uint64_t seed = 0;               // draws of t
  std::string device = "cpu";
  int threads = 0;
  std::string out_dir;                  // required

  bool is_valid(std::string* error) const;
};

struct ConnectResult : ProtocolResult {
  std::vector<double> t, line_train_loss, curve_train_loss;
  double line_barrier = 0, curve_barrier = 0;
};

// Throws FieldError for invalid options, and for two runs whose models differ (to_dir).
ConnectResult connect_minima(const ConnectOptions& options, std::ostream* log);

}  // namespace landscape::experiments
