// Liao & Poggio 2017, Figs. 5/30/37 and 23: models taken at several epochs of a base run are
// perturbed layer-wise K times and retrained; the interpolation between two copies before and
// after retraining, and, against a randomly initialized reference trained as long, the agreement
// matrices P(column correct | row correct) and P(column wrong | row wrong) on the test set. With
// final_epochs > 0, also M_final (App. E: the base run continued by full-batch gradient descent,
// 400 epochs in the paper), perturbed and retrained the same way; the retraining may be full-batch
// too.
//
// DIR/base, DIR/final (M_final), DIR/reference and DIR/epochE/copyK (DIR/final-copies/copyK) are
// run directories; DIR/interpolation-S, DIR/agreement-correct-S, DIR/agreement-wrong-S and
// DIR/retraining-S-error, DIR/retraining-S-loss (every copy's curves) are figures for each S =
// epochE (and final); DIR/summary.json (epochE and final: the copies and the matrices; final_run:
// M_final's own run).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments {

struct PerturbRetrainOptions {
  nn::TrainConfig base;           // every run's training (out_dir and epochs are set per run; with M_final,
                                  // base.epochs is the base run's SGD, at least the largest of `at`)
  std::vector<int> at = {1, 4};   // epochs of the base run to perturb, each 0..100000
  int copies = 4;                 // perturbed copies per model, 2..50
  double sigma = 0.25;            // the perturbation size c, >= 0
  int retrain = 3;                // epochs of retraining, 1..100000
  int final_epochs = 0;           // M_final: full-batch epochs after the base run's SGD, 0..100000 (0: none)
  bool full_batch_retrain = false;  // retrain the copies by full-batch gradient descent
  std::string out_dir;            // required

  bool is_valid(std::string* error) const;
};

struct PerturbRetrainResult : ProtocolResult {
  // Per perturbed model (the epochs of `at` in order, then M_final): the agreement matrices, copies first and the
  // reference last, with ones on the diagonal where the row model is right (resp. wrong) at all.
  std::vector<std::vector<std::vector<double>>> p_correct_given_correct, p_wrong_given_wrong;
};

PerturbRetrainResult run_perturb_retrain(const PerturbRetrainOptions& options, std::ostream* log);

// P(column correct | row correct) and P(column wrong | row wrong) between models, from each
// model's per-sample correctness (1 correct, 0 wrong); NaN where the row model is never right
// (resp. wrong).
void agreement_matrices(const std::vector<std::vector<std::uint8_t>>& correct, std::vector<std::vector<double>>* right,
                        std::vector<std::vector<double>>* wrong);

}  // namespace landscape::experiments
