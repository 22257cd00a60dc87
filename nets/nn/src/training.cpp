#include "landscape/nn/training.hpp"

#include <malloc.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <thread>

#include "landscape/data/datasets.hpp"
#include "landscape/nn/modules.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::nn {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

json TrainConfig::to_json() const {
  return {{"model", model},
          {"arch", arch},
          {"activation", activation},
          {"bias", bias},
          {"channels", channels},
          {"preact_norm", preact_norm},
          {"clamp", clamp},
          {"dtype", dtype},
          {"init", init},
          {"dataset", dataset},
          {"normalize_input", normalize_input},
          {"optimizer", optimizer},
          {"lr", lr},
          {"momentum", momentum},
          {"weight_decay", weight_decay},
          {"nesterov", nesterov},
          {"batch_size", batch_size},
          {"schedule", schedule},
          {"loss", loss},
          {"epochs", epochs},
          {"target_error", target_error},
          {"record_every", record_every},
          {"divergence_loss", divergence_loss},
          {"perturb", perturb},
          {"perturb_seed", perturb_seed},
          {"seed", seed},
          {"order_seed", order_seed},
          {"device", device}};
}

TrainConfig TrainConfig::from_json(const json& j, const std::string& path) {
  TrainConfig c;
  try {
    c.model = j.at("model");
    c.arch = j.at("arch");
    c.activation = j.at("activation");
    c.bias = j.at("bias");
    c.channels = j.at("channels").get<std::vector<int>>();
    c.preact_norm = j.at("preact_norm");
    c.clamp = j.at("clamp");
    c.dtype = j.at("dtype");
    c.init = j.at("init");
    c.dataset = j.at("dataset");
    c.normalize_input = j.at("normalize_input");
    c.optimizer = j.at("optimizer");
    c.lr = j.at("lr");
    c.momentum = j.at("momentum");
    c.weight_decay = j.at("weight_decay");
    c.nesterov = j.at("nesterov");
    c.batch_size = j.at("batch_size");
    c.schedule = j.at("schedule");
    c.loss = j.at("loss");
    c.epochs = j.at("epochs");
    c.target_error = j.at("target_error");
    c.record_every = j.at("record_every");
    c.divergence_loss = j.at("divergence_loss");
    c.seed = j.at("seed");
    c.device = j.at("device");
    c.perturb = j.value("perturb", 0.0);
    c.perturb_seed = j.value("perturb_seed", std::uint64_t{0});
    c.order_seed = j.value("order_seed", std::int64_t{-1});
  } catch (const json::exception& e) {
    throw InputError(path + ": not a run configuration (" + e.what() + ")");
  }
  return c;
}

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

void check_schedule(const std::string& s) {
  if (s == "constant" || s == "cosine") return;
  if (s.rfind("step:", 0) == 0) {
    std::istringstream in(s.substr(5));
    int every = 0;
    char colon = 0;
    double gamma = 0;
    if (in >> every >> colon >> gamma && colon == ':' && in.peek() == EOF && every >= 1 && gamma > 0) return;
  }
  throw InputError("--schedule '" + s + "': expected constant, cosine or step:EVERY:GAMMA (e.g. step:30:0.1)");
}

double scheduled_lr(const std::string& s, double lr, int epoch, int epochs) {
  if (s == "cosine") return 0.5 * lr * (1 + std::cos(M_PI * epoch / std::max(epochs, 1)));
  if (s.rfind("step:", 0) == 0) {
    const auto colon = s.find(':', 5);
    const int every = std::stoi(s.substr(5, colon - 5));
    const double gamma = std::stod(s.substr(colon + 1));
    return lr * std::pow(gamma, epoch / every);
  }
  return lr;
}

void set_threads(int requested) {
  const int n = requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(n);
}

static void keep_freed_memory() {
  // Batches, activations and gradients are allocated and freed every step, mostly above glibc's
  // initial mmap threshold (128 KiB): each would be a fresh mmap with page faults on first touch.
  // Serving them from the heap and not trimming it keeps the pages mapped between steps.
  static const bool done = [] {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return true;
  }();
  (void)done;
}

