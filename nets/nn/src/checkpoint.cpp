// Checkpoints of a run (checkpoint.pt, metrics.csv), resumption, and the state of a finished run
// (load_run_state: weights.pt or a row of trajectory.h5).
#include "checkpoint.hpp"

#include <iomanip>
#include <ostream>
#include <sstream>

#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::nn {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Refuses to resume with other options than the run in `dir` was started with. The saved options
// are read as options first, so that an older config.json without a newer field (augment, ...)
// means that field's default.
void check_same_options(const fs::path& dir, const TrainConfig& config) {
  const auto saved = TrainConfig::from_json(read_run_config_json(dir.string()), (dir / "config.json").string());
  const auto differing = differing_options(saved.to_json(), config.to_json());
  if (differing.empty()) return;
  std::string list;
  for (const auto& key : differing) list += (list.empty() ? "" : ", ") + key;
  throw InputError("resume: the options differ from the run in '" + dir.string() + "' (" + list + ")");
}

}  // namespace

bool prepare_run_directory(const TrainConfig& config, std::ostream* log) {
  const fs::path dir(config.out_dir);
  const bool resume = config.resume && fs::exists(dir / "checkpoint.pt");
  if (config.resume && !resume && log)
    *log << "nothing to resume in " << dir.string() << " (no checkpoint yet): starting from scratch\n";
  if (resume)
    check_same_options(dir, config);
  else if (!config.resume && (fs::exists(dir / "checkpoint.pt") || fs::exists(dir / "metrics.csv")))
    throw FieldError("out_dir", "'" + dir.string() + "' already holds a run (resume continues it; another directory "
                                                     "starts a new one)");
  fs::create_directories(dir);
  return resume;
}

std::vector<std::string> differing_options(json saved, json now) {
  for (const char* free : {"epochs", "device"}) saved.erase(free), now.erase(free);
  std::vector<std::string> keys;
  for (auto it = now.begin(); it != now.end(); ++it)
    if (!saved.contains(it.key()) || saved[it.key()] != it.value()) keys.push_back(it.key());
  for (auto it = saved.begin(); it != saved.end(); ++it)
    if (!now.contains(it.key())) keys.push_back(it.key());
  return keys;
}

void save_archive_atomically(torch::serialize::OutputArchive& archive, const fs::path& path) {
  const fs::path temporary = path.string() + ".tmp";
  archive.save_to(temporary.string());
  fs::rename(temporary, path);
}

void save_checkpoint(const fs::path& dir, Net& model, torch::optim::Optimizer& optimizer, const RunPosition& position) {
  torch::serialize::OutputArchive archive, model_archive, optimizer_archive;
  model.save(model_archive);
  optimizer.save(optimizer_archive);
  archive.write("model", model_archive);
  archive.write("optimizer", optimizer_archive);
  archive.write("epoch", torch::tensor(static_cast<std::int64_t>(position.epoch)));
  archive.write("step", torch::tensor(position.step));
  archive.write("trajectory_rows", torch::tensor(position.trajectory_rows));
  archive.write("history", history_tensor(position.history));
  save_archive_atomically(archive, dir / "checkpoint.pt");
  write_file_atomically((dir / "metrics.csv").string(), metrics_csv(position.history));
}

RunPosition load_checkpoint(const fs::path& dir, Net& model, torch::optim::Optimizer& optimizer, torch::Device device) {
  const fs::path path = dir / "checkpoint.pt";
  torch::serialize::InputArchive archive, model_archive, optimizer_archive;
  try {
    archive.load_from(path.string(), device);
  } catch (const c10::Error&) {
    throw InputError(path.string() + ": not a readable checkpoint");
  }
  archive.read("model", model_archive);
  archive.read("optimizer", optimizer_archive);
  model.load(model_archive);
  optimizer.load(optimizer_archive);
  auto read = [&](const char* key) {  // a fresh tensor each time: read() into a defined one reuses it
    torch::Tensor t;
    archive.read(key, t);
    return t;
  };
  RunPosition position;
  position.epoch = static_cast<int>(read("epoch").item<std::int64_t>());
  position.step = read("step").item<std::int64_t>();
  position.trajectory_rows = read("trajectory_rows").item<std::int64_t>();
  position.history = history_from_tensor(read("history").to(torch::kCPU));
  // The position decides how many trajectory rows a resume keeps: refuse values no run writes.
  if (position.epoch < 0 || position.step < 0 || position.trajectory_rows < 1 || position.history.empty())
    throw InputError(path.string() + ": 'trajectory_rows', 'epoch', 'step' or 'history' is out of range (corrupt)");
  return position;
}

