// bench-spectrum: the top-5 Hessian eigenvalues, the trace and the density of an MLP 784-64-10
// trained on 2,000 Fashion-MNIST images, by `landscape spectrum`'s algorithms (Lanczos with full
// reorthogonalization, residuals from the products, the multiplicity check; Hutch++; SLQ) against
// PyHessian's (Yao et al. 2020: power iteration with deflation at relative tolerance 1e-3,
// Hutchinson to relative tolerance 1e-3, SLQ with 100 steps) written out in plain Python torch
// (python_hessian_baseline.py) with both of PyHessian's products (over a data set: forward,
// backward and double backward each time; on a single batch: the gradient's graph kept), on the
// same weights and data, the same number of threads, in one run; the randomized algorithms from
// seeds 0..4 on both sides, medians reported. The accuracy reference is ARPACK (scipy's eigsh) on
// float64 Hessian-vector products.
//
// usage: bench-spectrum [--threads N] [--python PATH] [--epochs E]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bench_support.hpp"
#include "landscape/analysis/spectral.hpp"
#include "landscape/nn/curvature.hpp"
#include "landscape/nn/training.hpp"
#include "run_setup.hpp"
#include "tensor_utils.hpp"

namespace fs = std::filesystem;
namespace nn = landscape::nn;
namespace an = landscape::analysis;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint64_t kSeeds = 5;  // runs of each randomized algorithm, seeds 0..4 (as the baseline's)

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Over runs (JSON objects with `key`): the median, and the least and largest.
struct Spread {
  double median, low, high;
};
Spread spread(const nlohmann::json& runs, const char* key) {
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(r[key].get<double>());
  return {landscape::bench::median(v), *std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end())};
}