namespace {

struct Tensors {
  torch::Tensor x, y;  // y: int64 labels or float targets
  std::int64_t count = 0;
};

Tensors to_tensors(data::Samples& s, torch::Device device, torch::Dtype dtype) {
  Tensors t;
  t.count = s.count;
  std::vector<std::int64_t> shape = {s.count};
  shape.insert(shape.end(), s.shape.begin(), s.shape.end());
  t.x = torch::from_blob(s.inputs.data(), shape, torch::kFloat32).to(device, dtype, false, true);
  if (s.is_classification())
    t.y = torch::from_blob(s.labels.data(), {s.count}, torch::kInt64).to(device, torch::kInt64, false, true);
  else
    t.y = torch::from_blob(s.targets.data(), {s.count, s.outputs}, torch::kFloat32).to(device, dtype, false, true);
  return t;
}

std::pair<double, double> evaluate(Net& model, const Tensors& t, bool ce, int outputs) {
  torch::NoGradGuard guard;
  const bool was_training = model.is_training();
  model.eval();
  double loss = 0, errors = 0;
  const std::int64_t chunk = 4096;
  for (std::int64_t at = 0; at < t.count; at += chunk) {
    const auto end = std::min(at + chunk, t.count);
    const auto r = summed_loss(model.forward(t.x.slice(0, at, end)), t.y.slice(0, at, end), ce, outputs);
    loss += r.sum.item<double>();
    errors += r.errors.item<double>();
  }
  model.train(was_training);
  return {loss / static_cast<double>(t.count), errors / static_cast<double>(t.count)};
}

// The batch order of `epoch`: a Fisher-Yates permutation from (seed, epoch) alone, so that a
// resumed run sees the same batches.
torch::Tensor permutation(std::int64_t n, std::uint64_t seed, int epoch) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) order[i] = i;
  SplitMix64 rng(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(epoch) * 0xD1B54A32D192ED03ULL);
  for (std::int64_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.uniform_int(0, i)]);
  return torch::tensor(order, torch::kInt64);
}

std::vector<double> to_vector(const torch::Tensor& t) {
  const auto c = t.to(torch::kCPU, torch::kFloat64).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

std::vector<LayerInfo> layers_of(Net& model) {
  std::vector<LayerInfo> layers;
  std::int64_t offset = 0;
  for (const auto& item : model.named_parameters()) {
    LayerInfo l;
    l.name = item.key();
    l.shape = item.value().sizes().vec();
    l.offset = offset;
    offset += l.size();
    layers.push_back(l);
  }
  return layers;
}

// Saves an archive through a temporary file and rename (a kill never leaves half a checkpoint).
void save_atomically(torch::serialize::OutputArchive& archive, const fs::path& path) {
  const fs::path temporary = path.string() + ".tmp";
  archive.save_to(temporary.string());
  fs::rename(temporary, path);
}

std::string metrics_csv(const std::vector<EpochRecord>& history) {
  std::ostringstream out;
  out << "epoch,step,lr,train_loss,train_error,test_loss,test_error,seconds\n" << std::setprecision(10);
  for (const auto& r : history)
    out << r.epoch << ',' << r.step << ',' << r.lr << ',' << r.train_loss << ',' << r.train_error << ','
        << r.test_loss << ',' << r.test_error << ',' << r.seconds << '\n';
  return out.str();
}

torch::Tensor history_tensor(const std::vector<EpochRecord>& history) {
  auto t = torch::zeros({static_cast<std::int64_t>(history.size()), 8}, torch::kFloat64);
  for (std::size_t i = 0; i < history.size(); ++i) {
    const auto& r = history[i];
    const double row[8] = {double(r.epoch), double(r.step), r.lr, r.train_loss, r.train_error, r.test_loss, r.test_error, r.seconds};
    for (int k = 0; k < 8; ++k) t[static_cast<std::int64_t>(i)][k] = row[k];
  }
  return t;
}

std::vector<EpochRecord> history_from(const torch::Tensor& t) {
  std::vector<EpochRecord> h;
  const auto c = t.contiguous();
  const double* p = c.data_ptr<double>();
  for (std::int64_t i = 0; i < c.size(0); ++i, p += 8)
    h.push_back({static_cast<int>(p[0]), static_cast<std::int64_t>(p[1]), p[2], p[3], p[4], p[5], p[6], p[7]});
  return h;
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const TrainConfig& c, Net& model) {
  if (c.optimizer == "sgd")
    return std::make_unique<torch::optim::SGD>(
        model.parameters(),
        torch::optim::SGDOptions(c.lr).momentum(c.momentum).nesterov(c.nesterov).weight_decay(c.weight_decay));
  if (c.optimizer == "adam")
    return std::make_unique<torch::optim::Adam>(model.parameters(),
                                                torch::optim::AdamOptions(c.lr).weight_decay(c.weight_decay));
  throw InputError("--optimizer '" + c.optimizer + "': expected sgd or adam");
}

void set_lr(torch::optim::Optimizer& opt, double lr) {
  for (auto& group : opt.param_groups()) group.options().set_lr(lr);
}

void check_config(const TrainConfig& c) {
  check_schedule(c.schedule);
  if (c.epochs < 0) throw InputError("--epochs must be >= 0");
  if (c.batch_size < 0) throw InputError("--batch-size must be a positive integer or 'full'");
  if (!(c.lr > 0) || !std::isfinite(c.lr)) throw InputError("--lr must be a positive number");
  if (c.momentum < 0 || c.momentum >= 1) throw InputError("--momentum must be in [0, 1)");
  if (c.nesterov && c.momentum == 0) throw InputError("--nesterov needs --momentum > 0");
  if (c.weight_decay < 0) throw InputError("--weight-decay must be >= 0");
  if (c.clamp < 0) throw InputError("--clamp must be > 0 (or 0 for none)");
  if (c.loss != "auto" && c.loss != "ce" && c.loss != "mse") throw InputError("--loss '" + c.loss + "': expected ce or mse");
  if (c.dtype != "float32" && c.dtype != "float64") throw InputError("--dtype '" + c.dtype + "': expected float32 or float64");
  if (c.device != "cpu" && c.device != "cuda") throw InputError("--device '" + c.device + "': expected cpu or cuda");
  if (c.device == "cuda" && !torch::cuda::is_available())
    throw InputError("--device cuda: no CUDA device is available to this LibTorch build");
  if (c.out_dir.empty()) throw InputError("--out DIR is required");
}

}  // namespace

