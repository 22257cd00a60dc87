// train(): the training loop of a run. Its options are checked in train_config.cpp, learning rates
// come from schedule.cpp, checkpoints and resumption from checkpoint.cpp, the optimizer and the
// initial state from run_setup.cpp.
#include "landscape/nn/training.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <optional>
#include <ostream>
#include <sstream>

#include "augment.hpp"
#include "checkpoint.hpp"
#include "landscape/data/datasets.hpp"
#include "landscape/nn/modules.hpp"
#include "landscape/nn/schedule.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/random.hpp"
#include "landscape/spec/weights_file.hpp"
#include "run_setup.hpp"
#include "tensor_utils.hpp"

namespace landscape::nn {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

json TrainResult::to_json() const {
  json h = json::array();
  for (const auto& r : history)
    h.push_back({{"epoch", r.epoch}, {"step", r.step}, {"lr", r.lr}, {"train_loss", r.train_loss},
                 {"train_error", r.train_error}, {"test_loss", r.test_loss}, {"test_error", r.test_error}});
  return {{"model", model_description},
          {"parameters", parameters},
          {"epochs", epochs},
          {"final_train_error", final_train_error},
          {"final_test_error", final_test_error},
          {"final_train_loss", final_train_loss},
          {"final_test_loss", final_test_loss},
          {"train_seconds", train_seconds},
          {"samples_per_second", samples_per_second},
          {"diverged", diverged},
          {"divergence", divergence},
          {"threads", threads},
          {"resumed", resumed},
          {"resumed_from_epoch", resumed_from_epoch},
          {"history", h},
          {"files", files}};
}

namespace {

constexpr std::int64_t kEvaluationChunk = 4096;  // samples per forward pass when evaluating

// The batch order of `epoch`: a Fisher-Yates permutation from (seed, epoch) alone, so that a
// resumed run sees the same batches.
torch::Tensor batch_order(std::int64_t n, std::uint64_t seed, int epoch) {
  SplitMix64 rng(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(epoch) * 0xD1B54A32D192ED03ULL);
  return torch::tensor(random_permutation(n, rng), torch::kInt64);
}

// Mean loss and mean error of the model on a whole set, evaluated in evaluation mode; NaN for
// both when the set is empty (a data set without a test split), which is no divergence.
std::pair<double, double> evaluate(Net& model, const DataTensors& set, LossKind loss, int outputs) {
  if (set.count == 0) return {std::nan(""), std::nan("")};
  const bool was_training = model.is_training();
  model.eval();
  const LossSums sums = summed_over_chunks(model, set, loss, outputs, kEvaluationChunk);
  model.train(was_training);
  return {sums.loss / static_cast<double>(set.count), sums.errors / static_cast<double>(set.count)};
}

// One invocation of train(): set up in the constructor, trained by run().
class TrainingRun {
 public:
  TrainingRun(const TrainConfig& config, std::ostream* log, const TrainHooks& hooks);
  TrainResult run();

 private:
  void load_data();
  void build_model();
  void prepare_batches();
  void start();
  void resume();
  void open_trajectory(std::optional<std::int64_t> keep_rows);
  bool train_epoch(double lr);
  std::pair<torch::Tensor, torch::Tensor> gather_batch(const torch::Tensor& order, std::int64_t b);
  double step_loss(const torch::Tensor& x, const torch::Tensor& y);
  bool close_epoch(double lr);
  bool reached_target() const;
  EpochRecord evaluate_now(double lr);
  void record(double at_epoch);
  void save();
  void diverge(std::string message);
  std::string batch_divergence(double loss) const;
  void log_epoch(double lr) const;
  void write_final_files();
  TrainResult finish();