// The run's weights and training data as float64 arrays for the Python baseline.
void export_run(const std::string& run, const std::string& path) {
  auto loaded = nn::load_run(run, "final", "cpu", 1, "float64");
  const auto data = nn::to_tensors(loaded.split.train, loaded.device, torch::kFloat64);
  const auto x = data.x.flatten(1).contiguous(), y = data.y.to(torch::kFloat64).contiguous();
  nn::write_h5_arrays(path, {{"parameters", {{nn::parameter_count(*loaded.model)}, nn::to_vector(nn::flat_parameters(*loaded.model))}},
                             {"x", {{x.size(0), x.size(1)}, nn::to_vector(x)}},
                             {"y", {{y.size(0)}, nn::to_vector(y)}}});
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, epochs = 10;  // 2 intra-op threads made one product slower in both (36 and 9 ms against 6: OpenMP beside OpenBLAS)
  std::string python = "/usr/bin/python3";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--threads") threads = std::stoi(v);
    else if (a == "--python") python = v;
    else if (a == "--epochs") epochs = std::stoi(v);
    else {
      std::cerr << "error: unknown option " << a << "\n";
      return 2;
    }
  }
  const fs::path scratch = fs::temp_directory_path() / ("bench-spectrum-" + std::to_string(::getpid()));
  nn::TrainConfig c;
  c.arch = "784,64,10";
  c.dataset = "fashion-mnist:n=2000,test=500";
  c.epochs = epochs;
  c.lr = 0.05;
  c.seed = 0;
  c.record_every = 0;
  c.out_dir = (scratch / "run").string();
  const auto trained = nn::train(c, nullptr);
  std::cout << "bench-spectrum: MLP 784-64-10 (50,890 parameters), 2,000 Fashion-MNIST images, " << epochs
            << " epochs (training loss " << std::setprecision(4) << trained.final_train_loss << "), " << threads
            << " thread(s)" << std::endl;
  const std::string exported = (scratch / "run.h5").string();
  export_run(c.out_dir, exported);

  nlohmann::json ours;
  for (const std::string dtype : {"float32", "float64"}) {
    nn::CurvatureOptions o;
    o.dtype = dtype;
    o.threads = threads;
    nn::Curvature h(c.out_dir, o);
    double in_products = 0;  // seconds inside the products (the rest is the algorithm's own work)
    const an::LinearOperator op = [&h, &in_products](const std::vector<double>& x, std::vector<double>& y) {
      const auto t0 = Clock::now();
      h.apply(nn::CurvatureKind::Hessian, x, y);
      in_products += seconds_since(t0);
    };
    const std::size_t n = h.parameters();
    {  // one Hessian-vector product, median of 15
      std::vector<double> v(n, 1e-3), y;
      std::vector<double> times;
      for (int r = 0; r < 15; ++r) {
        const auto t0 = Clock::now();
        op(v, y);
        times.push_back(seconds_since(t0));
      }
      ours[dtype]["hvp_seconds"] = landscape::bench::median(times);
    }
    // Each timed computation starts without the kept first-order graph (setting the weights drops
    // it), so building it is in its time, as PyHessian's single-batch mode's is in its. The
    // randomized ones run from seeds 0..4 (start vectors, probes), as the baseline's do.
    const auto weights = h.weights();
    auto top5 = [&](bool check) {
      nlohmann::json runs = nlohmann::json::array();
      for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
        an::ExtremeOptions e;
        e.top = 5;
        e.tolerance = dtype == "float32" ? 1e-4 : 1e-7;
        e.check_multiplicity = check;
        e.seed = seed;
        h.set_weights(weights);
        in_products = 0;
        const auto t0 = Clock::now();
        const auto r = an::extreme_eigenvalues(op, n, e);
        runs.push_back({{"values", r.top}, {"seconds", seconds_since(t0)}, {"hvps", r.matvecs}, {"converged", r.converged},
                        {"residuals", r.top_residuals}, {"product_seconds", in_products}});
      }
      return runs;
    };
    ours[dtype]["top5"] = top5(true);
    ours[dtype]["top5_single_pass"] = top5(false);
    if (dtype == "float64") {  // and the two smallest, against ARPACK's
      an::ExtremeOptions e;
      e.bottom = 2, e.top = 0, e.tolerance = 1e-7;
      const auto bottom = an::extreme_eigenvalues(op, n, e);
      ours[dtype]["bottom2"] = {{"values", bottom.bottom}, {"hvps", bottom.matvecs}, {"residuals", bottom.bottom_residuals}};
      continue;
    }
    for (int products : {99, 30}) {  // the default, and about PyHessian's budget here
      nlohmann::json runs = nlohmann::json::array();
      for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
        an::TraceOptions to;
        to.matvecs = products;
        to.seed = seed;
        h.set_weights(weights);
        const auto t0 = Clock::now();
        const auto tr = an::trace_estimate(op, n, to);
        runs.push_back({{"value", tr.value}, {"stderr", tr.standard_error}, {"seconds", seconds_since(t0)}, {"hvps", tr.matvecs}});
      }
      ours[dtype]["trace" + std::to_string(products)] = runs;
    }
    an::DensityOptions d;
    d.probes = 1;
    d.steps = 100;
    h.set_weights(weights);
    const auto t = Clock::now();
    const auto dens = an::spectral_density(op, n, d);
    ours[dtype]["density"] = {{"seconds", seconds_since(t)}, {"hvps", dens.matvecs}};
  }
  const auto baseline = nlohmann::json::parse(landscape::bench::capture(
      python + " " + LANDSCAPE_SOURCE_DIR + "/nets/bench/python_hessian_baseline.py " + exported + " --threads " +
      std::to_string(threads)));
  const auto& ref = baseline["reference_top5"];
  // The largest relative error of the five values, sorted (power iteration finds them in any order).
  auto max_rel_error = [&ref](const nlohmann::json& runs) {
    double worst = 0;
    for (const auto& r : runs) {
      auto values = r["values"].get<std::vector<double>>();
      std::sort(values.rbegin(), values.rend());
      for (std::size_t i = 0; i < 5; ++i)
        worst = std::max(worst, std::abs(values[i] - ref[i].get<double>()) / std::abs(ref[i].get<double>()));
    }
    return worst;
  };
  std::cout << std::setprecision(4);
  std::cout << "reference (ARPACK eigsh, float64): top 5 =";
  for (const auto& v : ref) std::cout << " " << v.get<double>();
  std::cout << "\n";
  std::cout << "one Hessian-vector product (median of 15): landscape " << ours["float32"]["hvp_seconds"].get<double>() * 1e3
            << " ms (float32, first-order graph kept), " << ours["float64"]["hvp_seconds"].get<double>() * 1e3
            << " ms (float64); Python torch (float32) " << baseline["hvp_seconds"].get<double>() * 1e3
            << " ms over a data set (PyHessian's dataloader products), "
            << baseline["hvp_seconds_single_batch"].get<double>() * 1e3 << " ms on a single batch (graph kept)\n";
  std::cout << "\n" << std::left << std::setw(66) << "top-5 eigenvalues, seeds 0..4" << std::setw(26) << "seconds: median (range)"
            << std::setw(10) << "HVPs" << "max relative error\n";
  auto row = [&](const std::string& name, const nlohmann::json& runs) {
    const auto s = spread(runs, "seconds"), p = spread(runs, "hvps");
    std::ostringstream range, hvps;
    range << std::setprecision(3) << s.median << " (" << s.low << "-" << s.high << ")";
    hvps << p.low << "-" << p.high;
    std::cout << std::setw(66) << name << std::setw(26) << range.str() << std::setw(10) << hvps.str() << max_rel_error(runs)
              << "\n";
  };
  row("PyHessian power iteration (float32, tol 1e-3), data-set products", baseline["power_iteration"]);
  row("PyHessian power iteration (float32, tol 1e-3), single batch", baseline["power_iteration_single_batch"]);
  row("landscape Lanczos (float32, tol 1e-4, multiplicity check)", ours["float32"]["top5"]);
  row("landscape Lanczos (float32, tol 1e-4, one pass)", ours["float32"]["top5_single_pass"]);
  row("landscape Lanczos (float64, tol 1e-7, multiplicity check)", ours["float64"]["top5"]);
  std::cout << "(landscape float32 with the check: " << spread(ours["float32"]["top5"], "product_seconds").median
            << " s of its median in the products)\n";
  const auto& bottom = ours["float64"]["bottom2"]["values"];
  const double lmax = ref[0].get<double>();
  std::cout << "bottom 2 (float64, tol 1e-7): landscape " << bottom[0].get<double>() << ", " << bottom[1].get<double>()
            << "; ARPACK " << baseline["reference_bottom2"][0].get<double>() << ", " << baseline["reference_bottom2"][1].get<double>()
            << "; largest difference / lambda_max "
            << std::max(std::abs(bottom[0].get<double>() - baseline["reference_bottom2"][0].get<double>()),
                        std::abs(bottom[1].get<double>() - baseline["reference_bottom2"][1].get<double>())) / lmax
            << "\n";
  const auto median = [](const nlohmann::json& runs) { return spread(runs, "seconds").median; };
  const double data_set = median(baseline["power_iteration"]), single = median(baseline["power_iteration_single_batch"]);
  std::cout << "\ntop-5 speed-up over PyHessian's power iteration (medians): " << data_set / median(ours["float32"]["top5"])
            << "x (data-set products), " << single / median(ours["float32"]["top5"]) << "x (single batch); one pass: "
            << data_set / median(ours["float32"]["top5_single_pass"]) << "x, " << single / median(ours["float32"]["top5_single_pass"])
            << "x; error ratio (PyHessian / landscape): " << max_rel_error(baseline["power_iteration"]) / max_rel_error(ours["float32"]["top5"])
            << "x\n";
  const auto mean_stderr = [](const nlohmann::json& runs) {
    double sum = 0;
    for (const auto& r : runs) sum += r["stderr"].get<double>();
    return sum / static_cast<double>(runs.size());
  };
  const auto values = [](const nlohmann::json& runs) {
    std::ostringstream o;
    o << std::setprecision(4);
    for (const auto& r : runs) o << (o.tellp() > 0 ? ", " : "") << r["value"].get<double>();
    return o.str();
  };
  std::cout << "trace, seeds 0..4 (median seconds, mean standard error):\n";
  for (const std::string mode : {"", "_single_batch"}) {
    const auto& hutch = baseline["hutchinson" + mode];
    const auto p = spread(hutch, "hvps");
    std::cout << "  PyHessian Hutchinson (" << (mode.empty() ? "data-set products" : "single batch") << "): " << values(hutch)
              << "; +- " << mean_stderr(hutch) << " in " << median(hutch) << " s (" << p.low << "-" << p.high << " HVPs)\n";
  }
  for (const char* key : {"trace30", "trace99"}) {
    const auto& r = ours["float32"][key];
    std::cout << "  landscape Hutch++ (" << r[0]["hvps"].get<int>() << " HVPs): " << values(r) << "; +- " << mean_stderr(r) << " in "
              << median(r) << " s: " << median(baseline["hutchinson"]) / median(r) << "x, "
              << median(baseline["hutchinson_single_batch"]) / median(r) << "x the speed; "
              << mean_stderr(baseline["hutchinson"]) / mean_stderr(r) << "x smaller standard error\n";
  }
  const auto seconds = [](const nlohmann::json& r) { return r["seconds"].get<double>(); };
  std::cout << "density (SLQ, 1 probe, 100 steps): landscape " << seconds(ours["float32"]["density"]) << " s; PyHessian "
            << seconds(baseline["slq"]) << " s (data-set products), " << seconds(baseline["slq_single_batch"])
            << " s (single batch); ratios " << seconds(baseline["slq"]) / seconds(ours["float32"]["density"]) << "x, "
            << seconds(baseline["slq_single_batch"]) / seconds(ours["float32"]["density"]) << "x\n";
  std::cout << "\n" << nlohmann::json({{"landscape", ours}, {"pyhessian", baseline}}).dump() << std::endl;
  fs::remove_all(scratch);
  return 0;
}