namespace {
TrainResult train_impl(const TrainConfig& c, std::ostream* log);
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
  std::size_t row = t.epoch.size() - 1;
  if (checkpoint != "final") {
    char* end = nullptr;
    const double epoch = std::strtod(checkpoint.c_str(), &end);
    if (checkpoint.empty() || *end) throw InputError("checkpoint '" + checkpoint + "': expected final or an epoch number");
    row = t.epoch.size();
    for (std::size_t r = 0; r < t.epoch.size(); ++r)
      if (t.epoch[r] == epoch) row = r;
    if (row == t.epoch.size()) throw InputError("checkpoint " + checkpoint + ": no such epoch in " + run_dir + "/trajectory.h5");
  }
  const auto options = model.parameters().front().options();
  set_flat_parameters(model, torch::tensor(t.parameters[row], torch::kFloat64).to(options));
  if (!t.buffers[row].empty()) set_flat_buffers(model, torch::tensor(t.buffers[row], torch::kFloat64).to(options));
}

void perturb_layerwise(Net& model, double c, std::uint64_t seed) {
  torch::NoGradGuard guard;
  auto generator = at::detail::createCPUGenerator(seed);
  for (auto& p : model.parameters()) {
    if (p.numel() < 2) continue;
    const auto noise = torch::randn(p.sizes(), generator, torch::TensorOptions().dtype(torch::kFloat64));
    p.add_((c * p.to(torch::kFloat64).std() * noise).to(p.options()));
  }
}

data::DataSplit load_run_data(const TrainConfig& c) {
  data::DataSplit split = data::load(c.dataset, c.seed);
  if (c.normalize_input) data::standardize(split);
  return split;
}

ModelOptions model_options(const TrainConfig& c, const data::Samples& train) {
  ModelOptions mo;
  mo.model = c.model;
  mo.input_shape = train.shape;
  mo.outputs = train.outputs;
  mo.arch = c.arch.empty() ? std::to_string(train.sample_size()) + ",256," + std::to_string(train.outputs) : c.arch;
  mo.act.activation = Activation::parse(c.activation);
  mo.act.clamp = c.clamp;
  mo.bias = c.bias;
  mo.preact_norm = c.preact_norm;
  mo.channels = c.channels;
  return mo;
}