  const TrainConfig& c_;
  std::ostream* log_;
  TrainHooks hooks_;
  Clock::time_point started_ = Clock::now();
  fs::path dir_;
  LearningRateSchedule schedule_;
  Augmentation augmentation_;
  bool resuming_ = false;
  torch::Device device_{torch::kCPU};
  torch::Dtype dtype_ = torch::kFloat32;
  data::DataSplit split_;
  LossKind loss_ = LossKind::CrossEntropy;
  int outputs_ = 0;
  ModelOptions options_;
  std::shared_ptr<Net> model_;
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  DataTensors train_set_, test_set_;
  std::int64_t batch_ = 0, batches_ = 0, record_interval_ = 0;
  torch::Tensor x_buffer_, y_buffer_;  // full batches are gathered into these (index_select_out)
  RunPosition position_;
  double seconds_before_ = 0;  // wall time of the earlier invocations of a resumed run
  std::unique_ptr<TrajectoryWriter> trajectory_;
  std::int64_t samples_ = 0;
  double train_seconds_ = 0;
  torch::Tensor grad_norms_;      // sum over the epoch's steps of the mini-batch gradient's norm (on the device)
  torch::Tensor epoch_start_;     // the weights when the epoch began
  TrainResult result_;
};

TrainingRun::TrainingRun(const TrainConfig& config, std::ostream* log, const TrainHooks& hooks)
    : c_(config), log_(log), hooks_(hooks), dir_(config.out_dir) {
  c_.validate();
  schedule_ = LearningRateSchedule::parse(c_.schedule);
  augmentation_ = Augmentation::parse(c_.augment);
  if (c_.device == "cuda" && !torch::cuda::is_available())
    throw FieldError("device", "cuda: no CUDA device is available to this LibTorch build");
  resuming_ = prepare_run_directory(c_, log_);
  set_threads(run_threads(c_.model, c_.threads));
  keep_freed_memory();
  device_ = torch::Device(c_.device == "cuda" ? torch::kCUDA : torch::kCPU);
  dtype_ = c_.dtype == "float64" ? torch::kFloat64 : torch::kFloat32;
  load_data();
  build_model();
  prepare_batches();
}

void TrainingRun::load_data() {
  split_ = load_run_data(c_, &augmentation_.fill);
  const bool classification = split_.train.is_classification();
  loss_ = loss_kind(c_.loss, classification);
  outputs_ = split_.train.outputs;
  if (augmentation_.any() && split_.train.shape.size() != 3)
    throw FieldError("augment", "'" + c_.augment + "': needs image data ('" + c_.dataset + "' is not)");
  options_ = model_options(c_, split_.train);
}

void TrainingRun::build_model() {
  torch::manual_seed(c_.seed);
  model_ = make_model(options_);
  model_->to(device_, dtype_);
  if (!c_.init.empty() && !resuming_) load_init(*model_, c_, device_);
  if (c_.perturb > 0 && !resuming_) perturb_layerwise(*model_, c_.perturb, c_.perturb_seed, c_.perturb_scale == "magnitude");
  optimizer_ = make_optimizer(c_, *model_);
  result_.model_description = model_->describe();
  result_.threads = torch::get_num_threads();
  result_.parameters = parameter_count(*model_);
}

void TrainingRun::prepare_batches() {
  train_set_ = to_tensors(split_.train, device_, dtype_);
  test_set_ = to_tensors(split_.test, device_, dtype_);
  if (train_set_.count == 0) throw FieldError("dataset", "'" + c_.dataset + "': the training set is empty");
  batch_ = c_.batch_size == 0 ? train_set_.count : std::min(c_.batch_size, train_set_.count);
  batches_ = (train_set_.count + batch_ - 1) / batch_;
  // BatchNorm cannot normalize a batch of one sample in training mode: for a model with BatchNorm,
  // a last batch of one sample is left out of every epoch.
  bool batch_norm = false;
  for (const auto& m : model_->modules(false)) batch_norm = batch_norm || m->name().find("BatchNorm") != std::string::npos;
  if (batch_norm && batches_ > 1 && train_set_.count % batch_ == 1) {
    --batches_;
    if (log_) *log_ << "note: the last batch of each epoch holds one sample, which BatchNorm cannot train on: it is left out\n";
  }
  // Trajectory rows between epoch ends: every record_every steps, or (auto, < 0) about
  // kAutoTrajectoryRecords over the whole run, so that a short run still draws a smooth path.
  record_interval_ = c_.record_every >= 0 ? c_.record_every
                                          : std::max<std::int64_t>(1, batches_ * c_.epochs / kAutoTrajectoryRecords);
}

TrainResult TrainingRun::run() {
  if (resuming_)
    resume();
  else
    start();
  if (log_)
    *log_ << result_.model_description << ", " << result_.parameters << " parameters, " << train_set_.count
          << " training samples, batch " << batch_ << ", " << c_.device << "\n";
  model_->train();
  x_buffer_ = torch::empty_like(train_set_.x.slice(0, 0, batch_));
  y_buffer_ = torch::empty_like(train_set_.y.slice(0, 0, batch_));
  bool reached = !position_.history.empty() && reached_target();
  while (position_.epoch < c_.epochs && !reached) {
    const double lr = schedule_.lr(c_.lr, position_.epoch, c_.epochs);
    if (!train_epoch(lr) || !close_epoch(lr)) break;  // diverged
    reached = reached_target();
    if (hooks_.stop_after_epoch >= 0 && position_.epoch >= hooks_.stop_after_epoch) {
      result_.epochs = position_.epoch;
      result_.history = position_.history;
      return result_;  // as if killed here: no final files
    }
  }
  // Final files (not after a divergence: the last good state is the checkpoint).
  if (!result_.diverged) {
    write_final_files();
    trajectory_->finish();  // trajectory.h5 is complete: its row log goes
  }
  return finish();
}

void TrainingRun::start() {
  write_file_atomically((dir_ / "config.json").string(), c_.to_json().dump(2) + "\n");
  open_trajectory(std::nullopt);
  position_.history.push_back(evaluate_now(schedule_.lr(c_.lr, 0, c_.epochs)));
  record(0);
  save();
}

void TrainingRun::resume() {
  position_ = load_checkpoint(dir_, *model_, *optimizer_, device_);
  if (!position_.history.empty()) seconds_before_ = position_.history.back().seconds;
  open_trajectory(position_.trajectory_rows);
  result_.resumed = true;
  result_.resumed_from_epoch = position_.epoch;
  if (log_) *log_ << "resuming " << dir_.string() << " after epoch " << position_.epoch << "\n";
}

void TrainingRun::open_trajectory(std::optional<std::int64_t> keep_rows) {
  trajectory_ = std::make_unique<TrajectoryWriter>((dir_ / "trajectory.h5").string(), layer_infos(*model_),
                                                   flat_buffers(*model_).numel(), dtype_ == torch::kFloat64, keep_rows);
}

// One epoch of optimizer steps; false when a batch loss diverged (no step taken on it).
bool TrainingRun::train_epoch(double lr) {
  set_lr(*optimizer_, lr);
  const std::uint64_t order_seed = c_.order_seed >= 0 ? static_cast<std::uint64_t>(c_.order_seed) : c_.seed;
  const torch::Tensor order = batch_order(train_set_.count, order_seed, position_.epoch + 1).to(device_);
  epoch_start_ = flat_parameters(*model_).detach().clone();
  grad_norms_ = torch::zeros({}, torch::TensorOptions().device(device_).dtype(torch::kFloat64));
  const auto t0 = Clock::now();
  for (std::int64_t b = 0; b < batches_; ++b) {
    const auto [x, y] = gather_batch(order, b);
    // Dropout masks from (seed, epoch, batch) alone, so that a resumed run draws the same ones.
    if (c_.dropout > 0) torch::manual_seed(augmentation_seed(order_seed ^ 0xD50F0D0FULL, position_.epoch + 1, b));
    const double loss = step_loss(
        augmentation_.any() ? augment_batch(x, augmentation_, augmentation_seed(order_seed, position_.epoch + 1, b)) : x, y);
    if (!std::isfinite(loss) || loss > c_.divergence_loss) {
      diverge(batch_divergence(loss));
      break;
    }
    optimizer_->step();
    ++position_.step;
    samples_ += x.size(0);
    if (record_interval_ > 0 && position_.step % record_interval_ == 0 && b + 1 < batches_)
      record(position_.epoch + static_cast<double>(b + 1) / static_cast<double>(batches_));
  }
  if (device_.is_cuda()) torch::cuda::synchronize();
  train_seconds_ += std::chrono::duration<double>(Clock::now() - t0).count();
  return !result_.diverged;
}

// Batch b of the epoch's order (the whole set for full-batch training).
std::pair<torch::Tensor, torch::Tensor> TrainingRun::gather_batch(const torch::Tensor& order, std::int64_t b) {
  if (batch_ == train_set_.count) return {train_set_.x, train_set_.y};
  const auto index = order.slice(0, b * batch_, std::min((b + 1) * batch_, train_set_.count));
  if (index.size(0) < batch_) return {train_set_.x.index_select(0, index), train_set_.y.index_select(0, index)};
  return {torch::index_select_out(x_buffer_, train_set_.x, 0, index),
          torch::index_select_out(y_buffer_, train_set_.y, 0, index)};
}

// The mean loss of a batch, with its gradients computed (the step is the caller's).
double TrainingRun::step_loss(const torch::Tensor& x, const torch::Tensor& y) {
  optimizer_->zero_grad();
  const auto r = summed_loss(model_->forward(x), y, loss_, outputs_, false);
  const auto loss = r.sum / static_cast<double>(x.size(0));
  loss.backward();
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> grads;
  for (const auto& p : model_->parameters())
    if (p.grad().defined()) grads.push_back(p.grad());
  if (!grads.empty())  // one fused kernel per step on CUDA; no read-back: summed on the device, read at the epoch's end
    grad_norms_ += torch::stack(at::_foreach_norm(grads)).to(torch::kFloat64).pow(2).sum().sqrt();
  return loss.item<double>();
}

// Evaluates, records and checkpoints a completed epoch; false (the epoch undone) when a loss is
// not finite.
bool TrainingRun::close_epoch(double lr) {
  ++position_.epoch;
  position_.history.push_back(evaluate_now(lr));
  if (batches_ > 0) position_.history.back().grad_norm = grad_norms_.item<double>() / static_cast<double>(batches_);
  position_.history.back().displacement = (flat_parameters(*model_) - epoch_start_).norm().item<double>();
  const auto& r = position_.history.back();
  const bool test_diverged = test_set_.count > 0 && !std::isfinite(r.test_loss);
  if (test_diverged || (c_.evaluate_train && !std::isfinite(r.train_loss))) {
    diverge("training diverged: the loss after epoch " + std::to_string(position_.epoch) +
            " is not finite; the last finite state is " + (dir_ / "checkpoint.pt").string() + " (after epoch " +
            std::to_string(position_.epoch - 1) + ")");
    position_.history.pop_back();
    --position_.epoch;
    return false;
  }
  record(position_.epoch);
  save();
  log_epoch(lr);
  return true;
}

bool TrainingRun::reached_target() const {
  return c_.target_error >= 0 && c_.evaluate_train && position_.history.back().train_error <= c_.target_error;
}

EpochRecord TrainingRun::evaluate_now(double lr) {
  EpochRecord r;
  r.epoch = position_.epoch;
  r.step = position_.step;
  r.lr = lr;
  if (c_.evaluate_train) std::tie(r.train_loss, r.train_error) = evaluate(*model_, train_set_, loss_, outputs_);
  std::tie(r.test_loss, r.test_error) = evaluate(*model_, test_set_, loss_, outputs_);
  r.seconds = seconds_before_ + std::chrono::duration<double>(Clock::now() - started_).count();
  return r;
}

void TrainingRun::record(double at_epoch) {
  trajectory_->append(at_epoch, position_.step, to_vector(flat_parameters(*model_)), to_vector(flat_buffers(*model_)));
}

void TrainingRun::save() {
  position_.trajectory_rows = trajectory_->rows();
  save_checkpoint(dir_, *model_, *optimizer_, position_);
}

void TrainingRun::diverge(std::string message) {
  result_.diverged = true;
  result_.divergence = std::move(message);
}

std::string TrainingRun::batch_divergence(double loss) const {
  std::ostringstream m;
  m << "training diverged in epoch " << position_.epoch + 1 << " at step " << position_.step + 1 << ": batch loss "
    << loss << "; the last finite state is " << (dir_ / "checkpoint.pt").string() << " (after epoch "
    << position_.epoch << "). What keeps a polynomial net trainable: preact_norm, normalize_input, clamp = A "
    << "(its approximation interval), a lower lr";
  return m.str();
}

void TrainingRun::log_epoch(double lr) const {
  if (!log_) return;
  const auto& r = position_.history.back();
  *log_ << "epoch " << position_.epoch << "/" << c_.epochs << "  lr " << lr << "  train loss " << r.train_loss
        << " error " << r.train_error << "  test loss " << r.test_loss << " error " << r.test_error << "  ("
        << std::fixed << std::setprecision(1) << r.seconds << " s)" << std::defaultfloat << std::setprecision(6)
        << "\n";
}

void TrainingRun::write_final_files() {
  torch::serialize::OutputArchive weights;
  model_->save(weights);
  save_archive_atomically(weights, dir_ / "weights.pt");
  result_.files.push_back((dir_ / "weights.pt").string());
  if (c_.model == "mlp" && !c_.preact_norm) {
    write_weights_file((dir_ / "weights.json").string(), to_weights_file(*model_, options_));
    result_.files.push_back((dir_ / "weights.json").string());
  }
}

TrainResult TrainingRun::finish() {
  for (const char* name : {"config.json", "metrics.csv", "trajectory.h5", "checkpoint.pt"})
    result_.files.push_back((dir_ / name).string());
  result_.epochs = position_.epoch;
  result_.history = position_.history;
  const auto& last = position_.history.back();
  result_.final_train_error = last.train_error;
  result_.final_test_error = last.test_error;
  result_.final_train_loss = last.train_loss;
  result_.final_test_loss = last.test_loss;
  result_.train_seconds = train_seconds_;
  result_.samples_per_second = train_seconds_ > 0 ? static_cast<double>(samples_) / train_seconds_ : 0;
  result_.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  return result_;
}

}  // namespace

TrainResult train(const TrainConfig& config, std::ostream* log, const TrainHooks& hooks) {
  try {
    return TrainingRun(config, log, hooks).run();
  } catch (const c10::Error& e) {  // one line, without LibTorch's C++ backtrace
    std::string message = e.what_without_backtrace();
    if (const auto newline = message.find('\n'); newline != std::string::npos) message.resize(newline);
    throw std::runtime_error("LibTorch: " + message);
  }
}

}  // namespace landscape::nn
