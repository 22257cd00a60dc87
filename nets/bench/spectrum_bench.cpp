// bench-spectrum: the top-5 Hessian eigenvalues, the trace and the density of an MLP 784-64-10
// trained on 2,000 Fashion-MNIST images, by `landscape spectrum`'s algorithms (Lanczos with full
// reorthogonalization and explicit residuals, Hutch++, SLQ) against PyHessian's (Yao et al. 2020:
// power iteration with deflation at relative tolerance 1e-3, Hutchinson to relative tolerance 1e-3,
// SLQ with 100 steps) written out in plain Python torch (python_hessian_baseline.py), on the same
// weights and data, the same number of threads, in one run. The accuracy reference is ARPACK
// (scipy's eigsh) on float64 Hessian-vector products.
//
// usage: bench-spectrum [--threads N] [--python PATH] [--epochs E]
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
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

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

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
    const an::LinearOperator op = [&h](const std::vector<double>& x, std::vector<double>& y) {
      h.apply(nn::CurvatureKind::Hessian, x, y);
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
    an::ExtremeOptions e;
    e.top = 5;
    e.tolerance = dtype == "float32" ? 1e-4 : 1e-7;
    auto t = Clock::now();
    const auto top = an::extreme_eigenvalues(op, n, e);
    ours[dtype]["top5"] = {{"values", top.top}, {"seconds", seconds_since(t)}, {"hvps", top.matvecs},
                           {"converged", top.converged}, {"residuals", top.top_residuals}};
    e.check_multiplicity = false;
    t = Clock::now();
    const auto once = an::extreme_eigenvalues(op, n, e);
    ours[dtype]["top5_single_pass"] = {{"values", once.top}, {"seconds", seconds_since(t)}, {"hvps", once.matvecs}};
    if (dtype == "float64") {  // and the two smallest, against ARPACK's
      e.top = 0, e.bottom = 2, e.check_multiplicity = true;
      const auto bottom = an::extreme_eigenvalues(op, n, e);
      ours[dtype]["bottom2"] = {{"values", bottom.bottom}, {"hvps", bottom.matvecs}, {"residuals", bottom.bottom_residuals}};
      continue;
    }
    for (int products : {99, 30}) {  // the default, and about PyHessian's budget here
      an::TraceOptions to;
      to.matvecs = products;
      t = Clock::now();
      const auto tr = an::trace_estimate(op, n, to);
      ours[dtype]["trace" + std::to_string(products)] = {{"value", tr.value}, {"stderr", tr.standard_error},
                                                        {"seconds", seconds_since(t)}, {"hvps", tr.matvecs}};
    }
    an::DensityOptions d;
    d.probes = 1;
    d.steps = 100;
    t = Clock::now();
    const auto dens = an::spectral_density(op, n, d);
    ours[dtype]["density"] = {{"seconds", seconds_since(t)}, {"hvps", dens.matvecs}};
  }
  const auto baseline = nlohmann::json::parse(landscape::bench::capture(
      python + " " + LANDSCAPE_SOURCE_DIR + "/nets/bench/python_hessian_baseline.py " + exported + " --threads " +
      std::to_string(threads)));
  const auto& ref = baseline["reference_top5"];
  auto max_rel_error = [&ref](const nlohmann::json& values) {
    double worst = 0;
    for (std::size_t i = 0; i < 5; ++i)
      worst = std::max(worst, std::abs(values[i].get<double>() - ref[i].get<double>()) / std::abs(ref[i].get<double>()));
    return worst;
  };
  std::cout << std::setprecision(4);
  std::cout << "reference (ARPACK eigsh, float64): top 5 =";
  for (const auto& v : ref) std::cout << " " << v.get<double>();
  std::cout << "\n";
  std::cout << "one Hessian-vector product (median of 15): landscape " << ours["float32"]["hvp_seconds"].get<double>() * 1e3
            << " ms (float32), " << ours["float64"]["hvp_seconds"].get<double>() * 1e3 << " ms (float64); Python torch "
            << baseline["hvp_seconds"].get<double>() * 1e3 << " ms (float32)\n";
  std::cout << "\n" << std::left << std::setw(60) << "top-5 eigenvalues" << std::setw(10) << "seconds" << std::setw(8)
            << "HVPs" << "max relative error\n";
  auto row = [&](const std::string& name, const nlohmann::json& r) {
    std::cout << std::setw(60) << name << std::setw(10) << r["seconds"].get<double>() << std::setw(8) << r["hvps"].get<int>()
              << max_rel_error(r["values"]) << "\n";
  };
  row("PyHessian power iteration (float32, tol 1e-3)", baseline["power_iteration"]);
  row("landscape Lanczos (float32, tol 1e-4, multiplicity check)", ours["float32"]["top5"]);
  row("landscape Lanczos (float32, tol 1e-4, one pass)", ours["float32"]["top5_single_pass"]);
  row("landscape Lanczos (float64, tol 1e-7, multiplicity check)", ours["float64"]["top5"]);
  const auto& bottom = ours["float64"]["bottom2"]["values"];
  const double lmax = ref[0].get<double>();
  std::cout << "bottom 2 (float64, tol 1e-7): landscape " << bottom[0].get<double>() << ", " << bottom[1].get<double>()
            << "; ARPACK " << baseline["reference_bottom2"][0].get<double>() << ", " << baseline["reference_bottom2"][1].get<double>()
            << "; largest difference / lambda_max "
            << std::max(std::abs(bottom[0].get<double>() - baseline["reference_bottom2"][0].get<double>()),
                        std::abs(bottom[1].get<double>() - baseline["reference_bottom2"][1].get<double>())) / lmax
            << "\n";
  const double speedup = baseline["power_iteration"]["seconds"].get<double>() / ours["float32"]["top5"]["seconds"].get<double>();
  const double accuracy = max_rel_error(baseline["power_iteration"]["values"]) / max_rel_error(ours["float32"]["top5"]["values"]);
  std::cout << "\ntop-5 speed-up over PyHessian's power iteration: " << speedup << "x (one pass: "
            << baseline["power_iteration"]["seconds"].get<double>() / ours["float32"]["top5_single_pass"]["seconds"].get<double>()
            << "x); error ratio (PyHessian / landscape): " << accuracy << "x\n";
  const auto& hutch = baseline["hutchinson"];
  std::cout << "trace: PyHessian Hutchinson " << hutch["value"].get<double>() << " +- " << hutch["stderr"].get<double>()
            << " in " << hutch["seconds"].get<double>() << " s (" << hutch["hvps"].get<int>() << " HVPs)\n";
  for (const char* key : {"trace30", "trace99"}) {
    const auto& r = ours["float32"][key];
    std::cout << "       landscape Hutch++ " << r["value"].get<double>() << " +- " << r["stderr"].get<double>() << " in "
              << r["seconds"].get<double>() << " s (" << r["hvps"].get<int>() << " HVPs): "
              << hutch["seconds"].get<double>() / r["seconds"].get<double>() << "x the speed, "
              << hutch["stderr"].get<double>() / r["stderr"].get<double>() << "x smaller standard error\n";
  }
  std::cout << "density (SLQ, 1 probe, 100 steps): PyHessian " << baseline["slq"]["seconds"].get<double>() << " s, landscape "
            << ours["float32"]["density"]["seconds"].get<double>() << " s; ratio "
            << baseline["slq"]["seconds"].get<double>() / ours["float32"]["density"]["seconds"].get<double>() << "x\n";
  std::cout << "\n" << nlohmann::json({{"landscape", ours}, {"pyhessian", baseline}}).dump() << std::endl;
  fs::remove_all(scratch);
  return 0;
}