TrainResult train(const TrainConfig& c, std::ostream* log) {
  try {
    return train_impl(c, log);
  } catch (const c10::Error& e) {  // one line, without LibTorch's C++ backtrace
    std::string message = e.what_without_backtrace();
    if (const auto newline = message.find('\n'); newline != std::string::npos) message.resize(newline);
    throw std::runtime_error("LibTorch: " + message);
  }
}

namespace {
TrainResult train_impl(const TrainConfig& c, std::ostream* log) {
  const auto started = Clock::now();
  check_config(c);
  const fs::path dir(c.out_dir);
  const fs::path checkpoint = dir / "checkpoint.pt", config_file = dir / "config.json";
  // A run killed before its first checkpoint has nothing to resume: it starts from scratch, so
  // re-running the same command with resume set works after any crash.
  const bool resume = c.resume && fs::exists(checkpoint);
  if (c.resume && !resume && log)
    *log << "nothing to resume in " << dir.string() << " (no checkpoint yet): starting from scratch\n";
  if (resume) {
    json saved;
    try {
      saved = json::parse(read_text_file(config_file.string()));
    } catch (const json::exception&) {
      throw InputError(config_file.string() + ": not valid JSON");
    }
    json now = c.to_json();
    saved.erase("epochs");
    now.erase("epochs");
    if (saved != now) {
      std::string differing;
      for (auto it = now.begin(); it != now.end(); ++it)
        if (!saved.contains(it.key()) || saved[it.key()] != it.value()) differing += (differing.empty() ? "" : ", ") + it.key();
      throw InputError("--resume: the options differ from the run in '" + dir.string() + "' (" + differing + ")");
    }
  } else if (!c.resume && (fs::exists(checkpoint) || fs::exists(dir / "metrics.csv"))) {
    throw InputError("'" + dir.string() + "' already holds a run; use --resume to continue it or another --out");
  }
  fs::create_directories(dir);
  // Intra-op threads. Auto (0): every core for conv nets, whose convolutions run in OpenMP; one
  // for the MLP, whose time is in GEMMs that OpenBLAS (pthreads build) parallelizes on its own
  // threads: OpenMP workers spinning beside them made 2-thread MLP training 3.6x slower here
  // (docs/benchmarks.md).
  const int threads = c.threads > 0 ? c.threads : c.model == "mlp" ? 1 : 0;
  set_threads(threads);
  keep_freed_memory();

  const torch::Device device(c.device == "cuda" ? torch::kCUDA : torch::kCPU);
  const torch::Dtype dtype = c.dtype == "float64" ? torch::kFloat64 : torch::kFloat32;

  data::DataSplit split = load_run_data(c);
  const bool classification = split.train.is_classification();
  const bool ce = c.loss == "ce" || (c.loss == "auto" && classification);
  if (ce && !classification) throw InputError("--loss ce needs classification data");
  const int outputs = split.train.outputs;
  const ModelOptions mo = model_options(c, split.train);

  torch::manual_seed(c.seed);
  auto model = make_model(mo);
  model->to(device, dtype);
  if (!c.init.empty() && !resume) {
    const auto at = c.init.rfind('@');
    const std::string path = at == std::string::npos ? c.init : c.init.substr(0, at);
    if (fs::is_directory(path)) {
      load_run_state(*model, path, at == std::string::npos ? "final" : c.init.substr(at + 1), device);
    } else {
      if (c.model != "mlp") throw InputError("--init: weights files load into --model mlp only (or give a run directory)");
      const WeightsFile w = read_weights_file(c.init);
      load_weights(*model, w, c.init);
    }
  }
  if (c.perturb < 0 || !std::isfinite(c.perturb)) throw InputError("--perturb must be >= 0");
  if (c.perturb > 0 && !resume) perturb_layerwise(*model, c.perturb, c.perturb_seed);
  auto optimizer = make_optimizer(c, *model);

  TrainResult result;
  result.model_description = model->describe();
  result.threads = torch::get_num_threads();
  result.parameters = parameter_count(*model);
  Tensors train_set = to_tensors(split.train, device, dtype), test_set = to_tensors(split.test, device, dtype);
  const std::int64_t batch = c.batch_size == 0 ? train_set.count : std::min(c.batch_size, train_set.count);

  const auto layers = layers_of(*model);
  const auto buffer_count = flat_buffers(*model).numel();
  int epoch = 0;
  std::int64_t step = 0;
  std::vector<EpochRecord> history;
  double seconds_before = 0;  // wall time of the earlier invocations of a resumed run
  std::unique_ptr<TrajectoryWriter> trajectory;
  const fs::path trajectory_path = dir / "trajectory.h5";

  auto record = [&](double at_epoch) {
    trajectory->append(at_epoch, step, to_vector(flat_parameters(*model)), to_vector(flat_buffers(*model)));
  };
  auto evaluate_now = [&](double lr) {
    EpochRecord r;
    r.epoch = epoch;
    r.step = step;
    r.lr = lr;
    if (c.evaluate_train) std::tie(r.train_loss, r.train_error) = evaluate(*model, train_set, ce, outputs);
    std::tie(r.test_loss, r.test_error) = evaluate(*model, test_set, ce, outputs);
    r.seconds = seconds_before + std::chrono::duration<double>(Clock::now() - started).count();
    return r;
  };
  auto save_checkpoint = [&]() {
    torch::serialize::OutputArchive archive, model_archive, optimizer_archive;
    model->save(model_archive);
    optimizer->save(optimizer_archive);
    archive.write("model", model_archive);
    archive.write("optimizer", optimizer_archive);
    archive.write("epoch", torch::tensor(static_cast<std::int64_t>(epoch)));
    archive.write("step", torch::tensor(step));
    archive.write("trajectory_rows", torch::tensor(trajectory->rows()));
    archive.write("history", history_tensor(history));
    save_atomically(archive, checkpoint);
    write_file_atomically((dir / "metrics.csv").string(), metrics_csv(history));
  };

  if (resume) {
    torch::serialize::InputArchive archive, model_archive, optimizer_archive;
    try {
      archive.load_from(checkpoint.string(), device);
    } catch (const c10::Error&) {
      throw InputError(checkpoint.string() + ": not a readable checkpoint");
    }
    archive.read("model", model_archive);
    archive.read("optimizer", optimizer_archive);
    model->load(model_archive);
    optimizer->load(optimizer_archive);
    auto read = [&](const char* key) {  // a fresh tensor each time: read() into a defined one reuses it
      torch::Tensor t;
      archive.read(key, t);
      return t;
    };
    epoch = static_cast<int>(read("epoch").item<std::int64_t>());
    step = read("step").item<std::int64_t>();
    const std::int64_t rows = read("trajectory_rows").item<std::int64_t>();
    const torch::Tensor t = read("history");
    history = history_from(t.to(torch::kCPU));
    if (!history.empty()) seconds_before = history.back().seconds;
    trajectory = std::make_unique<TrajectoryWriter>(trajectory_path.string(), layers, buffer_count, dtype == torch::kFloat64, rows);
    result.resumed = true;
    result.resumed_from_epoch = epoch;
    if (log) *log << "resuming " << dir.string() << " after epoch " << epoch << "\n";
  } else {
    write_file_atomically(config_file.string(), c.to_json().dump(2) + "\n");
    trajectory = std::make_unique<TrajectoryWriter>(trajectory_path.string(), layers, buffer_count, dtype == torch::kFloat64);
    history.push_back(evaluate_now(scheduled_lr(c.schedule, c.lr, 0, c.epochs)));
    record(0);
    save_checkpoint();
  }
  if (log)
    *log << result.model_description << ", " << result.parameters << " parameters, " << train_set.count
         << " training samples, batch " << batch << ", " << c.device << "\n";

  std::int64_t samples = 0;
  double train_seconds = 0;
  const std::int64_t batches = (train_set.count + batch - 1) / batch;
  // Trajectory rows between epoch ends: every record_every steps, or (auto, < 0) about
  // kAutoTrajectoryRecords over the whole run, so that a short run still draws a smooth path.
  const std::int64_t record_interval =
      c.record_every >= 0 ? c.record_every
                          : std::max<std::int64_t>(1, batches * c.epochs / kAutoTrajectoryRecords);
  bool reached_target = c.target_error >= 0 && !history.empty() && c.evaluate_train &&
                        history.back().train_error <= c.target_error;
  model->train();
  // Full batches are gathered into the same buffers every step (index_select_out).
  torch::Tensor xbuf = torch::empty_like(train_set.x.slice(0, 0, batch)), ybuf = torch::empty_like(train_set.y.slice(0, 0, batch));
  while (epoch < c.epochs && !reached_target) {
    const double lr = scheduled_lr(c.schedule, c.lr, epoch, c.epochs);
    set_lr(*optimizer, lr);
    const std::uint64_t order_seed = c.order_seed >= 0 ? static_cast<std::uint64_t>(c.order_seed) : c.seed;
    const torch::Tensor order = permutation(train_set.count, order_seed, epoch + 1).to(device);
    const auto t0 = Clock::now();
    for (std::int64_t b = 0; b < batches; ++b) {
      const auto idx = order.slice(0, b * batch, std::min((b + 1) * batch, train_set.count));
      torch::Tensor xb = train_set.x, yb = train_set.y;
      if (batch < train_set.count) {
        if (idx.size(0) == batch) {
          xb = torch::index_select_out(xbuf, train_set.x, 0, idx);
          yb = torch::index_select_out(ybuf, train_set.y, 0, idx);
        } else {
          xb = train_set.x.index_select(0, idx);
          yb = train_set.y.index_select(0, idx);
        }
      }
      optimizer->zero_grad();
      const auto r = summed_loss(model->forward(xb), yb, ce, outputs, false);
      const auto loss = r.sum / static_cast<double>(xb.size(0));
      loss.backward();
      const double value = loss.item<double>();
      if (!std::isfinite(value) || value > c.divergence_loss) {
        std::ostringstream m;
        m << "training diverged in epoch " << epoch + 1 << " at step " << step + 1 << ": batch loss " << value
          << "; the last finite state is " << checkpoint.string() << " (after epoch " << epoch
          << "). What keeps a polynomial net trainable: --preact-norm, --normalize-input, --clamp A "
             "(its approximation interval), a lower --lr";
        result.diverged = true;
        result.divergence = m.str();
        break;
      }
      optimizer->step();
      ++step;
      samples += xb.size(0);
      if (record_interval > 0 && step % record_interval == 0 && b + 1 < batches)
        record(epoch + static_cast<double>(b + 1) / static_cast<double>(batches));
    }
    if (device.is_cuda()) torch::cuda::synchronize();
    train_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    if (result.diverged) break;
    ++epoch;
    history.push_back(evaluate_now(lr));
    const auto& r = history.back();
    if (!std::isfinite(r.test_loss) || (c.evaluate_train && !std::isfinite(r.train_loss))) {
      result.diverged = true;
      result.divergence = "training diverged: the loss after epoch " + std::to_string(epoch) +
                          " is not finite; the last finite state is " + checkpoint.string() + " (after epoch " +
                          std::to_string(epoch - 1) + ")";
      history.pop_back();
      --epoch;
      break;
    }
    record(epoch);
    save_checkpoint();
    if (log)
      *log << "epoch " << epoch << "/" << c.epochs << "  lr " << lr << "  train loss " << r.train_loss << " error "
           << r.train_error << "  test loss " << r.test_loss << " error " << r.test_error << "  ("
           << std::fixed << std::setprecision(1) << r.seconds << " s)" << std::defaultfloat << std::setprecision(6) << "\n";
    reached_target = c.target_error >= 0 && c.evaluate_train && r.train_error <= c.target_error;
    if (c.stop_after_epoch >= 0 && epoch >= c.stop_after_epoch) {
      result.epochs = epoch;
      result.history = history;
      return result;  // as if killed here: no final files
    }
  }

  // Final files (not after a divergence: the last good state is the checkpoint).
  if (!result.diverged) {
    torch::serialize::OutputArchive weights;
    model->save(weights);
    save_atomically(weights, dir / "weights.pt");
    result.files.push_back((dir / "weights.pt").string());
    if (c.model == "mlp" && !c.preact_norm) {
      write_weights_file((dir / "weights.json").string(), to_weights_file(*model, mo));
      result.files.push_back((dir / "weights.json").string());
    }
  }
  for (const char* name : {"config.json", "metrics.csv", "trajectory.h5", "checkpoint.pt"})
    result.files.push_back((dir / name).string());

  result.epochs = epoch;
  result.history = history;
  const auto& last = history.back();
  result.final_train_error = last.train_error;
  result.final_test_error = last.test_error;
  result.final_train_loss = last.train_loss;
  result.final_test_loss = last.test_loss;
  result.train_seconds = train_seconds;
  result.samples_per_second = train_seconds > 0 ? static_cast<double>(samples) / train_seconds : 0;
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return result;
}

}  // namespace

}  // namespace landscape::nn