std::string metrics_csv(const std::vector<EpochRecord>& history) {
  std::ostringstream out;
  out << "epoch,step,lr,train_loss,train_error,test_loss,test_error,seconds,grad_norm,displacement\n" << std::setprecision(10);
  for (const auto& r : history)
    out << r.epoch << ',' << r.step << ',' << r.lr << ',' << r.train_loss << ',' << r.train_error << ',' << r.test_loss << ','
        << r.test_error << ',' << r.seconds << ',' << r.grad_norm << ',' << r.displacement << '\n';
  return out.str();
}

torch::Tensor history_tensor(const std::vector<EpochRecord>& history) {
  auto t = torch::zeros({static_cast<std::int64_t>(history.size()), 10}, torch::kFloat64);
  for (std::size_t i = 0; i < history.size(); ++i) {
    const auto& r = history[i];
    const double row[10] = {double(r.epoch), double(r.step), r.lr,     r.train_loss, r.train_error,
                            r.test_loss,     r.test_error,   r.seconds, r.grad_norm, r.displacement};
    for (int k = 0; k < 10; ++k) t[static_cast<std::int64_t>(i)][k] = row[k];
  }
  return t;
}

// Checkpoints written before grad_norm and displacement hold 8 columns: those two read as NaN.
std::vector<EpochRecord> history_from_tensor(const torch::Tensor& t) {
  std::vector<EpochRecord> h;
  const auto c = t.contiguous();
  if (c.dim() != 2 || (c.size(1) != 8 && c.size(1) != 10))
    throw InputError("checkpoint: 'history' has " + std::to_string(c.dim() == 2 ? c.size(1) : -1) + " columns, not 8 or 10 (corrupt)");
  const double* p = c.data_ptr<double>();
  const std::int64_t width = c.size(1);
  for (std::int64_t i = 0; i < c.size(0); ++i, p += width) {
    h.push_back({static_cast<int>(p[0]), static_cast<std::int64_t>(p[1]), p[2], p[3], p[4], p[5], p[6], p[7]});
    if (width == 10) h.back().grad_norm = p[8], h.back().displacement = p[9];
  }
  return h;
}

namespace {

// The trajectory row of `checkpoint` ("final": the last; else an epoch number recorded there).
std::size_t trajectory_row(const Trajectory& t, const std::string& run_dir, const std::string& checkpoint) {
  if (checkpoint == "final") return t.epoch.size() - 1;
  char* end = nullptr;
  const double epoch = std::strtod(checkpoint.c_str(), &end);
  if (checkpoint.empty() || *end) throw InputError("checkpoint '" + checkpoint + "': expected final or an epoch number");
  std::size_t row = t.epoch.size();
  for (std::size_t r = 0; r < t.epoch.size(); ++r)
    if (t.epoch[r] == epoch) row = r;
  if (row == t.epoch.size()) throw InputError("checkpoint " + checkpoint + ": no such epoch in " + run_dir + "/trajectory.h5");
  return row;
}

}  // namespace

void load_run_state(Net& model, const std::string& run_dir, const std::string& checkpoint, torch::Device device) {
  const fs::path weights = fs::path(run_dir) / "weights.pt";
  if (checkpoint == "final" && fs::exists(weights)) {
    torch::serialize::InputArchive archive;
    try {
      archive.load_from(weights.string(), device);
      model.load(archive);
    } catch (const c10::Error&) {
      throw InputError(weights.string() + ": not readable weights of this model");
    }
    return;
  }
  const Trajectory t = read_trajectory((fs::path(run_dir) / "trajectory.h5").string());
  if (t.parameters.empty()) throw InputError(run_dir + ": the trajectory is empty");
  const std::size_t row = trajectory_row(t, run_dir, checkpoint);
  const auto options = model.parameters().front().options();
  try {  // the widths read from the file against the model's
    set_flat_parameters(model, torch::tensor(t.parameters[row], torch::kFloat64).to(options));
    if (!t.buffers[row].empty()) set_flat_buffers(model, torch::tensor(t.buffers[row], torch::kFloat64).to(options));
  } catch (const InputError& e) {
    throw InputError(run_dir + "/trajectory.h5: 'parameters' or 'buffers' does not fit the model (" + e.what() + ")");
  }
}

}  // namespace landscape::nn
